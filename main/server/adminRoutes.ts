// GET /admin/sessions and /admin/stats. An admin key sees everything; any other key only its own.
import { Router, type RequestHandler } from 'express';
import type { AuthenticatedKey } from '../ports.js';
import { keyOf } from '../security/auth.js';
import type { Sessions } from './sessions.js';
import type { Stats } from './stats.js';

export function adminRoutes({
  sessions,
  stats,
  protect,
}: {
  sessions: Sessions;
  stats: Stats;
  protect: RequestHandler[];
}): Router {
  const r = Router();
  const scope = (key: AuthenticatedKey) => (key.admin ? undefined : key.name);
  r.get('/sessions', ...protect, (req, res) => {
    const list = sessions.list(scope(keyOf(req)));
    res.json({ active_sessions: list.length, sessions: list });
  });
  r.get('/stats', ...protect, async (req, res) => {
    res.json(await stats.snapshot(scope(keyOf(req))));
  });
  return r;
}
