// POST/GET/DELETE /mcp over the SDK's Streamable HTTP transport (spec 2025-11-25), with sessions
// bound to the authenticated key. Plain JSON-RPC clients (the deployment guide's curl and Python)
// are served through ./plainJsonClients.ts.
import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, RequestHandler, Response } from 'express';
import type { MemoryService } from '../memory/types.js';
import { createMcpServer } from '../tools/mcpServer.js';
import { AppError } from '../errors.js';
import { HTTP_STATUS, sendError } from '../httpErrors.js';
import type { LogFn } from './logger.js';
import {
  acceptBoth,
  acceptsSse,
  answerStatelessly,
  completeInitialize,
  isInitialize,
  messages,
} from './plainJsonClients.js';
import type { AuthenticatedKey } from '../ports.js';
import { keyOf } from '../security/auth.js';
import { noStreamHere, serveAdopted } from './adoptedSession.js';
import type { Session, Sessions } from './sessions.js';
import type { Stats } from './stats.js';

interface McpRouteDeps {
  sessions: Sessions;
  memory: MemoryService;
  stats: Stats;
  log: LogFn;
}

const BATCHES_REMOVED_IN = '2025-06-18';

export function mcpRoutes(deps: McpRouteDeps): { post: RequestHandler; get: RequestHandler; del: RequestHandler } {
  const { sessions, memory, stats, log } = deps;

  // The session's server serves one key; each call checks that the request's own authenticated
  // identity is that key before it reaches a store (a second wall behind the session binding).
  const newServer = (key: AuthenticatedKey) =>
    createMcpServer(
      (auth) => {
        if (auth?.clientId !== key.name)
          throw new AppError('forbidden', 'this session belongs to another key; start a new one with initialize');
        return memory.forUser(auth.clientId);
      },
      (tool, ms, ok, error) => {
        stats.tool(key.name, tool, ms, ok);
        if (error && !(error as { code?: string }).code)
          log('error', 'tool failed', { key: key.name, tool, error: (error as Error).message });
      },
    );

  const notFound = (res: Response) =>
    sendError(
      res,
      404,
      'session_not_found',
      'session not found: it expired, was closed, or belongs to another key; start a new one with initialize',
      -32001,
    );

  async function startSession(req: Request, res: Response, key: AuthenticatedKey): Promise<void> {
    completeInitialize(req.body);
    acceptBoth(req);
    const init = messages(req.body).find((m) => m.method === 'initialize')!;
    const params = init.params as {
      protocolVersion?: string;
      capabilities?: Record<string, unknown>;
      clientInfo?: { name?: string; version?: string };
    };
    const server = newServer(key);
    let session: Session | undefined;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      // Each POST is answered with one JSON body, not an SSE stream: no tool sends progress or asks
      // the client anything during a call, and one body costs less to frame, send and parse.
      enableJsonResponse: true,
      onsessioninitialized: async (id) => {
        const now = Date.now();
        session = {
          id,
          keyName: key.name,
          transport,
          server,
          protocolVersion: params.protocolVersion ?? null,
          clientName: params.clientInfo?.name?.slice(0, 200) ?? null,
          clientVersion: params.clientInfo?.version?.slice(0, 100) ?? null,
          capabilities: params.capabilities ?? {},
          startedAt: now,
          lastActivity: now,
          requests: 1,
          sseOpen: false,
          inFlight: new Set(),
        };
        await sessions.add(session);
        log('info', 'session opened', { key: key.name, session: id, client: session.clientName });
      },
    });
    transport.onclose = () => {
      if (session) sessions.forget(session.id);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
    if (!session) await server.close();
  }

  async function statelessCall(req: Request, res: Response, key: AuthenticatedKey): Promise<void> {
    await answerStatelessly(req, res, newServer(key));
  }

  const guard =
    (fn: (req: Request, res: Response, key: AuthenticatedKey) => Promise<void>): RequestHandler =>
    async (req, res) => {
      try {
        await fn(req, res, keyOf(req));
      } catch (err) {
        // The database away (team server) or another refusal the request could not help.
        if (err instanceof AppError) return sendError(res, HTTP_STATUS[err.code], err.code, err.message);
        log('error', 'MCP request failed', { error: (err as Error).message });
        sendError(res, 500, 'internal_error', 'the MCP request failed on the server; nothing was changed', -32603);
      }
    };

  const withSession = (
    fn: (req: Request, res: Response, s: Session) => Promise<void>,
    elsewhere: (req: Request, res: Response, id: string) => Promise<void>,
  ) =>
    guard(async (req, res, key) => {
      const id = req.headers['mcp-session-id'];
      if (typeof id !== 'string' || id === '')
        return sendError(
          res,
          400,
          'session_required',
          'the Mcp-Session-Id header is required; send initialize first to open a session',
          -32000,
        );
      const found = await sessions.find(id, key.name);
      if (!found) return notFound(res);
      if ('adopted' in found) return elsewhere(req, res, id);
      await fn(req, res, found.local);
    });

  /** Batches were removed in 2025-06-18; older protocol versions may still send them (each is metered). */
  const refuseBatch = (res: Response, version: string | null): boolean => {
    if (version === null || version < BATCHES_REMOVED_IN) return false;
    sendError(
      res,
      400,
      'batch_not_supported',
      `JSON-RPC batches are not part of MCP protocol ${version}; send one message per request`,
      -32600,
    );
    return true;
  };

  /**
   * A request id still running in the session is refused: the transport routes each answer by id, so
   * the second request took the first one's place and one of them waited forever (clients that number
   * every request with 1, as a load generator did). Otherwise the ids are held until the reply ends.
   */
  const refuseIdInUse = (res: Response, s: Session, body: unknown): boolean => {
    const ids = (Array.isArray(body) ? body : [body])
      .filter((m): m is { id: string | number; method: string } => {
        const r = m as { id?: unknown; method?: unknown } | null;
        return typeof r?.method === 'string' && (typeof r.id === 'string' || typeof r.id === 'number');
      })
      .map((m) => m.id);
    const taken = ids.find((i, n) => s.inFlight.has(i) || ids.indexOf(i) !== n);
    if (taken !== undefined) {
      sendError(
        res,
        400,
        'request_id_in_use',
        `the request id ${JSON.stringify(taken)} is already used by a request still running in this session; give each request its own id`,
        -32600,
      );
      return true;
    }
    for (const i of ids) s.inFlight.add(i);
    res.on('close', () => {
      for (const i of ids) s.inFlight.delete(i);
    });
    return false;
  };

  const post = guard(async (req, res, key) => {
    const id = req.headers['mcp-session-id'];
    const batch = Array.isArray(req.body);
    if (batch && isInitialize(req.body))
      return sendError(res, 400, 'batch_not_supported', 'initialize must be sent on its own, not in a batch', -32600);
    if (typeof id === 'string' && id !== '') {
      const found = await sessions.find(id, key.name);
      if (!found) return notFound(res);
      const s = 'local' in found ? found.local : found.adopted;
      if (batch && refuseBatch(res, s.protocolVersion)) return;
      const jsonMode = !acceptsSse(req);
      if (jsonMode) acceptBoth(req);
      // Opened on another replica: served here, over a transport for this request only.
      if ('adopted' in found) return serveAdopted(req, res, found.adopted, newServer(key), jsonMode);
      if (refuseIdInUse(res, found.local, req.body)) return;
      return found.local.transport.handleRequest(req, res, req.body);
    }
    if (isInitialize(req.body)) return startSession(req, res, key);
    // Without a session the version is the header's, or 2025-03-26 when absent (as the spec says).
    const header = req.headers['mcp-protocol-version'];
    if (batch && refuseBatch(res, typeof header === 'string' ? header : null)) return;
    if (!acceptsSse(req)) return statelessCall(req, res, key);
    sendError(
      res,
      400,
      'session_required',
      'the Mcp-Session-Id header is required for this request; send initialize first to open a session',
      -32000,
    );
  });

  const get = withSession(
    async (req, res, s) => {
      s.sseOpen = true;
      res.on('close', () => {
        s.sseOpen = false;
      });
      await s.transport.handleRequest(req, res);
    },
    async (_req, res) => noStreamHere(res),
  );

  const del = withSession(
    async (req, res, s) => {
      await s.transport.handleRequest(req, res);
      await sessions.close(s.id);
      log('info', 'session closed by client', { key: s.keyName, session: s.id });
    },
    async (req, res, id) => {
      await sessions.close(id);
      log('info', 'session closed by client', { key: keyOf(req).name, session: id });
      res.status(200).end();
    },
  );

  return { post, get, del };
}
