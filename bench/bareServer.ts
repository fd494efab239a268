// The baseline for the HTTP benchmark: the MCP SDK's own Streamable HTTP server with one no-op
// tool, no auth, no rate limiting, no memory. Prints its port on stdout.
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express from 'express';
import type { AddressInfo } from 'node:net';

const transports = new Map<string, StreamableHTTPServerTransport>();
const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const id = req.headers['mcp-session-id'];
  let transport = typeof id === 'string' ? transports.get(id) : undefined;
  if (!transport) {
    const server = new McpServer({ name: 'bare', version: '1' });
    server.registerTool('retrieve_memory', { description: 'no-op' }, async () => ({
      content: [{ type: 'text', text: '{}' }],
    }));
    const t: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => void transports.set(sid, t),
    });
    await server.connect(t);
    transport = t;
  }
  await transport.handleRequest(req, res, req.body);
});
const listener = app.listen(0, '127.0.0.1', () => console.log(`port ${(listener.address() as AddressInfo).port}`));
