// POST /admin/api/:channel — the dashboard contract over HTTP, for admin keys only (the router is
// mounted behind the server's auth and the dashboard's own rate limit).
import express, { Router } from 'express';
import { keyOf, requireAdmin } from '../security/auth.js';
import type { DashboardHandlers } from './handlers.js';
import { invoke, type ErrorLog } from './invoke.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function adminApiRouter(handlers: DashboardHandlers, maxBodyBytes: number, log: ErrorLog): Router {
  const r = Router();
  r.use(requireAdmin());
  r.post(
    '/:channel',
    express.json({
      limit: Math.max(maxBodyBytes, 50 * 1024 * 1024),
      type: () => true,
      verify: (_req, _res, buf) => void utf8.decode(buf),
    }),
    async (req, res) => {
      const r = await invoke(() => handlers, String(req.params.channel), req.body, log, { key: keyOf(req) });
      if (r.ok) res.json(r.value);
      else {
        const { ok: _ok, status, ...body } = r;
        res.status(status).json(body);
      }
    },
  );
  return r;
}
