// Per-key sliding-window rate limiting with IETF RateLimit headers on every limited response and
// Retry-After on 429. Defaults change at run time; a key may carry its own limit. Each JSON-RPC
// message costs one unit, so a batch of 60 calls spends 60. Limits are scoped: MCP traffic and the
// dashboard's own API count in separate windows, so an open dashboard never spends a key's MCP budget.
import type { Request, RequestHandler } from 'express';
import type { RateLimitSettings } from '../../shared/config.js';
import type { RateLimitOverride } from '../../shared/admin.js';
import { sendError } from '../httpErrors.js';
import type { RateLimitControl } from '../ports.js';
import { keyOf } from './auth.js';
import type { WindowStore } from './slidingWindow.js';

export class RateLimits implements RateLimitControl {
  constructor(private current: RateLimitSettings) {}
  defaults(): RateLimitSettings {
    return { ...this.current };
  }
  setDefaults(next: RateLimitSettings): void {
    this.current = { ...next };
  }
}

export interface RateLimitOptions {
  /** Names the window: keys are limited separately per scope ("mcp", "dashboard"). */
  scope: string;
  /** The limit of a key in this scope. */
  limitFor: (keyName: string) => RateLimitSettings;
  store: WindowStore;
  /** Units a request spends; default 1. */
  cost?: (req: Request) => number;
  now?: () => number;
  onLimited?: (keyName: string) => void;
}

/** The MCP limit of a key: its own override, else the current default. */
export function mcpLimit(
  control: RateLimitControl,
  overrideFor: (keyName: string) => RateLimitOverride | null,
): (keyName: string) => RateLimitSettings {
  return (name) => overrideFor(name) ?? control.defaults();
}

/** JSON-RPC messages in a parsed body: each element of a batch, else one. */
export function messageCount(req: Request): number {
  return Array.isArray(req.body) ? Math.max(1, req.body.length) : 1;
}

export function rateLimit(opts: RateLimitOptions): RequestHandler {
  const now = opts.now ?? Date.now;
  return async (req, res, next) => {
    const key = keyOf(req);
    const limit = opts.limitFor(key.name);
    const windowMs = limit.windowSeconds * 1000;
    const cost = Math.max(1, opts.cost?.(req) ?? 1);
    const id = `${opts.scope}:${key.name}`;
    const t = now();
    // A request that costs more than what is left is refused whole: no message of it runs.
    const state = await opts.store.hit(id, limit.requests, windowMs, t, cost);
    const resetSeconds = Math.ceil(state.resetMs / 1000);
    res.setHeader('RateLimit-Limit', String(limit.requests));
    res.setHeader('RateLimit-Remaining', String(state.remaining));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    res.setHeader('RateLimit-Policy', `${limit.requests};w=${limit.windowSeconds}`);
    if (state.allowed) return next();
    opts.onLimited?.(key.name);
    res.setHeader('Retry-After', String(Math.max(1, resetSeconds)));
    const what = cost > 1 ? `this batch of ${cost} messages exceeds what is left of the` : 'rate limit reached:';
    sendError(
      res,
      429,
      'rate_limited',
      `${what} ${limit.requests} requests per ${limit.windowSeconds} s for this key; retry in ${Math.max(1, resetSeconds)} s`,
    );
  };
}
