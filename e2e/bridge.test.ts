// The built stdio bridge, driven by the SDK's stdio client exactly as Claude Desktop drives it, against
// a real `memoryos serve` process: every tool through it, a wrong key, a stopped server and a restarted one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOOL_NAMES } from '../shared/tools.js';
import { tempDataDir } from '../main/memory/testing.js';
import { BRIDGE, assertBridgeBuilt, bridgeClient } from './fixtures/bridge.js';
import { runCli, startServe, type ServeProcess } from './fixtures/serveProcess.js';

const KEY = 'bridge-test-key-0123456789abcdef';

type Tally = { after: (fn: () => unknown) => void };

async function serve(t: Tally, dataDir: string, port = 0): Promise<ServeProcess> {
  const s = await startServe({ MEMORYOS_DATA_DIR: dataDir, MCP_API_KEY: KEY, RATE_LIMIT_REQUESTS: '10000' }, [
    '--port',
    String(port),
  ]);
  t.after(() => s.stop());
  return s;
}

const structured = (r: unknown) => (r as { structuredContent: Record<string, unknown> }).structuredContent;

test('every tool works through the bridge, and the server sees the real client', async (t) => {
  assertBridgeBuilt();
  const data = tempDataDir();
  t.after(data.remove);
  const s = await serve(t, data.dir);
  const b = bridgeClient({ MEMORYOS_KEY: KEY, MEMORYOS_URL: `${s.url}/mcp` });
  await b.client.connect(b.transport);
  t.after(() => b.client.close());

  const { tools } = await b.client.listTools();
  assert.deepEqual(tools.map((x) => x.name).sort(), [...TOOL_NAMES].sort());
  const added = structured(
    await b.client.callTool({
      name: 'add_memory',
      arguments: { user_input: 'My bridge-crossing bike is a green Brompton', agent_response: 'Noted.' },
    }),
  );
  assert.equal(added.status, 'success');
  const found = structured(await b.client.callTool({ name: 'retrieve_memory', arguments: { query: 'Brompton bike' } }));
  assert.match(JSON.stringify(found.short_term_memory), /green Brompton/);
  const profile = structured(await b.client.callTool({ name: 'get_user_profile', arguments: {} }));
  assert.equal(profile.status, 'success');
  assert.equal(profile.user, 'default');
  const deleted = structured(
    await b.client.callTool({ name: 'delete_memory', arguments: { memory_id: added.memory_id as string } }),
  );
  assert.deepEqual([deleted.deleted, deleted.kind], [true, 'page']);
  await assert.rejects(
    b.client.callTool({ name: 'retrieve_memory', arguments: { query: '' } }),
    /invalid arguments for retrieve_memory: query/,
    'the server’s own refusals pass through unchanged',
  );

  const sessions = (await (await fetch(`${s.url}/admin/sessions`, { headers: { 'X-API-Key': KEY } })).json()) as {
    sessions: { client_name?: string; clientName?: string }[];
  };
  assert.match(JSON.stringify(sessions), /claude-desktop-like/, 'the session carries the client’s own name');
});

test('a wrong key is refused with a sentence that says what to do', async (t) => {
  assertBridgeBuilt();
  const data = tempDataDir();
  t.after(data.remove);
  const s = await serve(t, data.dir);
  const b = bridgeClient({ MEMORYOS_KEY: 'not-the-key-0123456789abcdef', MEMORYOS_URL: `${s.url}/mcp` });
  t.after(() => b.client.close());
  await assert.rejects(b.client.connect(b.transport), (err: Error) => {
    assert.match(err.message, /MemoryOS refused the API key in MEMORYOS_KEY: the API key is not valid/);
    assert.match(err.message, /Create a new key in MemoryOS \(API keys\)/);
    return true;
  });
  const none = bridgeClient({ MEMORYOS_URL: `${s.url}/mcp` });
  t.after(() => none.client.close());
  await assert.rejects(none.client.connect(none.transport), /MemoryOS needs an API key and MEMORYOS_KEY is empty/);
});

test('with no server, initialize is answered at once with an error, and stdout carries only that reply', async () => {
  assertBridgeBuilt();
  // A port nothing listens on: bind one, note it, close it.
  const { createServer } = await import('node:net');
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
  const child = spawn(process.execPath, [BRIDGE], {
    env: { PATH: process.env.PATH, MEMORYOS_KEY: KEY, MEMORYOS_URL: `http://127.0.0.1:${port}/mcp` },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', r));
  child.stdin.end(
    `${JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    })}\n`,
  );
  assert.equal(await exited, 0, `the bridge exits when its client closes stdin:\n${stderr}`);
  const lines = stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `exactly one protocol line on stdout, got:\n${stdout}`);
  const reply = JSON.parse(lines[0]!) as { id: number; error: { code: number; message: string } };
  assert.equal(reply.id, 1);
  assert.equal(reply.error.code, -32000);
  assert.match(reply.error.message, new RegExp(`MemoryOS is not running at http://127\\.0\\.0\\.1:${port}/mcp`));
  assert.match(reply.error.message, /Start the MemoryOS app/);
  assert.match(stderr, /bridging stdio to/, 'diagnostics go to stderr');
});

test('a stopped server gives a clear error; the restarted server is picked up without restarting the client', async (t) => {
  assertBridgeBuilt();
  const data = tempDataDir();
  t.after(data.remove);
  const first = await serve(t, data.dir);
  const port = Number(new URL(first.url).port);
  const b = bridgeClient({ MEMORYOS_KEY: KEY, MEMORYOS_URL: `${first.url}/mcp` });
  await b.client.connect(b.transport);
  t.after(() => b.client.close());
  await b.client.callTool({
    name: 'add_memory',
    arguments: { user_input: 'The spare key hangs behind the blue door', agent_response: 'ok' },
  });

  await first.stop();
  await assert.rejects(
    b.client.callTool({ name: 'retrieve_memory', arguments: { query: 'spare key' } }),
    (err: Error) => /MemoryOS is not running at .*Start the MemoryOS app/.test(err.message),
  );

  // The app comes back on its port, with the same data; the old session id means nothing to it.
  const second = await serve(t, data.dir, port);
  assert.equal(second.url, first.url);
  const found = structured(await b.client.callTool({ name: 'retrieve_memory', arguments: { query: 'spare key' } }));
  assert.match(JSON.stringify(found), /blue door/);
  assert.match(b.stderr(), /no longer knows this session/);
  const { tools } = await b.client.listTools();
  assert.equal(tools.length, TOOL_NAMES.length);
});

test('`connect claude-desktop --install` writes an entry that runs the bundled bridge with node, and it works', async (t) => {
  assertBridgeBuilt();
  const data = tempDataDir();
  t.after(data.remove);
  const home = tempDataDir('memoryos-claude-home-');
  t.after(home.remove);
  const s = await serve(t, data.dir);
  const r = await runCli(['connect', 'claude-desktop', '--key', KEY, '--url', `${s.url}/mcp`, '--install'], {
    HOME: home.dir,
    USERPROFILE: home.dir,
    APPDATA: join(home.dir, 'AppData', 'Roaming'),
  });
  assert.equal(r.code, 0, r.stderr);
  const file =
    process.platform === 'darwin'
      ? join(home.dir, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json')
      : process.platform === 'win32'
        ? join(home.dir, 'AppData', 'Roaming', 'Claude', 'claude_desktop_config.json')
        : join(home.dir, '.config', 'Claude', 'claude_desktop_config.json');
  const entry = (
    JSON.parse(readFileSync(file, 'utf8')) as {
      mcpServers: { memoryos: { command: string; args: string[]; env: Record<string, string> } };
    }
  ).mcpServers.memoryos;
  assert.equal(entry.command, process.execPath, 'an absolute node, not npx');
  assert.deepEqual(entry.args, [BRIDGE]);
  assert.deepEqual(entry.env, { MEMORYOS_URL: `${s.url}/mcp`, MEMORYOS_KEY: KEY });
  assert.doesNotMatch(JSON.stringify(entry), /npx|mcp-remote/);

  const b = bridgeClient(entry.env, entry.command, entry.args);
  await b.client.connect(b.transport);
  t.after(() => b.client.close());
  await b.client.callTool({ name: 'add_memory', arguments: { user_input: 'Claude Desktop config test: cello' } });
  const found = structured(await b.client.callTool({ name: 'retrieve_memory', arguments: { query: 'cello' } }));
  assert.match(JSON.stringify(found), /cello/);
});

test('a client that sends initialized right behind initialize gets one session, ended when it leaves', async (t) => {
  assertBridgeBuilt();
  const data = tempDataDir();
  t.after(data.remove);
  const s = await serve(t, data.dir);
  const child = spawn(process.execPath, [BRIDGE], {
    env: { PATH: process.env.PATH, MEMORYOS_KEY: KEY, MEMORYOS_URL: `${s.url}/mcp` },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const init = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipelining', version: '1' } },
  };
  // Both at once, without waiting for the answer, then the client goes away.
  child.stdin.end(
    `${JSON.stringify(init)}\n${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
  );
  await new Promise((r) => child.once('exit', r));
  assert.match(stdout, /"id":1,"result"/);
  assert.doesNotMatch(stderr, /Conflict/, 'no second event stream was tried');
  const opened = [...s.stderr().matchAll(/"msg":"session opened"/g)].length;
  assert.equal(opened, 1, 'one session for one client');
  const list = (await (await fetch(`${s.url}/admin/sessions`, { headers: { 'X-API-Key': KEY } })).json()) as {
    active_sessions: number;
  };
  assert.equal(list.active_sessions, 0, 'ended when the client left');
});
