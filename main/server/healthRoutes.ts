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
  /** The team server's database: healthy only while it answers. */
  database?: { status(): Promise<{ ok: boolean; detail?: string }> };
}

export function healthRoutes({ config, keys, sessions, memory, rateLimits, database }: HealthDeps): Router {
  const r = Router();
  const started = Date.now();
  r.get('/', (_req, res) => {
    res.json({ status: 'ok', service: 'memoryos-mcp', version: VERSION, mcp_endpoint: '/mcp' });
  });
  r.get('/health', async (_req, res) => {
    const store = memory.status();
    // A team server is healthy only while its database answers (a load balancer then skips it).
    const db = database ? await database.status() : null;
    const ok = store.ok && (db?.ok ?? true);
    res.status(ok ? 200 : 503).json({
      status: ok ? 'healthy' : 'degraded',
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
      ...(db ? { database: { ok: db.ok, ...(db.detail ? { detail: db.detail } : {}) } } : {}),
    });
  });
  return r;
}
