// Update decisions, apart from electron-updater (main/electron/updater.ts adapts it): when to check,
// what the person sees, and what a failed check means. The feed is the GitHub releases the release
// workflow publishes (latest.yml, latest-mac.yml, latest-linux.yml; electron-builder.yml `publish`).
import type { UpdateStatus } from '../../shared/dashboard.js';

/** What the app needs from an updater. */
export interface UpdaterPort {
  /** The newest published version, or null when the feed has nothing newer than this one. */
  check(): Promise<{ version: string } | null>;
  /** Downloads the update found by the last check. */
  download(): Promise<void>;
  /** Quits and installs the downloaded update (call after the server has stopped). */
  install(): void;
}

export type UpdateState =
  | { kind: 'unsupported'; reason: string }
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'current'; checkedAt: number }
  | { kind: 'downloading'; version: string }
  | { kind: 'ready'; version: string }
  | { kind: 'failed'; message: string; offline: boolean };

export interface UpdateView {
  current: string;
  state: UpdateState;
  /** One line for the tray and the Settings screen. */
  summary: string;
  /** Whether a check may be started now. */
  canCheck: boolean;
}

/** Signs of no network: Node's error codes, and Chromium's net errors as electron-updater reports them. */
const OFFLINE_SIGNS = [
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'fetch failed',
  'net::ERR_INTERNET_DISCONNECTED',
  'net::ERR_NAME_NOT_RESOLVED',
  'net::ERR_NETWORK_CHANGED',
  'net::ERR_CONNECTION_',
  'net::ERR_ADDRESS_UNREACHABLE',
  'net::ERR_PROXY_CONNECTION_FAILED',
];

export function isOffline(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    const text = `${typeof code === 'string' ? code : ''} ${(e as Error).message ?? ''}`;
    if (OFFLINE_SIGNS.some((sign) => text.includes(sign))) return true;
  }
  return false;
}

export function summary(current: string, s: UpdateState): string {
  switch (s.kind) {
    case 'unsupported':
      return `Version ${current} · ${s.reason}`;
    case 'idle':
      return `Version ${current}`;
    case 'checking':
      return `Version ${current} · checking for updates…`;
    case 'current':
      return `Version ${current} · up to date`;
    case 'downloading':
      return `Version ${current} · downloading ${s.version}…`;
    case 'ready':
      return `Version ${current} · ${s.version} is ready to install`;
    case 'failed':
      return s.offline
        ? `Version ${current} · could not check for updates (offline?)`
        : `Version ${current} · update check failed: ${s.message}`;
  }
}

/** The dashboard's view of it (shared/dashboard.ts updateStatusSchema). */
export function updateStatus(v: UpdateView): UpdateStatus {
  const s = v.state;
  return {
    current: v.current,
    supported: s.kind !== 'unsupported',
    available: s.kind === 'downloading' || s.kind === 'ready' ? s.version : null,
    summary: v.summary,
    canCheck: v.canCheck,
  };
}

export class UpdateChecker {
  private state: UpdateState;
  private running: Promise<void> | null = null;

  constructor(
    private readonly port: UpdaterPort | null,
    private readonly current: string,
    private readonly onChange: () => void = () => {},
    unsupportedReason = 'updates come with installed builds',
  ) {
    this.state = port ? { kind: 'idle' } : { kind: 'unsupported', reason: unsupportedReason };
  }

  view(): UpdateView {
    const busy = this.state.kind === 'checking' || this.state.kind === 'downloading';
    return {
      current: this.current,
      state: this.state,
      summary: summary(this.current, this.state),
      canCheck: Boolean(this.port) && !busy && this.state.kind !== 'ready',
    };
  }

  /** The check at start: only when the person left it on. A failure stays a quiet line in the tray. */
  async checkAtStart(enabled: boolean): Promise<void> {
    if (enabled) await this.check();
  }

  /** One check at a time; a newer version is downloaded at once and offered as "Restart to install". */
  check(): Promise<void> {
    if (!this.port || !this.view().canCheck) return this.running ?? Promise.resolve();
    this.running = this.run(this.port).finally(() => (this.running = null));
    return this.running;
  }

  install(): void {
    if (this.state.kind === 'ready') this.port?.install();
  }

  private async run(port: UpdaterPort): Promise<void> {
    this.set({ kind: 'checking' });
    try {
      const found = await port.check();
      if (!found || found.version === this.current) return this.set({ kind: 'current', checkedAt: Date.now() });
      this.set({ kind: 'downloading', version: found.version });
      await port.download();
      this.set({ kind: 'ready', version: found.version });
    } catch (err) {
      this.set({ kind: 'failed', message: (err as Error)?.message ?? String(err), offline: isOffline(err) });
    }
  }

  private set(s: UpdateState): void {
    this.state = s;
    this.onChange();
  }
}
