// The express application: security middleware in front of everything, public health routes,
// then authenticated and rate-limited /mcp and /admin. Extra routers (the dashboard's /ui and
// /admin/api) mount through `mountExtra`.
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { ServerConfig } from '../../shared/config.js';
import { authenticate } from '../security/auth.js';
import { cors } from '../security/cors.js';
import { hostCheck, originCheck } from '../security/hostOrigin.js';
import { mcpLimit, messageCount, rateLimit } from '../security/rateLimit.js';
import { requireHttps } from '../security/requireHttps.js';
import { securityHeaders } from '../security/securityHeaders.js';
import type { MemoryService } from '../memory/types.js';
import type { RateLimitControl, ServingKeyStore } from '../ports.js';
import { MemoryWindowStore, type WindowStore } from '../security/slidingWindow.js';
import { AppError } from '../errors.js';
import { adminRoutes } from './adminRoutes.js';
import { HTTP_STATUS, sendError } from '../httpErrors.js';
import { healthRoutes } from './healthRoutes.js';
import type { LogFn } from './logger.js';
import { mcpRoutes } from './mcpRoute.js';
import { refuseLoneSurrogates } from '../security/wellFormedText.js';
import type { Sessions } from './sessions.js';
import type { Stats } from './stats.js';

/**
 * The dashboard's API has its own generous limit per key, apart from the MCP limit: an open
 * dashboard polling every few seconds must never spend its key's MCP budget.
 */
const DASHBOARD_RATE_LIMIT = { requests: 1200, windowSeconds: 60 };

export interface AppDeps {
  config: ServerConfig;
  keys: ServingKeyStore;
  sessions: Sessions;
  stats: Stats;
  rateLimits: RateLimitControl;
  memory: MemoryService;
  log: LogFn;
  /** Rate-limit windows and the auth-failure throttle, shared by replicas; default: this process's memory. */
  windows?: WindowStore;
  /** The team server's database, for /health. */
  database?: { status(): Promise<{ ok: boolean; detail?: string }> };
}

export interface AppParts {
  app: Express;
  /** Auth and the dashboard's own rate limit, for the dashboard's API (never the MCP limit). */
  dashboardProtect: express.RequestHandler[];
  mountExtra: (path: string, router: Router) => void;
  finish: () => void;
}

export function createApp(deps: AppDeps): AppParts {
  const { config, keys, sessions, stats, rateLimits, memory, log } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy.length > 0 ? config.trustProxy : false);

  app.use((req, res, next) => {
    const started = performance.now();
    // Routers rewrite req.path on the way in; the path as the client sent it decides what is counted.
    const path = req.path;
    res.on('finish', () => {
      const key = req.key?.name;
      stats.request(key, res.statusCode, path);
      log(res.statusCode >= 500 ? 'error' : 'info', 'request', {
        method: req.method,
        route: req.path.slice(0, 200),
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        key,
      });
    });
    next();
  });
  app.use(securityHeaders());
  app.use(hostCheck(config.trustedHosts, config.host));
  app.use(requireHttps(config.requireHttps));
  app.use(cors(config.cors.enabled, config.cors.allowedOrigins));
  app.use(healthRoutes(deps));

  const failures = deps.windows ?? new MemoryWindowStore();
  const authenticatedAs = (recordUse: boolean) => [
    originCheck(config.cors.allowedOrigins),
    authenticate({
      keys,
      disabled: config.disableAuth,
      failures,
      failureLimit: config.authFailureLimit,
      failureWindowMs: config.authFailureWindowSeconds * 1000,
      recordUse,
    }),
  ];
  const authenticated = authenticatedAs(true);
  const windows = deps.windows ?? new MemoryWindowStore();
  const mcpLimited = rateLimit({
    scope: 'mcp',
    limitFor: mcpLimit(rateLimits, (n) => keys.rateLimitOf(n)),
    store: windows,
    cost: messageCount,
  });
  const protect = [...authenticated, mcpLimited];
  const dashboardLimited = rateLimit({ scope: 'dashboard', limitFor: () => DASHBOARD_RATE_LIMIT, store: windows });
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const json = express.json({
    limit: config.maxBodyBytes,
    type: () => true,
    // Invalid UTF-8 is refused, not silently turned into replacement characters and stored.
    verify: (_req, _res, buf) => {
      utf8.decode(buf);
    },
  });
  const mcp = mcpRoutes({ sessions, memory, stats, log });
  // The body is read before the limit is applied: each JSON-RPC message of a batch costs one unit.
  app.post('/mcp', ...authenticated, json, refuseLoneSurrogates(), mcpLimited, mcp.post);
  app.get('/mcp', ...protect, mcp.get);
  app.delete('/mcp', ...protect, mcp.del);
  app.use('/admin', adminRoutes({ sessions, stats, protect }));

  let finished = false;
  const mountExtra = (path: string, router: Router) => {
    if (finished) throw new Error('mount extra routers before the app starts listening');
    app.use(path, router);
  };
  /** Adds the JSON 404 and error handlers; after the extra routers, before listening. */
  const finish = () => {
    if (finished) return;
    finished = true;
    app.use((req, res) => sendError(res, 404, 'not_found', `nothing at ${req.method} ${req.path.slice(0, 200)}`));
    app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
      // The database away (team server) while a middleware needed it: a refusal to retry, not a failure.
      if (err instanceof AppError) return sendError(res, HTTP_STATUS[err.code], err.code, err.message);
      const e = err as { type?: string; status?: number; message?: string };
      if (e.type === 'entity.verify.failed')
        return sendError(res, 400, 'invalid_utf8', 'the request body is not valid UTF-8', -32700);
      if (e.type === 'entity.parse.failed')
        return sendError(res, 400, 'parse_error', 'the request body is not valid JSON', -32700);
      if (e.type === 'entity.too.large')
        return sendError(
          res,
          413,
          'body_too_large',
          `the request body is larger than ${config.maxBodyBytes} bytes (MAX_BODY_BYTES)`,
        );
      if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
        return sendError(res, 415, 'unsupported_encoding', 'the request body must be UTF-8 JSON');
      if (e.status && e.status >= 400 && e.status < 500)
        return sendError(res, e.status, 'bad_request', e.message ?? 'bad request');
      log('error', 'unhandled error', { error: e.message });
      sendError(res, 500, 'internal_error', 'the server failed to handle this request; nothing was changed');
    });
  };
  // The dashboard's polling is not its key's use by a client: the key's request count stays honest.
  return { app, dashboardProtect: [...authenticatedAs(false), dashboardLimited], mountExtra, finish };
}
