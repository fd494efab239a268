// Where the bundled stdio bridge (and the MCP Bundle that carries it) is on this machine, and how
// Claude Desktop should start the bridge: with the desktop app's own executable run as Node
// (ELECTRON_RUN_AS_NODE, as VS Code's `code` CLI does), or with the node that runs a headless install.
// Absolute paths only: Claude Desktop starts servers with a minimal PATH, where a bare `node` or `npx`
// is often not found.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BridgeLauncher } from '../../shared/clientConfig.js';
import { AppError } from '../errors.js';
import { isLoopbackHost } from '../../shared/addresses.js';

/** dist/bridge/memoryos-bridge.cjs, from the sources (main/clients/) or the build (dist/main/clients/). */
const BUILT_BRIDGE = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/') ? '../../bridge/memoryos-bridge.cjs' : '../../dist/bridge/memoryos-bridge.cjs',
    import.meta.url,
  ),
);

/** dist/mcpb/memoryos.mcpb, the MCP Bundle `npm run build` packs (packaging/mcpb.ts). */
const BUILT_BUNDLE = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/') ? '../../mcpb/memoryos.mcpb' : '../../dist/mcpb/memoryos.mcpb',
    import.meta.url,
  ),
);

export const bundleFile = () => unpackedPath(BUILT_BUNDLE);

/** In a packaged app the file is unpacked beside the asar archive (electron-builder.yml asarUnpack). */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export interface RuntimeFacts {
  execPath: string;
  /** process.versions.electron: set when this process is the desktop app. */
  electron?: string;
}

export function bridgeLauncher(
  file = unpackedPath(BUILT_BRIDGE),
  facts: RuntimeFacts = { execPath: process.execPath, electron: process.versions.electron },
): BridgeLauncher {
  if (!existsSync(file))
    throw new AppError(
      'unavailable',
      `the MemoryOS bridge is not built (${file} is missing): run "npm run build" first`,
    );
  return facts.electron
    ? { command: facts.execPath, args: [file], env: { ELECTRON_RUN_AS_NODE: '1' } }
    : { command: facts.execPath, args: [file] };
}

/** The bridge for a server on this machine; none (so mcp-remote) for one elsewhere. */
export function launcherFor(mcpUrl: string): BridgeLauncher | undefined {
  let host: string;
  try {
    host = new URL(mcpUrl).hostname;
  } catch {
    return undefined;
  }
  return isLoopbackHost(host) ? bridgeLauncher() : undefined;
}
