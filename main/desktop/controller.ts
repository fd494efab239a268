// The desktop app without Electron: its states (starting, running, paused, error, stopping), the
// server's start/pause/resume/restart and quit with draining, the tray menu for each state and what
// its clicks do. main/electron gives it a runtime factory (main/runtime.ts) and a Shell (the few
// things only Electron can do), renders its menu and forwards clicks; tests run it under Node.
import type { ServerConfig } from '../../shared/config.js';
import type { DashboardHandlers } from '../api/handlers.js';
import { AppError } from '../errors.js';
import { startErrorDialog, type ErrorDialog } from './errorDialog.js';
import type { LoginItem } from './loginItem.js';
import { connectionDetails, statusLine, trayMenu, type AppState, type TrayAction, type TrayItem } from './trayMenu.js';
import type { DesktopHooks } from '../ports.js';
import { updateStatus, type UpdateChecker } from './updates.js';

/** The side of main/runtime.ts's ServerRuntime the app uses. */
export interface DesktopRuntime {
  listen(): Promise<{ url: string }>;
  close(): Promise<void>;
  sessions: { count(): number };
  dashboard: DashboardHandlers;
}

export interface RuntimeHooks {
  /** Called by the dashboard after saving settings that need a restart. */
  onSettingsSaved: () => void;
  /** The dashboard's desktop extras: updates, opening the Claude Desktop bundle. */
  desktop: DesktopHooks;
}

export type RuntimeFactory = (config: ServerConfig, hooks: RuntimeHooks) => DesktopRuntime;

/** What only Electron can do. */
export interface Shell {
  openDashboard(): void;
  copyText(text: string): void;
  /** Opens a file with the OS's default app; throws a sentence when none can. */
  openPath(file: string): Promise<void>;
  showError(dialog: ErrorDialog): void;
  /** The state or menu changed: render the tray again. */
  refresh(): void;
  /** Leave the app (after the server has stopped). */
  exit(): void;
}

export interface ControllerDeps {
  /** The saved settings, validated; throws (a zod error) for a bad value. */
  loadConfig(): ServerConfig;
  settingsLocation: string;
  createRuntime: RuntimeFactory;
  shell: Shell;
  loginItem: LoginItem | null;
  updates: UpdateChecker;
}

export class DesktopController {
  private state: AppState = { kind: 'starting' };
  private runtime: DesktopRuntime | null = null;
  private lastDialog: ErrorDialog | null = null;
  private config: ServerConfig | null = null;
  /** Transitions run one after another: a click during a start waits for it. */
  private queue: Promise<void> = Promise.resolve();
  private quitting: Promise<void> | null = null;

  constructor(private readonly deps: ControllerDeps) {}

  /**
   * At app start: the server, and its error dialog if it failed. The update check the person allowed
   * then runs in the background; `updateCheck` settles when it is done.
   */
  async launch(): Promise<{ updateCheck: Promise<void> }> {
    await this.start();
    if (this.state.kind === 'error' && this.lastDialog) this.deps.shell.showError(this.lastDialog);
    return { updateCheck: this.deps.updates.checkAtStart(this.config?.checkForUpdates ?? true) };
  }

  current(): AppState {
    return this.state;
  }

  errorDialog(): ErrorDialog | null {
    return this.state.kind === 'error' ? this.lastDialog : null;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.bringUp());
  }

  pause(): Promise<void> {
    return this.enqueue(() => this.bringDown('paused'));
  }

  resume(): Promise<void> {
    return this.enqueue(async () => {
      if (this.state.kind === 'running') return;
      await this.bringDown('paused');
      await this.bringUp();
    });
  }

  /** After settings changed: the server comes back with the new values (or in error, saying why). */
  restart(): Promise<void> {
    return this.enqueue(async () => {
      if (this.quitting) return;
      await this.bringDown('paused');
      await this.bringUp();
    });
  }

  /** Stops accepting, lets requests in flight finish, closes the stores, then leaves. Once. */
  quit(): Promise<void> {
    this.quitting ??= this.enqueue(() => this.bringDown('stopping')).then(() => this.deps.shell.exit());
    return this.quitting;
  }

  hasStopped(): boolean {
    return this.quitting !== null && this.state.kind === 'stopping' && this.runtime === null;
  }

  /** The dashboard's handlers while a runtime exists (also after a failed listen, to fix the port). */
  handlers(): DashboardHandlers {
    if (this.runtime) return this.runtime.dashboard;
    const s = this.state;
    throw new AppError(
      'unavailable',
      s.kind === 'paused'
        ? 'The server is paused: choose Resume server in the tray menu.'
        : s.kind === 'error'
          ? `The server could not start: ${s.message}`
          : s.kind === 'stopping'
            ? 'MemoryOS is stopping.'
            : 'The server is starting; try again in a moment.',
    );
  }

  menu(): TrayItem[] {
    return trayMenu({
      state: this.state,
      openSessions: this.state.kind === 'running' ? (this.runtime?.sessions.count() ?? 0) : 0,
      startAtLogin: this.deps.loginItem ? this.deps.loginItem.enabled() : null,
      updates: this.deps.updates.view(),
    });
  }

  tooltip(): string {
    return `MemoryOS: ${statusLine(this.state, this.state.kind === 'running' ? (this.runtime?.sessions.count() ?? 0) : 0)}`;
  }

  async handle(action: TrayAction): Promise<void> {
    const { shell } = this.deps;
    switch (action) {
      case 'open-dashboard':
        return shell.openDashboard();
      case 'copy-connection':
        if (this.state.kind === 'running') shell.copyText(connectionDetails(this.state.address));
        return;
      case 'pause':
        return this.pause();
      case 'resume':
        return this.resume();
      case 'toggle-start-at-login':
        this.deps.loginItem?.set(!this.deps.loginItem.enabled());
        return shell.refresh();
      case 'check-updates':
        return this.deps.updates.check();
      case 'install-update':
        // The installer replaces the app: the server drains and the stores close first.
        await this.enqueue(() => this.bringDown('stopping'));
        this.quitting ??= Promise.resolve();
        return this.deps.updates.install();
      case 'quit':
        return this.quit();
    }
  }

  private readonly desktopHooks: DesktopHooks = {
    updates: () => updateStatus(this.deps.updates.view()),
    checkForUpdates: async () => {
      await this.deps.updates.check();
      return updateStatus(this.deps.updates.view());
    },
    openPath: (file) => this.deps.shell.openPath(file),
  };

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async bringUp(): Promise<void> {
    if (this.quitting) return;
    this.set({ kind: 'starting' });
    try {
      this.config = this.deps.loadConfig();
      const runtime = this.deps.createRuntime(this.config, {
        onSettingsSaved: () => void this.restart(),
        desktop: this.desktopHooks,
      });
      this.runtime = runtime;
      const { url } = await runtime.listen();
      this.lastDialog = null;
      this.set({ kind: 'running', address: url });
    } catch (err) {
      // A runtime that opened but could not listen stays, so the dashboard can change the port.
      this.lastDialog = startErrorDialog(err, this.deps.settingsLocation);
      this.set({ kind: 'error', message: this.lastDialog.message });
    }
  }

  private async bringDown(to: 'paused' | 'stopping'): Promise<void> {
    const r = this.runtime;
    this.runtime = null;
    if (r) {
      this.set({ kind: 'stopping' });
      await r.close();
    }
    this.set(to === 'paused' ? { kind: 'paused' } : { kind: 'stopping' });
  }

  private set(state: AppState): void {
    this.state = state;
    this.deps.shell.refresh();
  }
}
