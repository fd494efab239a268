// `memoryos connect CLIENT`: prints a client's configuration, installs it into the client's config
// file (--install), or checks a connection (--test).
import { jsonSettingsStore, settingsFilePath } from '../api/settingsFile.js';
import { InvalidInputError } from '../errors.js';
import { runningServer } from '../memory/dataLock.js';
import { CLIENTS, clientConfig, type ClientId } from '../../shared/clientConfig.js';
import { launcherFor } from '../clients/bridgeLauncher.js';
import { configFilePath, installEntry } from '../clients/configFiles.js';
import { testConnection } from '../clients/connectionTest.js';

const USAGE = `Usage: npm run memoryos -- connect CLIENT --key KEY [--url URL | --host HOST --port PORT] [--data-dir DIR] [--name memoryos] [--install] [--test]
CLIENT: ${CLIENTS.join(', ')}
  --install   write the entry into the client's config file (Claude Desktop, Cursor), after a backup
  --test      connect with the key, list the tools and report the round trip
The key can also come from MEMORYOS_KEY. Without --url or --port (or PORT), the address is the one the
server running on the data folder (--data-dir, MEMORYOS_DATA_DIR, or ./memoryos_data) listens on, else
the port saved in its settings, else 3000.`;

/** 0.0.0.0 and :: are where a server listens, not an address to connect to. */
const reachable = (url: string) => url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])(?=:)/, 'http://127.0.0.1');

/** The port saved in the data folder's settings.json, if any (an unreadable file names none). */
function savedPort(dataDir: string): string | undefined {
  try {
    const port = jsonSettingsStore(settingsFilePath(dataDir)).load().port;
    return typeof port === 'number' && port > 0 ? String(port) : undefined;
  } catch {
    return undefined;
  }
}

export async function runConnect(args: string[]): Promise<number> {
  if (args.includes('--help') || args.length === 0) {
    console.log(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const client = args[0] as ClientId;
  if (!CLIENTS.includes(client)) throw new InvalidInputError(`unknown client "${args[0]}"\n${USAGE}`);
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const key = opt('key') ?? process.env.MEMORYOS_KEY;
  if (!key)
    throw new InvalidInputError(
      `a key is needed: --key KEY or MEMORYOS_KEY (create one with: npm run memoryos -- keys create NAME)\n${USAGE}`,
    );
  const dataDir = opt('data-dir') ?? process.env.MEMORYOS_DATA_DIR ?? './memoryos_data';
  const explicitPort = opt('port') ?? (process.env.PORT || undefined);
  const running = opt('url') || explicitPort || opt('host') ? null : runningServer(dataDir);
  const port = explicitPort ?? savedPort(dataDir) ?? '3000';
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535)
    throw new InvalidInputError(`--port takes a port number (1 to 65535); got "${port}"`);
  const host = opt('host') ?? '127.0.0.1';
  const mcpUrl =
    opt('url') ??
    (running ? `${reachable(running.url)}/mcp` : `http://${host.includes(':') ? `[${host}]` : host}:${port}/mcp`);
  try {
    new URL(mcpUrl);
  } catch {
    throw new InvalidInputError(`--url takes a full address such as http://127.0.0.1:3000/mcp; got "${mcpUrl}"`);
  }
  const serverName = opt('name') ?? 'memoryos';
  // Claude Desktop on this machine runs the bundled bridge with this node; a remote server, mcp-remote.
  const bridge = client === 'claude-desktop' ? launcherFor(mcpUrl) : undefined;
  const config = clientConfig(client, { mcpUrl, key, serverName, bridge });
  if (args.includes('--test')) {
    const r = await testConnection(mcpUrl, key);
    console.log(
      r.ok
        ? `OK: ${r.tools.length} tools (${r.tools.join(', ')}) in ${r.roundTripMs} ms`
        : `FAILED after ${r.roundTripMs} ms: ${r.error}`,
    );
    return r.ok ? 0 : 1;
  }
  if (args.includes('--install')) {
    if ((client !== 'claude-desktop' && client !== 'cursor') || !config.entry)
      throw new InvalidInputError(`--install supports claude-desktop and cursor; for ${config.title}: ${config.note}`);
    const result = installEntry(configFilePath(client), serverName, config.entry);
    // Written either way (the server may be stopped on purpose), but a wrong address is said now,
    // not discovered in the client.
    const check = await testConnection(mcpUrl, key);
    console.log(
      `Wrote the "${serverName}" entry into ${result.path}${result.backupPath ? ` (the previous file is kept as ${result.backupPath})` : ''}:\n${JSON.stringify(config.entry, null, 2)}\n` +
        (check.ok
          ? `Checked: the server at ${mcpUrl} answers with this key. Done: restart ${config.title} to load it.`
          : `Warning: ${mcpUrl} did not answer with this key just now (${check.error}). Start the server, or run ` +
            `this again with --port PORT or --url URL if it listens elsewhere; then restart ${config.title}.`),
    );
    return 0;
  }
  console.log(`${config.title}: ${config.note}\n\n${config.snippet}`);
  return 0;
}
