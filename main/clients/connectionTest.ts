// A one-line connection check: initialize, list tools, round-trip time, as a client would.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface ConnectionReport {
  ok: boolean;
  tools: string[];
  roundTripMs: number;
  error?: string;
}

export async function testConnection(mcpUrl: string, key: string): Promise<ConnectionReport> {
  const started = performance.now();
  const transport = new StreamableHTTPClientTransport(new URL(mcpUrl), {
    requestInit: { headers: { 'X-API-Key': key } },
  });
  const client = new Client({ name: 'memoryos-connection-test', version: '1' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const roundTripMs = Math.round((performance.now() - started) * 10) / 10;
    await transport.terminateSession().catch(() => undefined);
    return { ok: true, tools: tools.map((t) => t.name), roundTripMs };
  } catch (err) {
    return {
      ok: false,
      tools: [],
      roundTripMs: Math.round(performance.now() - started),
      error: (err as Error).message,
    };
  } finally {
    await client.close().catch(() => undefined);
  }
}
