// Plain JSON-RPC clients: the deployment guide's curl and Python examples POST JSON without an
// SSE-capable Accept header, often send `initialize` with empty params, and may send no session at
// all. The SDK's transport wants all three; this module bridges them, so mcpRoute.ts stays about
// sessions and the protocol.
import type { IncomingMessage } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import type { Request, Response } from 'express';

export const acceptsSse = (req: Request) => /text\/event-stream/i.test(String(req.headers.accept ?? ''));

/** The SDK transport reads raw headers; plain JSON clients get the Accept header it requires. */
export function acceptBoth(req: IncomingMessage): void {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i]!.toLowerCase() === 'accept') raw.splice(i, 2);
  raw.push('Accept', 'application/json, text/event-stream');
  req.headers.accept = 'application/json, text/event-stream';
}

export function messages(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body) ? body : [body];
  return list.filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null);
}

export const isInitialize = (body: unknown) => messages(body).some((m) => m.method === 'initialize');

/** The guide's curl sends `initialize` with empty params; fill what the protocol requires. */
export function completeInitialize(body: unknown): void {
  for (const m of messages(body)) {
    if (m.method !== 'initialize') continue;
    const p = (typeof m.params === 'object' && m.params !== null ? m.params : {}) as Record<string, unknown>;
    p.protocolVersion ??= LATEST_PROTOCOL_VERSION;
    p.capabilities ??= {};
    p.clientInfo ??= { name: 'unknown-client', version: '0' };
    m.params = p;
  }
}

/** A request with no session from a client that does not speak SSE: one transport, one JSON reply. */
export async function answerStatelessly(req: Request, res: Response, server: Server): Promise<void> {
  acceptBoth(req);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
}
