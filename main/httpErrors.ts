// The one place errors become responses: typed errors -> HTTP status, JSON-RPC code and a message
// a person understands. /mcp answers in JSON-RPC shape; other routes in {error, message}.
import type { Response } from 'express';
import type { ApiErrorBody } from '../shared/dashboard.js';
import { AppError, type ErrorCode } from './errors.js';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  storage: 503,
  forbidden: 403,
  unauthorized: 401,
  rate_limited: 429,
  too_large: 413,
};

const JSONRPC_CODE: Record<number, number> = {
  400: -32600,
  401: -32001,
  403: -32003,
  404: -32001,
  409: -32009,
  413: -32013,
  421: -32003,
  429: -32029,
  503: -32050,
};

function jsonRpcCodeFor(status: number): number {
  return JSONRPC_CODE[status] ?? (status >= 500 ? -32603 : -32000);
}

export function sendError(res: Response, status: number, code: string, message: string, jsonRpcCode?: number): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const isMcp = (res.req?.originalUrl ?? '').startsWith('/mcp');
  res.status(status);
  if (isMcp)
    res.json({
      jsonrpc: '2.0',
      id: null,
      error: { code: jsonRpcCode ?? jsonRpcCodeFor(status), message, data: { reason: code } },
    });
  else res.json({ error: code, message });
}

/** The body of a refusal outside /mcp: a code, a sentence, and each refused field's own sentence. */
export function errorBody(err: AppError): ApiErrorBody {
  const fields = err.details?.fields as Record<string, string> | undefined;
  return { error: err.code, message: err.message, ...(fields ? { fields } : {}) };
}
