// API-key authentication: `X-API-Key: KEY` or `Authorization: Bearer KEY`. The user is the key's
// name, always: nothing else a client sends (X-User-ID, tool arguments) selects whose memory it is.
//
// Failures are throttled to stop guessing and retry loops, never to refuse a valid key: a request
// that presents a valid key is served whatever other requests from its address did (on a desktop
// every client is 127.0.0.1). An invalid key is counted against itself (a script retrying a revoked
// key backs off) and against its address (guessing many keys); a request with no key at all is
// refused with 401 and counted nowhere, so a web page firing requests at the port cannot lock
// anyone out.
import { createHash } from 'node:crypto';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Request, RequestHandler, Response } from 'express';
import { sendError } from '../httpErrors.js';
import type { AuthenticatedKey, KeyStore } from '../ports.js';
import type { WindowStore } from './slidingWindow.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The key this request authenticated with (set by `authenticate`). */
    key?: AuthenticatedKey;
    /** The same identity in the MCP SDK's shape; its transport hands it to tools as `extra.authInfo`. */
    auth?: AuthInfo;
  }
}

export interface AuthOptions {
  keys: KeyStore;
  disabled: boolean;
  failures: WindowStore;
  failureLimit: number;
  failureWindowMs: number;
  now?: () => number;
  /** A wrong key was presented (not a missing one). */
  onFailure?: () => void;
  /** Count a valid key's request as its use (false for the dashboard's own calls). Default true. */
  recordUse?: boolean;
}

const DEV_USER: AuthenticatedKey = { name: 'default', admin: true };

function presentedKey(headers: Record<string, string | string[] | undefined>): string | null {
  const x = headers['x-api-key'];
  if (typeof x === 'string' && x.trim() !== '') return x.trim();
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (m) return m[1]!.trim();
  }
  return null;
}

/** The SDK's AuthInfo for a key. The raw key is not kept past authentication, so `token` is empty. */
function authInfoOf(key: AuthenticatedKey): AuthInfo {
  return { token: '', clientId: key.name, scopes: key.admin ? ['memory', 'admin'] : ['memory'], extra: { ...key } };
}

/** The authenticated key of a request that passed `authenticate`. */
export function keyOf(req: Request): AuthenticatedKey {
  if (!req.key) throw new Error('keyOf() called on a route without authenticate()');
  return req.key;
}

function accept(req: Request, key: AuthenticatedKey, next: () => void): void {
  req.key = key;
  req.auth = authInfoOf(key);
  next();
}

function tooMany(res: Response, resetMs: number, message: string): void {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(resetMs / 1000))));
  sendError(res, 429, 'too_many_failed_attempts', message);
}

export function authenticate(opts: AuthOptions): RequestHandler {
  const now = opts.now ?? Date.now;
  return async (req, res, next) => {
    if (opts.disabled) return accept(req, DEV_USER, next);
    const key = presentedKey(req.headers);
    if (!key) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="memoryos"');
      return sendError(
        res,
        401,
        'missing_api_key',
        'an API key is required: send it as "X-API-Key: KEY" or "Authorization: Bearer KEY"',
      );
    }
    const found = opts.keys.verify(key, opts.recordUse ?? true);
    if (found) return accept(req, found, next);

    opts.onFailure?.();
    const t = now();
    const { failureLimit: limit, failureWindowMs: windowMs } = opts;
    // Only a digest of the wrong key is kept, to recognise its retries.
    const credential = `key:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
    const address = `addr:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    const byKey = await opts.failures.hit(credential, limit, windowMs, t);
    if (!byKey.allowed)
      return tooMany(
        res,
        byKey.resetMs,
        'this API key was refused too many times (unknown or revoked); wait before retrying, and check the key',
      );
    const byAddress = await opts.failures.hit(address, limit, windowMs, t);
    if (!byAddress.allowed)
      return tooMany(
        res,
        byAddress.resetMs,
        'too many wrong API keys from this address; wait before trying again (valid keys are not affected)',
      );
    res.setHeader('WWW-Authenticate', 'Bearer realm="memoryos", error="invalid_token"');
    sendError(res, 401, 'invalid_api_key', 'the API key is not valid (unknown or revoked)');
  };
}

export function requireAdmin(): RequestHandler {
  return (req, res, next) => {
    if (req.key?.admin) return next();
    sendError(
      res,
      403,
      'admin_required',
      'this needs an admin key (MCP_API_KEY, the generated key, or a key marked admin)',
    );
  };
}
