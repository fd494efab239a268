import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENTS, clientConfig } from './clientConfig.js';

const t = { mcpUrl: 'http://127.0.0.1:3000/mcp', key: 'k3y-with-no-spaces-0123456789' };

test('Claude Desktop on this machine runs the bundled bridge: command, file, and key and URL in env', () => {
  const bridge = {
    command: '/Applications/MemoryOS.app/Contents/MacOS/MemoryOS',
    args: ['/Applications/MemoryOS.app/Contents/Resources/app.asar.unpacked/dist/bridge/memoryos-bridge.cjs'],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
  const c = clientConfig('claude-desktop', { ...t, bridge });
  assert.deepEqual(c.entry, {
    command: bridge.command,
    args: bridge.args,
    env: { ELECTRON_RUN_AS_NODE: '1', MEMORYOS_URL: t.mcpUrl, MEMORYOS_KEY: t.key },
  });
  assert.doesNotMatch(c.snippet, /npx|mcp-remote/);
  assert.match(c.note, /nothing else to install/);
  assert.deepEqual(JSON.parse(c.snippet), { mcpServers: { memoryos: c.entry } });
});

test('Claude Desktop for a server elsewhere runs mcp-remote with the key in env and no space inside any argument', () => {
  const remote = { mcpUrl: 'https://memory.example.org/mcp', key: t.key };
  const c = clientConfig('claude-desktop', remote);
  const entry = c.entry as { command: string; args: string[]; env: Record<string, string> };
  assert.equal(entry.command, 'npx');
  assert.deepEqual(entry.args, ['-y', 'mcp-remote', remote.mcpUrl, '--header', 'X-API-Key:${MEMORYOS_KEY}']);
  assert.ok(entry.args.every((a) => !a.includes(' ')));
  assert.equal(entry.env.MEMORYOS_KEY, t.key);
  assert.match(c.note, /needs Node\.js/);
  assert.deepEqual(JSON.parse(c.snippet), { mcpServers: { memoryos: entry } });
});

test('Cursor, VS Code and Claude Code get url + header; every client has a snippet naming the URL', () => {
  assert.deepEqual(clientConfig('cursor', t).entry, { url: t.mcpUrl, headers: { 'X-API-Key': t.key } });
  assert.deepEqual(clientConfig('vscode', t).entry, { type: 'http', url: t.mcpUrl, headers: { 'X-API-Key': t.key } });
  assert.equal(
    clientConfig('claude-code', t).snippet,
    `claude mcp add --transport http memoryos ${t.mcpUrl} --header "X-API-Key: ${t.key}"`,
  );
  for (const c of CLIENTS) assert.ok(clientConfig(c, t).snippet.includes(t.mcpUrl), c);
});
