// The attack classes a hostile tester found, each attacked from outside as an attacker would: raw HTTP
// on 127.0.0.1 against a real server, and the SDK client where a client is the attacker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY, ALICE_KEY, callTool, connectClient, startTestServer } from './fixtures/server.js';
import { runCli, startServe } from './fixtures/serveProcess.js';
import { startFakeOpenAi } from '../main/memory/llm/testing/fakeOpenAi.js';

/** A GET with a Host header of the attacker's choosing (fetch cannot set Host). */
function getWithHost(url: string, path: string, host: string, headers: Record<string, string> = {}) {
  const { port } = new URL(url);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host, ...headers } },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function postWithHost(url: string, host: string, body: unknown, headers: Record<string, string> = {}) {
  const { port } = new URL(url);
  const data = JSON.stringify(body);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/mcp',
        method: 'POST',
        headers: { Host: host, 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      },
      (res) => {
        let out = '';
        res.on('data', (d) => (out += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: out }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Pages alice has, wherever they are (short-term or moved to mid-term). */
const pagesOf = async (s: {
  runtime: { memory: { forUser(u: string): { counts(): Promise<Record<string, number>> } } };
}) => {
  const c = await s.runtime.memory.forUser('alice').counts();
  return (c.short_term ?? 0) + (c.mid_term_pages ?? 0);
};

const initialize = (version = '2025-11-25') => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'attacker', version: '1' } },
});

test('DNS rebinding: only exact loopback names are served, even with authentication off', async (t) => {
  const s = await startTestServer({ disableAuth: true });
  t.after(s.stop);
  const port = new URL(s.url).port;
  for (const host of ['127.evil.example', '127.0.0.1.nip.io', 'localhost.evil.example', '127.0.0.1:80:x', 'evil']) {
    for (const path of ['/admin/sessions', '/admin/stats'])
      assert.equal((await getWithHost(s.url, path, host)).status, 421, `${host} ${path} is refused`);
    assert.equal((await postWithHost(s.url, host, initialize())).status, 421, `${host} cannot initialize`);
  }
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`, 'localhost'])
    assert.equal((await getWithHost(s.url, '/admin/stats', host)).status, 200, `${host} is served`);
});

test('a web page cannot lock local clients out: requests without a key feed no throttle', async (t) => {
  const s = await startTestServer({ authFailureLimit: 5, authFailureWindowSeconds: 300 });
  t.after(s.stop);
  // What <img src="http://127.0.0.1:PORT/..."> from any site sends: no key, a foreign Origin or none.
  const fired = await Promise.all(
    Array.from({ length: 60 }, (_, i) =>
      fetch(`${s.url}/${i % 2 ? 'mcp' : 'admin/stats'}`, i % 3 ? {} : { headers: { Origin: 'https://evil.example' } }),
    ),
  );
  assert.ok(
    fired.every((r) => r.status === 401 || r.status === 403),
    'each refused, none throttled',
  );
  const wrong = await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': 'a-typo-0123456789abcdef' } });
  assert.equal(wrong.status, 401, 'a first wrong key is a plain 401: the flood counted nothing');
  const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  await callTool(client, 'add_memory', { user_input: 'still working', agent_response: 'ok' });
  await client.close();
});

test('JSON-RPC batches: every message is metered, and batches are refused where the protocol removed them', async (t) => {
  const s = await startTestServer({ rateLimit: { requests: 10, windowSeconds: 3600 } });
  t.after(s.stop);
  const adds = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => ({
      jsonrpc: '2.0',
      id: from + i,
      method: 'tools/call',
      params: { name: 'add_memory', arguments: { user_input: `batched ${from + i}`, agent_response: 'ok' } },
    }));
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${s.url}/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': ALICE_KEY, ...headers },
      body: JSON.stringify(body),
    });

  // No session and no protocol header: 2025-03-26 rules, where batches exist; 60 calls cost 60.
  const big = await post(adds(60));
  assert.equal(big.status, 429, 'a batch larger than the budget is refused whole');
  assert.equal(await pagesOf(s), 0, 'no message of it ran');
  const small = await post(adds(4));
  assert.equal(small.status, 200);
  assert.equal(((await small.json()) as unknown[]).length, 4);
  assert.equal(small.headers.get('ratelimit-remaining'), '6', 'the batch of 4 spent 4');

  // A session on 2025-06-18 or later: batches are not part of the protocol.
  const init = await post(initialize('2025-06-18'), { Accept: 'application/json, text/event-stream' });
  const session = init.headers.get('mcp-session-id')!;
  assert.ok(session);
  const refused = await post(adds(2, 100), {
    'Mcp-Session-Id': session,
    'MCP-Protocol-Version': '2025-06-18',
    Accept: 'application/json, text/event-stream',
  });
  assert.equal(refused.status, 400);
  const err = (await refused.json()) as { error: { code: number; message: string } };
  assert.equal(err.error.code, -32600);
  assert.match(err.error.message, /batches are not part of MCP protocol 2025-06-18/);
  assert.equal(await pagesOf(s), 4, 'nothing of the refused batch ran');
});

test('a request id still running in a session is refused, so no request waits forever for an answer given to another', async (t) => {
  // A slow embedding server keeps each retrieve running long enough to overlap the next.
  const fake = await startFakeOpenAi();
  t.after(fake.close);
  fake.embeddingDelayMs = 300;
  const s = await startTestServer({ embedding: { provider: 'openai', baseUrl: fake.baseUrl, dimensions: 8 } });
  t.after(s.stop);
  const headers = {
    'Content-Type': 'application/json',
    'X-API-Key': ALICE_KEY,
    Accept: 'application/json, text/event-stream',
  };
  const init = await fetch(`${s.url}/mcp`, { method: 'POST', headers, body: JSON.stringify(initialize('2025-06-18')) });
  await init.text();
  const session = {
    ...headers,
    'Mcp-Session-Id': init.headers.get('mcp-session-id')!,
    'MCP-Protocol-Version': '2025-06-18',
  };
  const retrieve = (query: string) =>
    fetch(`${s.url}/mcp`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'retrieve_memory', arguments: { query } },
      }),
    }).then(async (r) => ({ status: r.status, body: await r.text() }));
  const first = retrieve('first');
  await new Promise((r) => setTimeout(r, 100)); // the first is waiting on its query's embedding
  const settled = await Promise.race([
    Promise.all([first, retrieve('second')]),
    new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
  ]);
  assert.ok(settled, 'both requests were answered');
  const [one, second] = settled;
  assert.equal(one.status, 200);
  assert.match(one.body, /"query":\s*\\?"first/, 'the first got its own answer');
  assert.equal(second.status, 400);
  assert.match(second.body, /request id 1 is already used by a request still running/);
  assert.match((await retrieve('third')).body, /third/, 'the id is free again once its request ended');
});

test('text that cannot be stored as sent is refused (-32602), never altered; real pairs are kept byte for byte', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const raw = (text: string) =>
    `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"add_memory",` +
    `"arguments":{"user_input":"${text}","agent_response":"ok"}}}`;
  const send = (body: string) =>
    fetch(`${s.url}/mcp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': ALICE_KEY },
      body,
    });
  for (const lone of ['x\\ud800y', 'x\\udc00y', 'end\\ud83d']) {
    const r = await send(raw(lone));
    assert.equal(r.status, 400, lone);
    const body = (await r.json()) as { error: { code: number; message: string } };
    assert.equal(body.error.code, -32602);
    assert.match(body.error.message, /unpaired UTF-16 surrogate/);
  }
  assert.equal(await pagesOf(s), 0, 'nothing was stored');
  const ok = await send(raw('a rocket \\ud83d\\ude80 and \\u00e9'));
  assert.equal(ok.status, 200);
  const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  const found = await callTool<{ short_term_memory: { user_input: string }[] }>(client, 'retrieve_memory', {
    query: 'rocket',
  });
  await client.close();
  assert.equal(found.short_term_memory[0]!.user_input, 'a rocket \u{1F680} and \u00e9');
});

test('stores and backups are private to the account, even in a data folder someone else made', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'memoryos-perm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755); // made by hand (or a Docker bind mount), readable by everyone
  // The backup CLI runs first, on an empty folder, then the server.
  const first = await runCli(['backup'], { MEMORYOS_DATA_DIR: dir });
  assert.equal(first.code, 0, first.stderr);
  const s = await startServe({ MEMORYOS_DATA_DIR: dir, MCP_API_KEYS: `alice:${ALICE_KEY}` });
  const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  await callTool(client, 'add_memory', { user_input: 'private', agent_response: 'ok' });
  await client.close();
  const backup = await runCli(['backup'], { MEMORYOS_DATA_DIR: dir });
  assert.equal(backup.code, 0, backup.stderr);
  await s.stop();
  assert.match(s.stderr(), /can be read by other users of this machine; make it private with: chmod 700/);

  const open: string[] = [];
  const walk = (p: string) => {
    for (const name of readdirSync(p)) {
      const full = join(p, name);
      const st = statSync(full);
      const mode = st.mode & 0o777;
      if (st.isDirectory()) {
        if (mode !== 0o700) open.push(`${full} ${mode.toString(8)}`);
        walk(full);
      } else if (mode !== 0o600) open.push(`${full} ${mode.toString(8)}`);
    }
  };
  walk(dir);
  assert.deepEqual(open, [], 'every folder 0700 and every file 0600 below the data folder');
  const files = execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' });
  assert.match(files, /users\/alice\/memory\.db/);
  assert.match(files, /backups\/.*\/alice\.db/);
});

test('the dashboard API and /admin need an admin key; a user key cannot reach another user through them', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const admin = (channel: string, key: string, body: unknown) =>
    fetch(`${s.url}/admin/api/${channel}`, {
      method: 'POST',
      headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  assert.equal((await admin('memory.export', ALICE_KEY, { user: 'bob' })).status, 403);
  assert.equal((await admin('keys.list', ALICE_KEY, {})).status, 403);
  assert.equal((await admin('keys.list', ADMIN_KEY, {})).status, 200);
  const bad = await admin('memory.export', ADMIN_KEY, { user: '../../etc' });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { fields: Record<string, string> }).fields.user ?? '', /key name/);
});

test("over HTTP the server writes nothing outside its data folder: client configs are the app window's to add", async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'memoryos-home-data-'));
  const home = mkdtempSync(join(tmpdir(), 'memoryos-home-'));
  t.after(() => {
    rmSync(data, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  const s = await startServe({ MEMORYOS_DATA_DIR: data, HOME: home, MCP_API_KEY: ADMIN_KEY });
  t.after(() => s.stop());
  for (const client of ['cursor', 'claude-desktop']) {
    const r = await fetch(`${s.url}/admin/api/connect.install`, {
      method: 'POST',
      headers: { 'X-API-Key': ADMIN_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: ALICE_KEY, client }),
    });
    assert.equal(r.status, 403, client);
    assert.match(((await r.json()) as { message: string }).message, /only the MemoryOS app's own window/);
  }
  const configs = (await (
    await fetch(`${s.url}/admin/api/connect.configs`, {
      method: 'POST',
      headers: { 'X-API-Key': ADMIN_KEY, 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: ALICE_KEY }),
    })
  ).json()) as { installable: boolean }[];
  assert.ok(
    configs.every((c) => !c.installable),
    'nothing is offered as installable over HTTP',
  );
  assert.deepEqual(readdirSync(home), [], 'the home folder is untouched');
});

test("any key may ask /admin/stats, and asking opens no other user's store", async (t) => {
  const s = await startTestServer();
  for (const key of [ALICE_KEY, ADMIN_KEY]) {
    const { client } = await connectClient(s.url, { 'X-API-Key': key });
    await callTool(client, 'add_memory', { user_input: 'something', agent_response: 'ok' });
    await client.close();
  }
  const dir = s.dataDir;
  await s.runtime.close();
  const again = await startTestServer({}, dir);
  t.after(again.stop);
  const stats = await fetch(`${again.url}/admin/stats`, { headers: { 'X-API-Key': ALICE_KEY } });
  assert.equal(stats.status, 200);
  assert.deepEqual(Object.keys(((await stats.json()) as { memory_by_user: object }).memory_by_user), ['alice']);
  const health = (await (await fetch(`${again.url}/health`)).json()) as { store: { users_open: number } };
  assert.equal(health.store.users_open, 1, "only alice's own store was opened");
});
