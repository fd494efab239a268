// memoryos-bridge: MCP over stdio to a client that only runs local servers (Claude Desktop), and
// Streamable HTTP to the running MemoryOS server. Bundled into one file (dist/bridge/memoryos-bridge.cjs)
// that the app runs with its own executable (ELECTRON_RUN_AS_NODE=1), the MCP Bundle runs with Claude
// Desktop's Node, and the CLI's config runs with node. It needs nothing beyond the MCP SDK.
//
//   MEMORYOS_KEY  the API key (X-API-Key); MEMORYOS_URL  default http://127.0.0.1:3000/mcp
//
// stdout carries the protocol and nothing else; everything a person may want to read goes to stderr,
// which clients keep in their MCP log.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isJSONRPCRequest, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describeFailure } from './failures.js';
import { Upstream } from './upstream.js';

const DEFAULT_URL = 'http://127.0.0.1:3000/mcp';

// A stray console.log from any library would corrupt the protocol stream.
console.log = console.info = console.debug = console.error;

const log = (message: string) => process.stderr.write(`[memoryos-bridge] ${message}\n`);

function main(): void {
  const stdio = new StdioServerTransport();
  const key = (process.env.MEMORYOS_KEY ?? '').trim();
  const rawUrl = (process.env.MEMORYOS_URL ?? '').trim() || DEFAULT_URL;
  let url: URL | null = null;
  try {
    url = new URL(rawUrl);
  } catch {
    log(`MEMORYOS_URL is not a URL: ${rawUrl}`);
  }
  const reply = (m: JSONRPCMessage) => stdio.send(m).catch((err: Error) => log(`stdout: ${err.message}`));
  const inFlight = new Set<Promise<unknown>>();
  const upstream = url ? new Upstream({ url, key, onMessage: (m) => void reply(m), log }) : null;

  stdio.onmessage = (message) => {
    if (!upstream) {
      if (isJSONRPCRequest(message))
        void reply({
          jsonrpc: '2.0',
          id: message.id,
          error: {
            code: -32000,
            message: `MEMORYOS_URL is not a valid URL ("${rawUrl}"); set it to MemoryOS's MCP address, e.g. ${DEFAULT_URL}`,
          },
        });
      return;
    }
    const sent =
      isJSONRPCRequest(message) && message.method === 'initialize'
        ? upstream.initialize(message)
        : upstream.send(message);
    const handled = sent.catch((err: unknown) => {
      const failure = describeFailure(err, url!.href);
      log(failure.message);
      if (isJSONRPCRequest(message)) return reply({ jsonrpc: '2.0', id: message.id, error: failure });
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  };
  stdio.onerror = (err) => log(`stdin: ${err.message}`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    // The client went away: answer what it already asked, end the server-side session, then leave.
    void Promise.allSettled([...inFlight])
      .then(() => upstream?.close())
      .finally(() => process.exit(0));
  };
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  void stdio.start();
  log(`bridging stdio to ${url?.href ?? rawUrl}${key ? '' : ' (no MEMORYOS_KEY set)'}`);
}

main();
