import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENTS, clientConfig } from './clientConfig.js';

const t = { mcpUrl: 'http://127.0.0.1:3000/mcp', key: 'k3y-with-no-spaces-0123456789' };

test('Claude Desktop runs mcp-remote with the key in env and no space inside any argument', () => {
  const c = clientConfig('claude-desktop', t);
  const entry = c.entry as { command: string; args: string[]; env: Record<string, string> };
  assert.equal(entry.command, 'npx');
  assert.deepEqual(entry.args, ['-y', 'mcp-remote', t.mcpUrl, '--header', 'X-API-Key:${MEMORYOS_KEY}']);
  assert.ok(entry.args.every((a) => !a.includes(' ')));
  assert.equal(entry.env.MEMORYOS_KEY, t.key);
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
