// IPC wiring: every request is validated with the dashboard contract (dispatch) before the same
// handlers the headless server uses run; only our own window may call.
import { ipcMain, type WebContents } from 'electron';
import { AppError } from '../errors.js';
import { errorBody } from '../httpErrors.js';
import { dispatch, type DashboardHandlers } from '../api/handlers.js';

export function wireDashboardIpc(handlers: () => DashboardHandlers, trusted: () => WebContents | null): void {
  ipcMain.handle('dashboard:invoke', async (event, channel: unknown, request: unknown) => {
    if (event.sender !== trusted()) return { ok: false, error: 'forbidden', message: 'not the dashboard window' };
    try {
      return { ok: true, value: await dispatch(handlers(), String(channel), request) };
    } catch (err) {
      return err instanceof AppError
        ? { ok: false, ...errorBody(err) }
        : { ok: false, error: 'internal_error', message: 'the request failed; see the log' };
    }
  });
}
