// memoryos.mcpb: the MCP Bundle Claude Desktop installs with one click. It holds the bundled stdio
// bridge and a manifest: Claude Desktop runs the bridge with its own Node and asks the person for the
// key (kept in the OS keychain, as `sensitive`) and the address. Checked and packed by the official
// @anthropic-ai/mcpb CLI (`mcpb validate`, `mcpb pack`).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TOOLS } from '../main/tools/definitions.js';
import { VERSION } from '../main/version.js';

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILT_BRIDGE = join(ROOT, 'dist', 'bridge', 'memoryos-bridge.cjs');
const MCPB_CLI = join(ROOT, 'node_modules', '@anthropic-ai', 'mcpb', 'dist', 'cli', 'cli.js');
export const BUNDLE_NAME = 'memoryos.mcpb';
const ENTRY = 'server/memoryos-bridge.cjs';
export const DEFAULT_MCP_URL = 'http://127.0.0.1:3000/mcp';

export function mcpbManifest(): Record<string, unknown> {
  return {
    manifest_version: '0.3',
    name: 'memoryos',
    display_name: 'MemoryOS',
    version: VERSION,
    description: 'One private, long-term memory shared by every AI client on your machine.',
    long_description:
      'Connects Claude Desktop to MemoryOS Desktop (or a MemoryOS server) running on this computer. ' +
      'Start the MemoryOS app first, create a key for Claude on its API keys screen, and paste it here.',
    author: { name: 'MemoryOS contributors' },
    icon: 'icon.png',
    license: 'MIT',
    keywords: ['memory', 'long-term memory', 'MemoryOS'],
    server: {
      type: 'node',
      entry_point: ENTRY,
      mcp_config: {
        command: 'node',
        args: [`\${__dirname}/${ENTRY}`],
        env: { MEMORYOS_KEY: '${user_config.api_key}', MEMORYOS_URL: '${user_config.url}' },
      },
    },
    tools: TOOLS.map((t) => ({ name: t.name, description: t.description })),
    compatibility: { platforms: ['darwin', 'win32', 'linux'], runtimes: { node: '>=18.0.0' } },
    user_config: {
      api_key: {
        type: 'string',
        title: 'MemoryOS API key',
        description: 'A key from MemoryOS → API keys (create one for Claude). It is kept in your system keychain.',
        sensitive: true,
        required: true,
      },
      url: {
        type: 'string',
        title: 'MemoryOS address',
        description: 'The MCP address MemoryOS shows on its Overview. Change it only if you changed the port.',
        default: DEFAULT_MCP_URL,
        required: false,
      },
    },
  };
}

/** Runs the official CLI and returns what it printed; a refusal throws with everything it printed. */
export async function mcpb(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MCPB_CLI, ...args], { timeout: 60_000 });
    return `${stdout}${stderr}`;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`mcpb ${args[0]} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`.trim(), { cause: err });
  }
}

/** Stages manifest, bridge and icon in `outDir`/stage, validates, and packs `outDir`/memoryos.mcpb. */
export async function packMcpb(outDir: string, bridge = BUILT_BRIDGE): Promise<string> {
  const stage = join(outDir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(join(stage, 'server'), { recursive: true });
  writeFileSync(join(stage, 'manifest.json'), `${JSON.stringify(mcpbManifest(), null, 2)}\n`);
  copyFileSync(bridge, join(stage, ENTRY));
  copyFileSync(join(ROOT, 'assets', 'icon-256.png'), join(stage, 'icon.png'));
  await mcpb('validate', join(stage, 'manifest.json'));
  const out = join(outDir, BUNDLE_NAME);
  await mcpb('pack', stage, out);
  rmSync(stage, { recursive: true, force: true });
  return out;
}
