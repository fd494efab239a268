import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { tempDataDir } from '../memory/testing.js';
import { configFilePath, installEntry } from './configFiles.js';

test('per-OS locations of Claude Desktop and Cursor configs', () => {
  assert.equal(
    configFilePath('claude-desktop', { platform: 'darwin', home: '/Users/a' }),
    '/Users/a/Library/Application Support/Claude/claude_desktop_config.json',
  );
  assert.equal(
    configFilePath('claude-desktop', { platform: 'linux', home: '/home/a' }),
    '/home/a/.config/Claude/claude_desktop_config.json',
  );
  assert.match(
    configFilePath('claude-desktop', {
      platform: 'win32',
      home: 'C:\\Users\\a',
      appData: 'C:\\Users\\a\\AppData\\Roaming',
    }),
    /Roaming.Claude.claude_desktop_config\.json$/,
  );
  assert.equal(configFilePath('cursor', { platform: 'linux', home: '/home/a' }), '/home/a/.cursor/mcp.json');
});

test('install merges into an existing config after a timestamped backup, keeping everything else', (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const file = join(tmp.dir, 'Claude', 'claude_desktop_config.json');
  mkdirSync(join(tmp.dir, 'Claude'));
  const original = { theme: 'dark', mcpServers: { other: { command: 'other-server' } } };
  writeFileSync(file, JSON.stringify(original));
  const r = installEntry(
    file,
    'memoryos',
    { command: 'npx', args: ['-y', 'mcp-remote'] },
    new Date('2026-01-02T03:04:05Z'),
  );
  const written = JSON.parse(readFileSync(file, 'utf8'));
  assert.deepEqual(written, {
    theme: 'dark',
    mcpServers: { other: { command: 'other-server' }, memoryos: { command: 'npx', args: ['-y', 'mcp-remote'] } },
  });
  assert.ok(r.backupPath && existsSync(r.backupPath));
  assert.deepEqual(JSON.parse(readFileSync(r.backupPath, 'utf8')), original);
  const fresh = installEntry(join(tmp.dir, 'new', 'mcp.json'), 'memoryos', { url: 'u' });
  assert.equal(fresh.backupPath, null);
});

test('a config that is not valid JSON is refused and left untouched', (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const file = join(tmp.dir, 'mcp.json');
  writeFileSync(file, '{ "mcpServers": { oops');
  assert.throws(
    () => installEntry(file, 'memoryos', { url: 'u' }),
    (e: Error) => e instanceof AppError && /not valid JSON/.test(e.message),
  );
  assert.equal(readFileSync(file, 'utf8'), '{ "mcpServers": { oops');
});
