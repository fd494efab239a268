// GET / (basic) and GET /health (detailed): public, and never a secret.
import { Router } from 'express';
import type { ServerConfig } from '../../shared/config.js';
import type { MemoryService } from '../memory/types.js';
import type { KeyStore, RateLimitControl, SessionRegistry } from '../ports.js';
import { VERSION } from '../version.js';

export interface HealthDeps {
  config: ServerConfig;
  keys: Pick<KeyStore, 'count'>;
  sessions: Pick<SessionRegistry, 'count'>;
  memory: Pick<MemoryService, 'status'>;
  rateLimits: RateLimitControl;
}

export function healthRoutes({ config, keys, sessions, memory, rateLimits }: HealthDeps): Router {
  const r = Router();
  const started = Date.now();
  r.get('/', (_req, res) => {
    res.json({ status: 'ok', service: 'memoryos-mcp', version: VERSION, mcp_endpoint: '/mcp' });
  });
  r.get('/health', (_req, res) => {
    const store = memory.status();
    res.status(store.ok ? 200 : 503).json({
      status: store.ok ? 'healthy' : 'degraded',
      version: VERSION,
      uptime_seconds: Math.round((Date.now() - started) / 1000),
      server_mode: config.serverMode,
      auth_enabled: !config.disableAuth,
      key_count: keys.count(),
      rate_limit: { requests: rateLimits.defaults().requests, window_seconds: rateLimits.defaults().windowSeconds },
      cors: {
        enabled: config.cors.enabled,
        allowed_origins: config.cors.allowedOrigins.length ? config.cors.allowedOrigins : ['loopback'],
      },
      require_https: config.requireHttps,
      trusted_hosts: config.trustedHosts.length ? config.trustedHosts : ['default'],
      active_sessions: sessions.count(),
      store: { ok: store.ok, users_open: store.users_open, ...(store.detail ? { detail: store.detail } : {}) },
    });
  });
  return r;
}
