// Where Claude Desktop and Cursor keep their MCP configuration, and merging our entry into it:
// everything else in the file is kept, a timestamped backup is written first, the write is atomic,
// and a file that is not valid JSON is refused rather than overwritten.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppError } from '../errors.js';

export type InstallableClient = 'claude-desktop' | 'cursor';

export interface PlatformPaths {
  platform: NodeJS.Platform;
  home: string;
  appData?: string;
}

export function configFilePath(
  client: InstallableClient,
  p: PlatformPaths = { platform: process.platform, home: homedir(), appData: process.env.APPDATA },
): string {
  if (client === 'cursor') return join(p.home, '.cursor', 'mcp.json');
  if (p.platform === 'darwin')
    return join(p.home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
  if (p.platform === 'win32')
    return join(p.appData ?? join(p.home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
  return join(p.home, '.config', 'Claude', 'claude_desktop_config.json');
}

export interface InstallResult {
  path: string;
  backupPath: string | null;
  written: Record<string, unknown>;
}

export function installEntry(
  file: string,
  serverName: string,
  entry: Record<string, unknown>,
  now = new Date(),
): InstallResult {
  let config: Record<string, unknown> = {};
  let backupPath: string | null = null;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (text.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new AppError(
          'conflict',
          `${file} is not valid JSON (${(err as Error).message}); fix it by hand first, nothing was changed`,
        );
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new AppError('conflict', `${file} does not hold a JSON object; nothing was changed`);
      config = parsed as Record<string, unknown>;
    }
    backupPath = `${file}.${now.toISOString().replace(/[:.]/g, '-')}.bak`;
    copyFileSync(file, backupPath);
  }
  const servers =
    typeof config.mcpServers === 'object' && config.mcpServers !== null
      ? (config.mcpServers as Record<string, unknown>)
      : {};
  const written = { ...config, mcpServers: { ...servers, [serverName]: entry } };
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.memoryos-tmp`;
  writeFileSync(tmp, `${JSON.stringify(written, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return { path: file, backupPath, written };
}
