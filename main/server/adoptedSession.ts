// A request for a session that another replica opened (team server): this replica has no transport
// for it, so it serves the request with a fresh MCP server and a transport for this request only.
// The fresh server first hears the client's own initialize again (from the shared registry), so it
// knows the client exactly as the replica that opened the session does.
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import type { Request, Response } from 'express';
import { sendError } from '../httpErrors.js';
import type { SessionRecord } from '../ports.js';

async function replayInitialize(server: Server, record: SessionRecord): Promise<void> {
  const [client, side] = InMemoryTransport.createLinkedPair();
  const answered = new Promise<void>((resolve) => {
    client.onmessage = () => resolve();
  });
  await server.connect(side);
  await client.send({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: record.protocolVersion ?? LATEST_PROTOCOL_VERSION,
      capabilities: record.capabilities,
      clientInfo: { name: record.clientName ?? 'unknown-client', version: record.clientVersion ?? '0' },
    },
  });
  await answered;
  await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  await server.close();
}

export async function serveAdopted(
  req: Request,
  res: Response,
  record: SessionRecord,
  server: Server,
  jsonMode: boolean,
): Promise<void> {
  await replayInitialize(server, record);
  // Without a session id generator the transport checks no session: the registry already did.
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: jsonMode });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  res.setHeader('Mcp-Session-Id', record.id);
  await transport.handleRequest(req, res, req.body);
}

/**
 * GET /mcp for a session opened elsewhere: its stream of server messages stays with the replica that
 * opened it. 405 is the spec's answer for "no stream here", and clients carry on without one.
 */
export function noStreamHere(res: Response): void {
  res.setHeader('Allow', 'POST, DELETE');
  sendError(
    res,
    405,
    'stream_elsewhere',
    'this server holds no event stream for the session (it was opened on another replica); POST requests work here',
  );
}
