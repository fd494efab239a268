// Hostile input against a real server: nothing crashes it, nothing it rejects changes state, every
// refusal is a 4xx with a JSON body, memory stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import fc from 'fast-check';
import { ADMIN_KEY, ALICE_KEY, BOB_KEY, callTool, connectClient, startTestServer } from './fixtures/server.js';

const post = (url: string, body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': ALICE_KEY, ...headers },
    body,
  });

async function expectClientError(res: Response): Promise<void> {
  const text = await res.text();
  if (res.status >= 500) assert.fail(`5xx ${res.status}: ${text.slice(0, 200)}`);
  if (res.status >= 400) assert.doesNotThrow(() => JSON.parse(text), `error body is JSON: ${text.slice(0, 100)}`);
}

function rawRequest(port: number, raw: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1', () => sock.end(raw));
    let out = '';
    sock.on('data', (d) => (out += d));
    sock.on('close', () => resolve(out));
    sock.on('error', () => resolve(out));
    sock.setTimeout(5000, () => sock.destroy());
  });
}

test('fuzzed bodies, JSON-RPC shapes and tool arguments: no crash, no 5xx, no change', async (t) => {
  const s = await startTestServer({ rateLimit: { requests: 1_000_000, windowSeconds: 60 } });
  t.after(s.stop);
  const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  t.after(() => client.close());
  await callTool(client, 'add_memory', { user_input: 'the one real memory', agent_response: 'ok' });
  const before = JSON.stringify(await s.runtime.memory.forUser('alice').counts());

  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string(),
        fc.json(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      ),
      async (body) => expectClientError(await post(s.url, body)),
    ),
    { numRuns: 150 },
  );
  const shapes = fc.record({
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.string()),
    id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
    method: fc.oneof(fc.constantFrom('tools/call', 'tools/list', 'initialize', 'resources/list'), fc.string()),
    params: fc.oneof(
      fc.constant(undefined),
      fc.jsonValue(),
      fc.record({
        name: fc.constantFrom('retrieve_memory', 'delete_memory', 'get_user_profile', 'nope'),
        arguments: fc.jsonValue(),
      }),
    ),
  });
  await fc.assert(
    fc.asyncProperty(shapes, async (msg) => expectClientError(await post(s.url, JSON.stringify(msg)))),
    { numRuns: 150 },
  );
  await fc.assert(
    fc.asyncProperty(
      fc.dictionary(fc.constantFrom('query', 'max_results', 'memory_id', 'tags', 'since', 'user_id'), fc.jsonValue()),
      async (args) => {
        for (const name of ['retrieve_memory', 'delete_memory']) {
          const r = await client
            .callTool({ name, arguments: args })
            .catch((e: Error) => ({ isError: true, content: e.message }));
          assert.ok(r !== undefined);
        }
      },
    ),
    { numRuns: 100 },
  );
  assert.equal(
    JSON.stringify(await s.runtime.memory.forUser('alice').counts()),
    before,
    'rejected requests changed nothing',
  );
  assert.equal((await fetch(`${s.url}/health`)).status, 200);
});

test('huge strings, deep nesting, invalid UTF-8 and header injection are refused cleanly', async (t) => {
  const s = await startTestServer({ rateLimit: { requests: 1_000_000, windowSeconds: 60 } });
  t.after(s.stop);
  const port = Number(new URL(s.url).port);
  const call = (args: unknown) =>
    JSON.stringify({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'add_memory', arguments: args }, id: 1 });
  const huge = await post(s.url, call({ user_input: 'x'.repeat(200_000), agent_response: '' }));
  assert.equal(huge.status, 200);
  assert.match(JSON.stringify(await huge.json()), /-32602|at most 100000/);
  await expectClientError(await post(s.url, '['.repeat(200_000)));
  await expectClientError(await post(s.url, `{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`));
  const badUtf8 = Buffer.concat([
    Buffer.from('{"jsonrpc":"2.0","method":"tools/call","params":{"name":"add_memory","arguments":{"user_input":"'),
    Buffer.from([0xff, 0xfe, 0xc3]),
    Buffer.from('","agent_response":""}},"id":1}'),
  ]);
  const utf = await post(s.url, badUtf8);
  assert.equal(utf.status, 400);
  assert.match(await utf.text(), /not valid UTF-8/);
  const injected = await rawRequest(
    port,
    `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: a\r\nInjected\r\n\r\n`,
  );
  assert.match(injected, /^HTTP\/1\.1 400/);
  const split = await rawRequest(
    port,
    `GET /admin/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: ${ALICE_KEY}\rX-User-ID: bob\r\n\r\n`,
  );
  assert.match(split, /^HTTP\/1\.1 (400|401)/);
  assert.equal(
    (await s.runtime.memory.forUser('alice').counts()).short_term,
    0,
    'nothing of the refused requests was stored',
  );
  assert.equal((await fetch(`${s.url}/health`)).status, 200);
});

test('path-traversal key names are refused everywhere', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  for (const name of ['../alice', '..', 'a/b', 'A', 'x'.repeat(65), 'bob\u0000', '%2e%2e']) {
    const res = await fetch(`${s.url}/admin/api/keys.create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': ADMIN_KEY },
      body: JSON.stringify({ name }),
    });
    assert.equal(res.status, 400, name);
    const mem = await fetch(`${s.url}/admin/api/memory.shortTerm`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': ADMIN_KEY },
      body: JSON.stringify({ user: name }),
    });
    assert.equal(mem.status, 400, name);
  }
  const { serverConfigSchema } = await import('../shared/config.js');
  assert.equal(serverConfigSchema.safeParse({ apiKeys: [{ name: '../etc', key: 'k'.repeat(20) }] }).success, false);
});

test('isolation under concurrency: several users writing and reading at once never see each other', async (t) => {
  const s = await startTestServer({
    apiKeys: [
      { name: 'alice', key: ALICE_KEY },
      { name: 'bob', key: BOB_KEY },
      { name: 'carol', key: 'carol-key-0123456789abcdef' },
      { name: 'dave', key: 'dave-key-0123456789abcdef0' },
    ],
    rateLimit: { requests: 100000, windowSeconds: 60 },
  });
  t.after(s.stop);
  const users = {
    alice: ALICE_KEY,
    bob: BOB_KEY,
    carol: 'carol-key-0123456789abcdef',
    dave: 'dave-key-0123456789abcdef0',
  };
  const leaks: string[] = [];
  await Promise.all(
    Object.entries(users).map(async ([name, key]) => {
      const { client } = await connectClient(s.url, { 'X-API-Key': key });
      for (let i = 0; i < 25; i++) {
        await callTool(client, 'add_memory', {
          user_input: `marker-${name}-${i} shared topic garden tomatoes`,
          agent_response: 'ok',
        });
        const r = await callTool(client, 'retrieve_memory', {
          query: 'shared topic garden tomatoes marker',
          max_results: 50,
        });
        const text = JSON.stringify(r);
        for (const other of Object.keys(users))
          if (other !== name && text.includes(`marker-${other}-`)) leaks.push(`${name} saw ${other}`);
      }
      await client.close();
    }),
  );
  assert.deepEqual(leaks, []);
});

test('thousands of session attempts stay bounded by the per-key cap', async (t) => {
  const s = await startTestServer({ maxSessionsPerKey: 20, rateLimit: { requests: 1_000_000, windowSeconds: 60 } });
  t.after(s.stop);
  const init = JSON.stringify({
    jsonrpc: '2.0',
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'flood', version: '1' } },
    id: 1,
  });
  const rssBefore = process.memoryUsage().rss;
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        const r = await post(s.url, init, { Accept: 'application/json, text/event-stream' });
        await r.text();
      }),
    );
  }
  assert.ok(s.runtime.sessions.count('alice') <= 20, `open sessions ${s.runtime.sessions.count('alice')}`);
  const growthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  assert.ok(growthMb < 300, `RSS grew ${growthMb.toFixed(0)} MB`);
  assert.equal((await fetch(`${s.url}/health`)).status, 200);
});
