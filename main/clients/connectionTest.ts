// A one-line connection check: initialize, list tools, round-trip time, as a client would.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export interface ConnectionReport {
  ok: boolean;
  tools: string[];
  roundTripMs: number;
  error?: string;
}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED:
    'nothing is listening there: is the server running? Start it (npm run memoryos -- serve) or open the app',
  ENOTFOUND: 'that host name does not resolve: check the address',
  ETIMEDOUT: 'the server did not answer in time: check the address and any firewall',
  ECONNRESET: 'the connection was dropped: check that the address is a MemoryOS server',
};

/** A failed check as one sentence: the network cause, or the server's own refusal. */
function explain(err: unknown, mcpUrl: string): string {
  const cause = (err as { cause?: { code?: string } }).cause?.code;
  if (cause && NETWORK_CAUSES[cause]) return `${mcpUrl}: ${NETWORK_CAUSES[cause]}`;
  const message = (err as Error).message ?? String(err);
  // The SDK wraps the server's JSON refusal; show the server's sentence, not the wrapping.
  const body = /(\{.*\})\s*$/s.exec(message)?.[1];
  if (body) {
    try {
      const parsed = JSON.parse(body) as { message?: string; error?: { message?: string } | string };
      const said = parsed.message ?? (typeof parsed.error === 'object' ? parsed.error.message : undefined);
      if (said) return `the server refused: ${said}`;
    } catch {
      // Not JSON after all: fall through to the raw message.
    }
  }
  return cause ? `${mcpUrl}: ${message} (${cause})` : message;
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
    return { ok: false, tools: [], roundTripMs: Math.round(performance.now() - started), error: explain(err, mcpUrl) };
  } finally {
    await client.close().catch(() => undefined);
  }
}
