// One call of the dashboard contract as both transports answer it: a value, or a refusal with its
// code and sentence. A failure nobody foresaw is logged here, where the reply says "see the log",
// with what is needed to find it (never the request body: it may hold memories or keys).
import type { ApiErrorBody } from '../../shared/dashboard.js';
import { AppError } from '../errors.js';
import { errorBody, HTTP_STATUS } from '../httpErrors.js';
import { dispatch, LOCAL_OWNER, type Caller, type DashboardHandlers } from './handlers.js';

export type Invoked = { ok: true; value: unknown } | ({ ok: false; status: number } & ApiErrorBody);

export type ErrorLog = (level: 'error', msg: string, fields: Record<string, unknown>) => void;

/** `handlers` is read at call time: in the app it refuses while the server is paused or starting. */
export async function invoke(
  handlers: () => DashboardHandlers,
  channel: string,
  request: unknown,
  log: ErrorLog,
  /** The signed-in key over HTTP; the machine's owner over IPC. */
  caller: Caller = LOCAL_OWNER,
): Promise<Invoked> {
  try {
    return { ok: true, value: await dispatch(handlers(), channel, request, caller) };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, status: HTTP_STATUS[err.code], ...errorBody(err) };
    log('error', 'dashboard request failed', {
      channel: channel.slice(0, 100),
      error: (err as Error)?.message ?? String(err),
      stack: (err as Error)?.stack?.split('\n').slice(0, 6).join(' | '),
    });
    return {
      ok: false,
      status: 500,
      error: 'internal_error',
      message: 'The request failed on the server and nothing was changed. The server log says why.',
    };
  }
}
