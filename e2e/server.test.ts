// The headless server over real HTTP on 127.0.0.1, driven by the official MCP SDK client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, ALICE_KEY, BOB_KEY, callTool, connectClient, startTestServer } from './fixtures/server.js';

type Retrieved = { retrieved_pages: { user_input: string }[]; short_term_memory: { user_input: string }[] };

test('both auth methods work with the SDK client, and the tools are listed', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const a = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  const b = await connectClient(s.url, { Authorization: `Bearer ${ALICE_KEY}` });
  const tools = await a.client.listTools();
  assert.deepEqual(tools.tools.map((x) => x.name).sort(), [
    'add_memory',
    'delete_memory',
    'edit_profile_line',
    'get_user_profile',
    'retrieve_memory',
    'show_memory',
    'update_knowledge',
  ]);
  assert.ok(tools.tools.every((x) => x.outputSchema && x.inputSchema.type === 'object'));
  const added = await callTool<{ memory_id: string }>(b.client, 'add_memory', {
    user_input: 'I moved to Porto in March',
    agent_response: 'Welcome to Porto!',
    tags: ['move'],
  });
  const found = await callTool<Retrieved & { took_ms: number }>(a.client, 'retrieve_memory', {
    query: 'where did I move?',
    max_results: 3,
  });
  assert.equal(found.retrieved_pages[0]?.user_input, 'I moved to Porto in March');
  const text = await a.client.callTool({ name: 'retrieve_memory', arguments: { query: 'Porto' } });
  assert.deepEqual(JSON.parse((text.content as { text: string }[])[0]!.text), text.structuredContent);
  const del = await callTool<{ deleted: boolean }>(a.client, 'delete_memory', { memory_id: added.memory_id });
  assert.equal(del.deleted, true);
  const again = await a.client.callTool({ name: 'delete_memory', arguments: { memory_id: added.memory_id } });
  assert.equal(again.isError, true);
  assert.match(JSON.stringify(again.content), /no memory with id/);
  await a.client.close();
  await b.client.close();
});

test('401 names a missing or an invalid key, with WWW-Authenticate, and never echoes the key', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'tools/list', id: 1 });
  const missing = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body,
  });
  assert.equal(missing.status, 401);
  assert.match(missing.headers.get('www-authenticate') ?? '', /^Bearer/);
  assert.match(((await missing.json()) as { error: { message: string } }).error.message, /required/);
  const wrong = 'wrong-key-that-must-not-be-echoed';
  const invalid = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': wrong },
    body,
  });
  assert.equal(invalid.status, 401);
  const text = await invalid.text();
  assert.match(text, /not valid/);
  assert.ok(!text.includes(wrong));
  const admin = await fetch(`${s.url}/admin/stats`);
  assert.equal(admin.status, 401);
});

test('rate limit: 429 with Retry-After and RateLimit headers after N requests; health is exempt', async (t) => {
  const s = await startTestServer({ rateLimit: { requests: 5, windowSeconds: 60 } });
  t.after(s.stop);
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 7; i++) {
    last = await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': ALICE_KEY } });
    statuses.push(last.status);
    assert.equal(last.headers.get('ratelimit-limit'), '5');
    await last.arrayBuffer();
  }
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
  assert.equal(last!.headers.get('ratelimit-remaining'), '0');
  const retry = Number(last!.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
  assert.equal(last!.headers.get('x-content-type-options'), 'nosniff');
  const bob = await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': BOB_KEY } });
  assert.equal(bob.status, 200, 'limits are per key');
  for (let i = 0; i < 10; i++) assert.equal((await fetch(`${s.url}/health`)).status, 200);
  // A per-key override applies at once, without a restart.
  s.runtime.rateLimits.setDefaults({ requests: 100, windowSeconds: 60 });
  assert.equal((await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': ALICE_KEY } })).status, 200);
  const stats = (await (await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': ADMIN_KEY } })).json()) as {
    rate_limited: number;
  };
  assert.equal(stats.rate_limited, 2);
});

test('alice never sees bob: not through tools, user_id arguments, X-User-ID, admin routes, or his session id', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const bob = await connectClient(s.url, { 'X-API-Key': BOB_KEY }, 'bob-app');
  await callTool(bob.client, 'add_memory', {
    user_input: 'bob-private-marker: my bank PIN hint is the cat',
    agent_response: 'ok',
    user_id: 'bob',
  });
  const alice = await connectClient(s.url, { 'X-API-Key': ALICE_KEY, 'X-User-ID': 'bob' }, 'alice-app');
  await callTool(alice.client, 'add_memory', { user_input: 'alice note about tulips', agent_response: 'ok' });
  const r = await callTool<Retrieved>(alice.client, 'retrieve_memory', {
    query: 'bob-private-marker bank PIN cat',
    user_id: 'bob',
    max_results: 50,
  });
  const p = await callTool(alice.client, 'get_user_profile', { user_id: 'bob' });
  assert.ok(!JSON.stringify([r.retrieved_pages, r.short_term_memory, p]).includes('bob-private-marker'));
  assert.equal((p as { user: string }).user, 'alice');

  const bobSession = bob.transport.sessionId!;
  const hijack = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'X-API-Key': ALICE_KEY,
      'Mcp-Session-Id': bobSession,
      'MCP-Protocol-Version': '2025-11-25',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'tools/call',
      params: { name: 'retrieve_memory', arguments: { query: 'bob-private-marker' } },
      id: 9,
    }),
  });
  assert.equal(hijack.status, 404);
  assert.ok(!(await hijack.text()).includes('bob-private-marker'));

  const aliceSessions = (await (
    await fetch(`${s.url}/admin/sessions`, { headers: { 'X-API-Key': ALICE_KEY } })
  ).json()) as { sessions: { key_name: string; client_name: string }[] };
  assert.deepEqual(
    aliceSessions.sessions.map((x) => x.key_name),
    ['alice'],
  );
  assert.equal(aliceSessions.sessions[0]!.client_name, 'alice-app');
  const aliceStats = (await (await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': ALICE_KEY } })).json()) as {
    memory_by_user: Record<string, unknown>;
  };
  assert.deepEqual(Object.keys(aliceStats.memory_by_user), ['alice']);
  const all = (await (await fetch(`${s.url}/admin/sessions`, { headers: { 'X-API-Key': ADMIN_KEY } })).json()) as {
    active_sessions: number;
  };
  assert.equal(all.active_sessions, 2);
  const adminStats = (await (await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': ADMIN_KEY } })).json()) as {
    memory_by_user: Record<string, unknown>;
    tools: Record<string, { calls: number }>;
  };
  assert.deepEqual(Object.keys(adminStats.memory_by_user).sort(), ['alice', 'bob']);
  assert.ok(adminStats.tools.add_memory!.calls >= 2);
  await bob.client.close();
  await alice.client.close();
});

test('DELETE ends a session, after which its id is 404; a request without a session is 400', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const { client, transport } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  const id = transport.sessionId!;
  await transport.terminateSession();
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    'X-API-Key': ALICE_KEY,
    'MCP-Protocol-Version': '2025-11-25',
  };
  const after = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { ...headers, 'Mcp-Session-Id': id },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'tools/list', id: 2 }),
  });
  assert.equal(after.status, 404);
  assert.equal(((await after.json()) as { error: { code: number } }).error.code, -32001);
  const none = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'tools/list', id: 3 }),
  });
  assert.equal(none.status, 400);
  assert.equal(s.runtime.sessions.count(), 0);
  await client.close();
});

test('GET /mcp opens the SSE stream of a session', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const init = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'X-API-Key': ALICE_KEY,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      id: 1,
    }),
  });
  const id = init.headers.get('mcp-session-id')!;
  await init.text();
  const ctrl = new AbortController();
  const res = await fetch(`${s.url}/mcp`, {
    headers: {
      Accept: 'text/event-stream',
      'X-API-Key': ALICE_KEY,
      'Mcp-Session-Id': id,
      'MCP-Protocol-Version': '2025-11-25',
    },
    signal: ctrl.signal,
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  assert.equal(s.runtime.sessions.list('alice')[0]!.sse_open, true);
  const other = await fetch(`${s.url}/mcp`, {
    headers: { Accept: 'text/event-stream', 'X-API-Key': BOB_KEY, 'Mcp-Session-Id': id },
  });
  assert.equal(other.status, 404, 'another key cannot attach to the stream');
  ctrl.abort();
});

test('Origin and Host are checked (DNS rebinding), CORS allows loopback origins and exposes Mcp-Session-Id', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'tools/list', id: 1 });
  const evil = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': ALICE_KEY, Origin: 'https://evil.example' },
    body,
  });
  assert.equal(evil.status, 403);
  assert.match(await evil.text(), /ALLOWED_ORIGINS/);
  const pre = await fetch(`${s.url}/mcp`, {
    method: 'OPTIONS',
    headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  assert.match(pre.headers.get('access-control-expose-headers') ?? '', /Mcp-Session-Id/);
  const { request } = await import('node:http');
  const status = await new Promise<number>((resolve, reject) => {
    const port = new URL(s.url).port;
    const req = request(
      { host: '127.0.0.1', port, path: '/health', headers: { Host: 'attacker.example:80' } },
      (res) => {
        res.resume();
        resolve(res.statusCode!);
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 421);
});

test('oversized and malformed bodies get clear errors and leave the store untouched', async (t) => {
  const s = await startTestServer({ maxBodyBytes: 2048 });
  t.after(s.stop);
  const headers = { 'Content-Type': 'application/json', 'X-API-Key': ALICE_KEY };
  const call = (args: unknown) =>
    JSON.stringify({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'add_memory', arguments: args }, id: 1 });
  assert.equal(
    (await fetch(`${s.url}/mcp`, { method: 'POST', headers, body: call({ user_input: 'kept', agent_response: 'ok' }) }))
      .status,
    200,
  );
  const big = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers,
    body: call({ user_input: 'x'.repeat(5000), agent_response: '' }),
  });
  assert.equal(big.status, 413);
  assert.match(((await big.json()) as { error: { message: string } }).error.message, /MAX_BODY_BYTES/);
  const bad = await fetch(`${s.url}/mcp`, { method: 'POST', headers, body: '{"jsonrpc": "2.0", "method": ' });
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { code: number } }).error.code, -32700);
  const invalid = await fetch(`${s.url}/mcp`, { method: 'POST', headers, body: call({ user_input: 42 }) });
  const err = ((await invalid.json()) as { error: { code: number; message: string } }).error;
  assert.equal(err.code, -32602);
  assert.match(err.message, /user_input/);
  assert.equal((await s.runtime.memory.forUser('alice').counts()).short_term, 1);
  assert.equal((await fetch(`${s.url}/health`)).status, 200);
});

test('failed authentication is throttled per wrong key and per address, and a valid key is never refused', async (t) => {
  const s = await startTestServer({ authFailureLimit: 3, authFailureWindowSeconds: 60 });
  t.after(s.stop);
  const status = async (headers: Record<string, string>) => (await fetch(`${s.url}/admin/stats`, { headers })).status;

  // Requests with no key at all (a web page firing image requests at the port) are 401, never counted.
  for (let i = 0; i < 10; i++) assert.equal(await status({}), 401);

  // A script retrying one revoked key backs off on that key...
  const retried: number[] = [];
  for (let i = 0; i < 4; i++) retried.push(await status({ 'X-API-Key': 'revoked-key-0123456789' }));
  assert.deepEqual(retried, [401, 401, 401, 429]);
  // ...while every valid key from the same address is served.
  assert.equal(await status({ 'X-API-Key': ALICE_KEY }), 200);
  assert.equal(await status({ 'X-API-Key': BOB_KEY }), 200);

  // Guessing many keys from one address is throttled per address (3 failures were already counted).
  const guesses: number[] = [];
  for (let i = 0; i < 2; i++) guesses.push(await status({ 'X-API-Key': `guess-${i}-0123456789abcdef` }));
  assert.deepEqual(guesses, [429, 429]);
  const limited = await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': 'guess-x-0123456789abcdef' } });
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.match(((await limited.json()) as { message: string }).message, /valid keys are not affected/);
  assert.equal(await status({ 'X-API-Key': ALICE_KEY }), 200, 'still served after the address is throttled');
});

test('REQUIRE_HTTPS refuses plain HTTP, and trusts X-Forwarded-Proto only from TRUST_PROXY', async (t) => {
  const direct = await startTestServer({ requireHttps: true });
  t.after(direct.stop);
  const spoof = await fetch(`${direct.url}/admin/stats`, {
    headers: { 'X-API-Key': ALICE_KEY, 'X-Forwarded-Proto': 'https' },
  });
  assert.equal(spoof.status, 403);
  const proxied = await startTestServer({ requireHttps: true, trustProxy: ['loopback'] });
  t.after(proxied.stop);
  const ok = await fetch(`${proxied.url}/admin/stats`, {
    headers: { 'X-API-Key': ALICE_KEY, 'X-Forwarded-Proto': 'https' },
  });
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('strict-transport-security') ?? '', /max-age/);
  const plain = await fetch(`${proxied.url}/admin/stats`, { headers: { 'X-API-Key': ALICE_KEY } });
  assert.equal(plain.status, 403);
  assert.equal(plain.headers.get('strict-transport-security'), null);
});

test('sessions beyond the per-key cap close the least recently used one', async (t) => {
  const s = await startTestServer({ maxSessionsPerKey: 2 });
  t.after(s.stop);
  const c1 = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  const c2 = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  const c3 = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  const ids = s.runtime.sessions
    .list('alice')
    .map((x) => x.id)
    .sort();
  assert.deepEqual(ids, [c2.transport.sessionId, c3.transport.sessionId].sort());
  for (const c of [c1, c2, c3]) await c.client.close();
});
