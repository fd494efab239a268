// Per-key sliding-window rate limiting with IETF RateLimit headers on every limited response and
// Retry-After on 429. Defaults change at run time; a key may carry its own limit.
import type { RequestHandler } from 'express';
import type { RateLimitSettings } from '../../shared/config.js';
import type { RateLimitOverride } from '../../shared/admin.js';
import { sendError } from '../httpErrors.js';
import type { AuthenticatedKey, RateLimitControl } from '../ports.js';
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
  control: RateLimitControl;
  store: WindowStore;
  overrideFor: (keyName: string) => RateLimitOverride | null;
  now?: () => number;
  onLimited?: () => void;
}

export function rateLimit(opts: RateLimitOptions): RequestHandler {
  const now = opts.now ?? Date.now;
  return (_req, res, next) => {
    const key = res.locals.key as AuthenticatedKey;
    const limit = opts.overrideFor(key.name) ?? opts.control.defaults();
    const windowMs = limit.windowSeconds * 1000;
    const state = opts.store.hit(`key:${key.name}`, limit.requests, windowMs, now());
    const resetSeconds = Math.ceil(state.resetMs / 1000);
    res.setHeader('RateLimit-Limit', String(limit.requests));
    res.setHeader('RateLimit-Remaining', String(state.remaining));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    res.setHeader('RateLimit-Policy', `${limit.requests};w=${limit.windowSeconds}`);
    if (state.allowed) return next();
    opts.onLimited?.();
    res.setHeader('Retry-After', String(Math.max(1, resetSeconds)));
    sendError(
      res,
      429,
      'rate_limited',
      `rate limit reached: ${limit.requests} requests per ${limit.windowSeconds} s for this key; retry in ${Math.max(1, resetSeconds)} s`,
    );
  };
}
