// The tray menu as data, for each state of the app; main/electron renders it and sends the clicks back.
import { shortError } from './errorDialog.js';
import type { UpdateView } from './updates.js';

export type AppState =
  | { kind: 'starting' }
  | { kind: 'running'; address: string }
  | { kind: 'paused' }
  | { kind: 'error'; message: string }
  | { kind: 'stopping' };

export type TrayAction =
  | 'open-dashboard'
  | 'copy-connection'
  | 'pause'
  | 'resume'
  | 'toggle-start-at-login'
  | 'check-updates'
  | 'install-update'
  | 'quit';

export type TrayItem =
  | { type: 'label'; label: string }
  | { type: 'separator' }
  | { type: 'action'; id: TrayAction; label: string; enabled: boolean }
  | { type: 'checkbox'; id: TrayAction; label: string; checked: boolean };

export interface TrayView {
  state: AppState;
  openSessions: number;
  /** null where the platform offers no login item: the entry is not shown. */
  startAtLogin: boolean | null;
  updates: UpdateView;
}

export function statusLine(state: AppState, openSessions: number): string {
  switch (state.kind) {
    case 'starting':
      return 'Starting…';
    case 'running':
      return `Running at ${state.address} · ${openSessions} open session${openSessions === 1 ? '' : 's'}`;
    case 'paused':
      return 'Paused: clients cannot connect';
    case 'error':
      return `Error: ${shortError(state.message)}`;
    case 'stopping':
      return 'Stopping…';
  }
}

const action = (id: TrayAction, label: string, enabled = true): TrayItem => ({ type: 'action', id, label, enabled });

function serverItem(state: AppState): TrayItem {
  switch (state.kind) {
    case 'running':
      return action('pause', 'Pause server');
    case 'paused':
      return action('resume', 'Resume server');
    case 'error':
      return action('resume', 'Try again');
    default:
      return action('pause', 'Pause server', false);
  }
}

function updateItem(u: UpdateView): TrayItem {
  if (u.state.kind === 'ready') return action('install-update', `Restart to install ${u.state.version}`);
  if (u.state.kind === 'unsupported') return { type: 'label', label: u.summary };
  return action('check-updates', 'Check for updates…', u.canCheck);
}

export function trayMenu(v: TrayView): TrayItem[] {
  const running = v.state.kind === 'running';
  const items: TrayItem[] = [
    { type: 'label', label: statusLine(v.state, v.openSessions) },
    { type: 'separator' },
    action('open-dashboard', 'Open dashboard'),
    action('copy-connection', 'Copy connection details', running),
    serverItem(v.state),
  ];
  if (v.startAtLogin !== null)
    items.push({ type: 'checkbox', id: 'toggle-start-at-login', label: 'Start at login', checked: v.startAtLogin });
  items.push({ type: 'separator' });
  if (v.updates.state.kind !== 'unsupported') items.push({ type: 'label', label: v.updates.summary });
  items.push(updateItem(v.updates));
  items.push({ type: 'separator' }, action('quit', 'Quit MemoryOS'));
  return items;
}

/** The clipboard text of "Copy connection details". */
export function connectionDetails(address: string): string {
  return `MCP endpoint: ${address}/mcp\nHeader: X-API-Key: <a key from the dashboard's API keys screen>`;
}
