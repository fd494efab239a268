// POST /admin/api/:channel — the dashboard contract over HTTP, for admin keys only (the router is
// mounted behind the server's auth and rate limiting).
import express, { Router } from 'express';
import { requireAdmin } from '../security/auth.js';
import { sendAppError } from '../httpErrors.js';
import { dispatch, type DashboardHandlers } from './handlers.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function adminApiRouter(handlers: DashboardHandlers, maxBodyBytes: number): Router {
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
      try {
        res.json(await dispatch(handlers, String(req.params.channel), req.body));
      } catch (err) {
        sendAppError(res, err);
      }
    },
  );
  return r;
}
