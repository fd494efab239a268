// `memoryos serve` and `memoryos keys` as real processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tempDataDir } from '../main/memory/testing.js';
import { CLI, ROOT, childEnv, runCli, startServe } from './fixtures/serveProcess.js';

test('first start generates a key, prints it once, and keeps using it after a restart', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const first = await startServe({ MEMORYOS_DATA_DIR: tmp.dir });
  t.after(() => first.stop('SIGKILL'));
  const key = (await first.waitForStdout(/API key: (\S+)/))[1]!;
  assert.ok(key.length >= 40, 'the generated key is printed');
  assert.ok(!first.stderr().includes(key), 'the key never reaches the log');
  assert.equal(await first.stop(), 0, 'SIGTERM stops the server cleanly');
  const second = await startServe({ MEMORYOS_DATA_DIR: tmp.dir });
  t.after(() => second.stop());
  assert.ok(!second.stdout().includes('API key:'), 'not printed again');
  const res = await fetch(`${second.url}/admin/stats`, { headers: { 'X-API-Key': key } });
  assert.equal(res.status, 200);
});

test('configuration errors stop start-up with a message naming the variable', async () => {
  const bad = await runCli(['serve'], { RATE_LIMIT_REQUESTS: 'lots', MEMORYOS_DATA_DIR: '/tmp/never-used' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /RATE_LIMIT_REQUESTS must be a whole number, got "lots"/);
  const open = await runCli(['serve', '--host', '0.0.0.0'], { DISABLE_AUTH: 'true' });
  assert.equal(open.code, 2);
  assert.match(
    open.stderr,
    /DISABLE_AUTH: Authentication can only be turned off when the server is bound to loopback \(HOST is 0.0.0.0\)/,
  );
  const keys = await runCli(['serve'], { MCP_API_KEYS: 'claude' });
  assert.equal(keys.code, 2);
  assert.match(keys.stderr, /MCP_API_KEYS must be name:key pairs/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const v of [
    'RATE_LIMIT_WINDOW',
    'ALLOWED_ORIGINS',
    'TRUSTED_HOSTS',
    'REQUIRE_HTTPS',
    'MEMORYOS_DATA_DIR',
    'OPENAI_BASE_URL',
  ])
    assert.match(help.stdout, new RegExp(v));
});

test('DISABLE_AUTH on loopback serves without a key, and says so in the log', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const s = await startServe({ MEMORYOS_DATA_DIR: tmp.dir, DISABLE_AUTH: 'true' });
  t.after(() => s.stop());
  for (let i = 0; i < 40 && !s.stderr().includes('DISABLE_AUTH=true'); i++) await new Promise((r) => setTimeout(r, 50));
  assert.match(s.stderr(), /DISABLE_AUTH=true/);
  assert.equal((await fetch(`${s.url}/admin/stats`)).status, 200);
});

test('keys CLI: create, list, revoke; a running server picks the changes up', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const s = await startServe({ MEMORYOS_DATA_DIR: tmp.dir });
  t.after(() => s.stop());
  const created = await runCli(['keys', 'create', 'cursor', '--rate-limit', '500/3600'], {
    MEMORYOS_DATA_DIR: tmp.dir,
  });
  assert.equal(created.code, 0, created.stderr);
  const key = /\n\s+(\S{40,})\n/.exec(created.stdout)?.[1];
  assert.ok(key);
  const list = await runCli(['keys', 'list'], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.match(list.stdout, /cursor/);
  assert.ok(!list.stdout.includes(key));
  const until = async (status: number) => {
    for (let i = 0; i < 40; i++) {
      const r = await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': key } });
      if (r.status === status) return r;
      await new Promise((res) => setTimeout(res, 250));
    }
    assert.fail(`never got ${status}`);
  };
  const ok = await until(200);
  assert.equal(ok.headers.get('ratelimit-limit'), '500');
  const dup = await runCli(['keys', 'create', 'cursor'], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(dup.code, 2, 'a working key keeps its name');
  assert.match(dup.stderr, /already exists; revoke it first/);
  assert.equal((await runCli(['keys', 'revoke', 'cursor'], { MEMORYOS_DATA_DIR: tmp.dir })).code, 0);
  await until(401);
  const renewed = await runCli(['keys', 'create', 'cursor'], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(renewed.code, 0, 'a revoked name may get a new key (same memories)');
});

test('SERVER_MODE=stdio serves the same tools over stdio', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...CLI, 'serve'],
    cwd: ROOT,
    env: childEnv({ SERVER_MODE: 'stdio', MEMORYOS_DATA_DIR: tmp.dir }) as Record<string, string>,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'stdio-test', version: '1' });
  await client.connect(transport);
  const tools = await client.listTools();
  assert.equal(tools.tools.length, 7);
  await client.callTool({
    name: 'add_memory',
    arguments: { user_input: 'stdio users like quiet terminals', agent_response: 'noted' },
  });
  const r = await client.callTool({ name: 'retrieve_memory', arguments: { query: 'quiet terminals' } });
  assert.match(JSON.stringify(r.structuredContent), /quiet terminals/);
  await client.close();
});

test('the deployment guide\'s "Testing the Secure Setup" curls, and its Python client\'s request', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const key = 'your-key-for-the-guide-tests';
  const s = await startServe({ MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEY: key });
  t.after(() => s.stop());
  // Test authentication: initialize with the guide's exact body.
  const init = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
    body: '{"jsonrpc":"2.0","method":"initialize","params":{},"id":1}',
  });
  assert.equal(init.status, 200);
  assert.ok(init.headers.get('mcp-session-id'));
  assert.equal(
    ((await init.json()) as { result: { serverInfo: { name: string } } }).result.serverInfo.name,
    'memoryos',
  );
  // The Python client: tools/call add_memory with no session, read with response.json().
  const py = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'tools/call',
      params: { name: 'add_memory', arguments: { user_input: 'Hello', agent_response: 'Hi there!' } },
      id: 1,
    }),
  });
  assert.equal(
    ((await py.json()) as { result: { structuredContent: { status: string } } }).result.structuredContent.status,
    'success',
  );
  // Test invalid key.
  const invalid = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { 'X-API-Key': 'invalid-key', 'Content-Type': 'application/json' },
    body: '{"jsonrpc":"2.0","method":"initialize","params":{},"id":1}',
  });
  assert.equal(invalid.status, 401);
  // Test rate limiting: 101 rapid requests; 429 after 100 (two were spent above).
  const statuses: number[] = [];
  for (let i = 1; i <= 101; i++) {
    const r = await fetch(`${s.url}/mcp`, { headers: { 'X-API-Key': key } });
    statuses.push(r.status);
    await r.arrayBuffer();
  }
  assert.equal(statuses.filter((x) => x === 429).length, 3);
  assert.ok(statuses.slice(0, 98).every((x) => x !== 429));
  assert.deepEqual(statuses.slice(98), [429, 429, 429]);
});
