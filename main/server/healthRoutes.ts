// GET / (basic) and GET /health (detailed): public, and never a secret.
import { Router } from 'express';
import type { AppDeps } from './app.js';
import { VERSION } from '../version.js';

export function healthRoutes({ config, keys, sessions, memory }: AppDeps): Router {
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
      rate_limit: { requests: config.rateLimit.requests, window_seconds: config.rateLimit.windowSeconds },
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
