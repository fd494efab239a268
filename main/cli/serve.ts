// `memoryos serve`: the headless server, over Streamable HTTP or stdio.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { ServerConfig } from '../../shared/config.js';
import { isLoopbackHost } from '../../shared/addresses.js';
import { ensureWritableDataDir } from '../memory/dataDir.js';
import { openMemoryService } from '../memory/service.js';
import { createLogger } from '../server/logger.js';
import { lockDataFolder } from '../memory/dataLock.js';
import { openServerRuntime, warnIfShared, type ServerRuntime } from '../runtime.js';
import { createMcpServer } from '../tools/mcpServer.js';

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(
      `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'stopping', signal })}\n`,
    );
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => handler('SIGINT'));
  process.on('SIGTERM', () => handler('SIGTERM'));
}

export async function runStdio(config: ServerConfig): Promise<void> {
  const log = createLogger(config.logLevel);
  ensureWritableDataDir(config.dataDir);
  const lock = lockDataFolder(config.dataDir, 'memoryos serve --mode stdio');
  warnIfShared(lock.dir, log);
  const memory = openMemoryService({ ...config, log });
  // stdio has no authentication: the local user "default".
  const server = createMcpServer(() => memory.forUser('default'));
  await server.connect(new StdioServerTransport());
  log('info', 'serving MCP over stdio for the local user "default"', { dataDir: config.dataDir });
  const stop = async () => {
    await server.close();
    await memory.close();
    lock.release();
  };
  process.stdin.on('end', () => void stop().then(() => process.exit(0)));
  onSignals(stop);
}

/** The generated admin key, printed once (only its hash is stored). */
function announceKey(key: string, url: string | null): void {
  process.stdout.write(
    [
      '',
      '  MemoryOS generated an API key for you. It is shown this once; only its hash is stored.',
      '',
      `  API key: ${key}`,
      '',
      url
        ? `  Connect a client to ${url}/mcp with the header "X-API-Key: <key>" (or "Authorization: Bearer <key>").`
        : '  The server did not start (see below); this key works once it does.',
      '  Lost it? Create another with:  npm run memoryos -- keys create NAME --admin',
      '',
    ].join('\n') + '\n',
  );
}

export async function runHttp(config: ServerConfig): Promise<ServerRuntime> {
  const runtime = await openServerRuntime(config);
  if (config.disableAuth)
    runtime.log(
      'warn',
      'DISABLE_AUTH=true: no API key is required. Development only; the server is bound to loopback.',
      { host: config.host },
    );
  if (!isLoopbackHost(config.host))
    runtime.log(
      'warn',
      `bound to ${config.host}: reachable from the network; put it behind HTTPS (REQUIRE_HTTPS, TRUST_PROXY)`,
    );
  let url: string;
  try {
    ({ url } = await runtime.listen());
  } catch (err) {
    // The key is stored already: shown now, or the next start (on a free port) would never show it.
    if (runtime.keys.generatedKey) announceKey(runtime.keys.generatedKey, null);
    await runtime.close();
    throw err;
  }
  process.stdout.write(`MemoryOS listening on ${url} (MCP endpoint ${url}/mcp, dashboard ${url}/ui/)\n`);
  if (runtime.keys.generatedKey) announceKey(runtime.keys.generatedKey, url);
  if (runtime.keys.activeAdmins().length === 0)
    runtime.log(
      'warn',
      'no admin key: the dashboard will refuse every key. Name one in MCP_ADMIN_KEYS, or create one with: ' +
        'npm run memoryos -- keys create NAME --admin',
    );
  onSignals(() => runtime.close());
  return runtime;
}
