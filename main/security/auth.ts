// API-key authentication: `X-API-Key: KEY` or `Authorization: Bearer KEY`. The user is the key's
// name, always: nothing else a client sends (X-User-ID, tool arguments) selects whose memory it is.
// Failed attempts are throttled per client address, so keys cannot be guessed by brute force.
import type { RequestHandler } from 'express';
import { sendError } from '../httpErrors.js';
import type { AuthenticatedKey, KeyStore } from '../ports.js';
import type { WindowStore } from './slidingWindow.js';

export interface AuthOptions {
  keys: KeyStore;
  disabled: boolean;
  failures: WindowStore;
  failureLimit: number;
  failureWindowMs: number;
  now?: () => number;
  onFailure?: () => void;
}

export const DEV_USER: AuthenticatedKey = { name: 'default', admin: true };

export function presentedKey(headers: Record<string, string | string[] | undefined>): string | null {
  const x = headers['x-api-key'];
  if (typeof x === 'string' && x.trim() !== '') return x.trim();
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1]!.trim();
  }
  return null;
}

export function authenticate(opts: AuthOptions): RequestHandler {
  const now = opts.now ?? Date.now;
  return (req, res, next) => {
    if (opts.disabled) {
      res.locals.key = DEV_USER;
      return next();
    }
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const budget = opts.failures.peek(address, opts.failureLimit, opts.failureWindowMs, now());
    if (!budget.allowed) {
      opts.onFailure?.();
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(budget.resetMs / 1000))));
      return sendError(
        res,
        429,
        'too_many_failed_attempts',
        'too many failed authentication attempts from this address; wait before trying again',
      );
    }
    const key = presentedKey(req.headers);
    const found = key ? opts.keys.verify(key) : null;
    if (found) {
      res.locals.key = found;
      return next();
    }
    opts.failures.hit(address, opts.failureLimit, opts.failureWindowMs, now());
    opts.onFailure?.();
    res.setHeader(
      'WWW-Authenticate',
      key ? 'Bearer realm="memoryos", error="invalid_token"' : 'Bearer realm="memoryos"',
    );
    if (!key)
      sendError(
        res,
        401,
        'missing_api_key',
        'an API key is required: send it as "X-API-Key: KEY" or "Authorization: Bearer KEY"',
      );
    else sendError(res, 401, 'invalid_api_key', 'the API key is not valid (unknown or revoked)');
  };
}

export function requireAdmin(): RequestHandler {
  return (_req, res, next) => {
    if ((res.locals.key as AuthenticatedKey | undefined)?.admin) return next();
    sendError(
      res,
      403,
      'admin_required',
      'this needs an admin key (MCP_API_KEY, the generated key, or a key marked admin)',
    );
  };
}
