// IPC wiring: only our own window may call; every request then goes through the same validated
// contract and handlers as the headless server's /admin/api (main/api/invoke.ts).
import { ipcMain, type WebContents } from 'electron';
import type { DashboardHandlers } from '../api/handlers.js';
import { invoke, type ErrorLog } from '../api/invoke.js';

export function wireDashboardIpc(
  handlers: () => DashboardHandlers,
  trusted: () => WebContents | null,
  log: ErrorLog,
): void {
  ipcMain.handle('dashboard:invoke', async (event, channel: unknown, request: unknown) => {
    if (event.sender !== trusted()) return { ok: false, error: 'forbidden', message: 'not the dashboard window' };
    const r = await invoke(handlers, String(channel), request, log);
    if (r.ok) return r;
    const { status: _status, ...refusal } = r;
    return refusal;
  });
}
