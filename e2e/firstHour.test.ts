// The first hour of a new user, each thing that went wrong reproduced from outside: the dashboard
// spending its own key's MCP budget, the owner revoking the last admin key, settings that stop the
// next start, two processes on one data folder, and the small refusals that read badly. (The README's
// commands themselves are run by e2e/readme.test.ts; the dashboard's dialogs by the browser tests.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDataDir } from '../main/memory/testing.js';
import { ADMIN_KEY, ALICE_KEY, callTool, connectClient, startTestServer } from './fixtures/server.js';
import { runCli, startServe } from './fixtures/serveProcess.js';

const api = (url: string, key: string, channel: string, body: unknown = {}) =>
  fetch(`${url}/admin/api/${channel}`, {
    method: 'POST',
    headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

test('an open dashboard never spends its key on the MCP rate limit', async (t) => {
  const s = await startTestServer({ rateLimit: { requests: 3, windowSeconds: 3600 } });
  t.after(s.stop);
  // Five minutes of the Overview polling every three seconds: 100 calls.
  for (let i = 0; i < 100; i++) assert.equal((await api(s.url, ADMIN_KEY, 'overview.get')).status, 200, `poll ${i}`);
  const mcp = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { 'X-API-Key': ADMIN_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  assert.equal(mcp.status, 200, 'the key still works for MCP');
  assert.equal(mcp.headers.get('ratelimit-remaining'), '2', 'and its MCP budget is untouched by the polling');
  // Nor is the key's request count: the API keys screen shows what clients did with it.
  const listed = (await (await api(s.url, ADMIN_KEY, 'keys.list')).json()) as {
    name: string;
    request_count: number;
  }[];
  assert.equal(listed.find((k) => k.name === 'default')!.request_count, 1, 'the one MCP call, not 100 polls');
});

test('the last admin key cannot be revoked or demoted; a locked-out owner gets a new key at start', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const s = await startServe({ MEMORYOS_DATA_DIR: tmp.dir });
  const owner = (await s.waitForStdout(/API key: (\S+)/))[1]!;
  const refused = await api(s.url, owner, 'keys.revoke', { name: 'default' });
  assert.equal(refused.status, 409);
  assert.match(((await refused.json()) as { message: string }).message, /last admin key.*Create another admin key/);
  assert.equal((await api(s.url, owner, 'overview.get')).status, 200, 'the owner is still signed in');
  const cli = await runCli(['keys', 'revoke', 'default'], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /"default" is the last admin key/);
  assert.doesNotMatch(cli.stderr, /\n\s+at /, 'no stack trace');

  // With a second admin, the first can go.
  const rescue = await runCli(['keys', 'create', 'rescue', '--admin'], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(rescue.code, 0, rescue.stderr);
  const rescueKey = /\n\s+(\S{32,})\n/.exec(rescue.stdout)![1]!;
  for (let i = 0; i < 40 && (await api(s.url, rescueKey, 'keys.list')).status !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
  assert.equal((await api(s.url, rescueKey, 'keys.revoke', { name: 'default' })).status, 200);
  await s.stop();

  // Every admin key revoked by hand in keys.json: the next start prints a new one that signs in.
  const file = join(tmp.dir, 'keys.json');
  const keys = JSON.parse(readFileSync(file, 'utf8'));
  for (const k of keys.keys) k.revoked = true;
  writeFileSync(file, JSON.stringify(keys));
  const again = await startServe({ MEMORYOS_DATA_DIR: tmp.dir });
  t.after(() => again.stop());
  const fresh = (await again.waitForStdout(/API key: (\S+)/))[1]!;
  assert.equal((await api(again.url, fresh, 'keys.list')).status, 200);
});

test('settings the next start would refuse are refused at save, beside their fields; a bad file stops start-up clearly', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const current = (await (await api(s.url, ADMIN_KEY, 'settings.get')).json()) as Record<string, unknown>;
  const { storedIn: _s, llmApiKeySet: _k, ...editable } = current;
  const bad = await api(s.url, ADMIN_KEY, 'settings.update', {
    ...editable,
    llmApiKey: '',
    host: 'not a host!!',
    trustProxy: ['999.1.1.1'],
    allowedOrigins: ['foo'],
  });
  assert.equal(bad.status, 400);
  const body = (await bad.json()) as { message: string; fields: Record<string, string> };
  assert.deepEqual(Object.keys(body.fields).sort(), ['allowedOrigins[0]', 'host', 'trustProxy[0]']);
  assert.match(body.fields.host!, /^Must be an IP address/);
  assert.doesNotMatch(body.message, /✖|→|Invalid input/, 'sentences, not validator output');
  assert.equal(existsSync(join(s.dataDir, 'settings.json')), false, 'nothing was saved');

  const tmp = tempDataDir();
  t.after(tmp.remove);
  writeFileSync(join(tmp.dir, 'settings.json'), JSON.stringify({ host: 'not a host!!', trustProxy: ['999.1.1.1'] }));
  const start = await runCli(['serve', '--port', '0'], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(start.code, 2);
  assert.match(start.stderr, /settings\.json, setting "host": Must be an IP address/);
  assert.match(start.stderr, /settings\.json, setting "trustProxy\[0\]"/);
  assert.doesNotMatch(start.stderr, /\n\s+at |ZodError|getaddrinfo/, 'no stack trace, no DNS error');

  // A name no setting has was dropped in silence (the server started with the default limit).
  const file = join(tmp.dir, 'team.json');
  writeFileSync(file, JSON.stringify({ RATE_LIMIT_REQUESTS: 6, memory: { short_term_capacity: 3 } }));
  const unknown = await runCli(['serve', '--port', '0', '--config', file], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /"RATE_LIMIT_REQUESTS" \(did you mean "rateLimit\.requests"\?\)/);
  assert.match(unknown.stderr, /"memory\.short_term_capacity" \(did you mean "memory\.shortTermCapacity"\?\)/);
});

test('Settings shows what is saved: a rate limit applied at once stays when another field is saved; the data folder and a missing model folder are refused', async (t) => {
  const s = await startTestServer();
  t.after(s.stop);
  const view = async () => {
    const {
      storedIn: _s,
      llmApiKeySet: _k,
      ...editable
    } = (await (await api(s.url, ADMIN_KEY, 'settings.get')).json()) as Record<string, unknown>;
    return { ...editable, llmApiKey: '' } as Record<string, unknown>;
  };
  const health = async () => (await (await fetch(`${s.url}/health`)).json()) as { rate_limit: { requests: number } };
  assert.equal(
    (await api(s.url, ADMIN_KEY, 'settings.update', { ...(await view()), rateLimitRequests: 150 })).status,
    200,
  );
  assert.equal((await view()).rateLimitRequests, 150, 'the form shows the limit in use, not the one started with');
  assert.equal((await health()).rate_limit.requests, 150);

  // Another field saved from the reopened form keeps the limit (it was put back to the start value).
  const saved = await api(s.url, ADMIN_KEY, 'settings.update', { ...(await view()), logLevel: 'debug' });
  assert.equal(saved.status, 200);
  assert.equal((await view()).logLevel, 'debug', 'a value waiting for a restart is what the form shows');
  const file = JSON.parse(readFileSync(join(s.dataDir, 'settings.json'), 'utf8'));
  assert.equal(file.rateLimit.requests, 150);
  assert.equal((await health()).rate_limit.requests, 150);

  const moved = await api(s.url, ADMIN_KEY, 'settings.update', { ...(await view()), dataDir: `${s.dataDir}-moved` });
  assert.equal(moved.status, 400);
  const refusal = (await moved.json()) as { message: string; fields: Record<string, string> };
  assert.match(refusal.message, /cannot be changed here.*--data-dir/s);
  assert.ok(refusal.fields.dataDir, 'said beside the field');

  const model = await api(s.url, ADMIN_KEY, 'settings.update', {
    ...(await view()),
    embeddingProvider: 'onnx',
    embeddingModelPath: join(s.dataDir, 'no-such-model'),
  });
  assert.equal(model.status, 400, 'the next start would stop on it');
  assert.match(
    ((await model.json()) as { fields: Record<string, string> }).fields.embeddingModelPath!,
    /does not exist/,
  );
  assert.equal(
    JSON.parse(readFileSync(join(s.dataDir, 'settings.json'), 'utf8')).embedding?.provider ?? 'hashed',
    'hashed',
  );
});

test('connect finds the port the server on its data folder listens on, and --install says when nothing answers there', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const home = tempDataDir();
  t.after(home.remove);
  const env = { MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEY: ALICE_KEY, HOME: home.dir };
  const server = await startServe(env);
  t.after(() => server.stop());
  const cursorFile = join(home.dir, '.cursor', 'mcp.json');
  const installed = await runCli(['connect', 'cursor', '--key', ALICE_KEY, '--install'], env);
  assert.equal(installed.code, 0, installed.stderr);
  const entry = () => JSON.parse(readFileSync(cursorFile, 'utf8')).mcpServers.memoryos as { url: string };
  assert.equal(entry().url, `${server.url}/mcp`, "the running server's port, not 3000");
  assert.match(installed.stdout, /Checked: the server at .* answers with this key/);
  assert.equal((await runCli(['connect', 'curl', '--key', ALICE_KEY, '--test'], env)).code, 0);

  await server.stop();
  const stopped = await runCli(['connect', 'cursor', '--key', ALICE_KEY, '--install', '--port', '1'], env);
  assert.equal(stopped.code, 0, 'written anyway: the server may be stopped on purpose');
  assert.match(stopped.stdout, /Warning: http:\/\/127\.0\.0\.1:1\/mcp did not answer with this key just now/);
});

test('one process owns a data folder: a second server and a restore are refused; a killed one does not block', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const env = { MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEYS: `alice:${ALICE_KEY}` };
  const first = await startServe(env);
  const { client } = await connectClient(first.url, { 'X-API-Key': ALICE_KEY });
  await callTool(client, 'add_memory', { user_input: 'acknowledged before the restore attempt', agent_response: 'ok' });
  await client.close();

  const second = await runCli(['serve', '--port', '0'], env);
  assert.equal(second.code, 2);
  assert.match(
    second.stderr,
    new RegExp(`the data folder ${tmp.dir} is in use by memoryos serve \\(pid ${first.proc.pid}`),
  );

  const backup = await runCli(['backup'], env);
  assert.equal(backup.code, 0, 'backups may run beside the server');
  const dir = readdirSync(join(tmp.dir, 'backups'))[0]!;
  const restore = await runCli(['restore', 'alice', join(tmp.dir, 'backups', dir, 'alice.db')], env);
  assert.equal(restore.code, 2);
  assert.match(restore.stderr, /is in use by memoryos serve/);
  assert.ok(!readdirSync(join(tmp.dir, 'users', 'alice')).some((f) => f.includes('replaced')), 'nothing replaced');

  await first.stop('SIGKILL');
  const after = await startServe(env);
  t.after(() => after.stop());
  const c2 = await connectClient(after.url, { 'X-API-Key': ALICE_KEY });
  const found = await callTool<{ short_term_memory: { user_input: string }[] }>(c2.client, 'retrieve_memory', {
    query: 'acknowledged',
  });
  await c2.client.close();
  assert.ok(found.short_term_memory.some((p) => p.user_input.includes('acknowledged')));
});

test('the small refusals read as sentences', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  // connect --test against a stopped server: what to do, not "fetch failed".
  const stopped = await startTestServer();
  const port = new URL(stopped.url).port;
  await stopped.stop();
  const test1 = await runCli(['connect', 'curl', '--key', 'k'.repeat(20), '--port', port, '--test']);
  assert.equal(test1.code, 1);
  assert.match(test1.stdout, /nothing is listening there: is the server running\?/);

  // A tool refusal says its reason once.
  const s = await startTestServer();
  t.after(s.stop);
  const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  const err = await client.callTool({ name: 'add_memory', arguments: { user_input: 42 } }).catch((e: Error) => e);
  await client.close();
  assert.ok(err instanceof Error);
  assert.equal((err.message.match(/MCP error -32602/g) ?? []).length, 1, err.message);
  assert.match(err.message, /user_input: Expected text\./);

  // restore for a name with neither key nor store.
  const restore = await runCli(['restore', 'nobody', '/tmp/whatever.db'], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(restore.code, 2);
  assert.match(restore.stderr, /no key and no store named "nobody"/);
  assert.equal(existsSync(join(tmp.dir, 'users', 'nobody')), false);

  // Named keys without an admin: the dashboard would refuse every key, so start-up says so.
  const noAdmin = await startServe({ MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEYS: `alice:${ALICE_KEY}` });
  for (let i = 0; i < 100 && !/no admin key/.test(noAdmin.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
  await noAdmin.stop();
  assert.match(noAdmin.stderr(), /no admin key: the dashboard will refuse every key/);

  // --help states each default once.
  const help = await runCli(['--help']);
  for (const line of help.stdout.split('\n'))
    assert.ok((line.match(/\(default: /g) ?? []).length <= 1 && !/default: (\S+)\) \(default: \1/.test(line), line);
});

test('a first start that fails (port taken) still shows the generated key, and that key works on the next start', async (t) => {
  const busy = await startTestServer();
  t.after(busy.stop);
  const port = new URL(busy.url).port;
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const failed = await runCli(['serve', '--port', port], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use`));
  const key = /API key: (\S+)/.exec(failed.stdout);
  assert.ok(key, `the key is shown although the server did not start:\n${failed.stdout}`);
  const next = await startServe({ MEMORYOS_DATA_DIR: tmp.dir });
  t.after(() => next.stop());
  assert.doesNotMatch(next.stdout(), /API key:/, 'shown once only');
  assert.equal((await api(next.url, key[1]!, 'keys.list')).status, 200, 'and it signs in');
});

test('a leaked key is replaced by revoking it and creating the name again: same memories, new key', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const env = { MEMORYOS_DATA_DIR: tmp.dir };
  const first = await runCli(['keys', 'create', 'cursor'], env);
  const oldKey = /\n\s+(\S{32,})\n/.exec(first.stdout)![1]!;
  const s = await startServe(env);
  t.after(() => s.stop());
  const c1 = await connectClient(s.url, { 'X-API-Key': oldKey });
  await callTool(c1.client, 'add_memory', { user_input: 'my locker code is 4321', agent_response: 'ok' });
  await c1.client.close();
  const again = await runCli(['keys', 'create', 'cursor'], env);
  assert.equal(again.code, 2, 'not while the old key works');
  assert.match(again.stderr, /revoke it first/);
  assert.equal((await runCli(['keys', 'revoke', 'cursor'], env)).code, 0);
  const renewed = await runCli(['keys', 'create', 'cursor'], env);
  assert.equal(renewed.code, 0, renewed.stderr);
  const newKey = /\n\s+(\S{32,})\n/.exec(renewed.stdout)![1]!;
  // A running server picks key changes up within seconds.
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${s.url}/mcp`, {
      method: 'POST',
      headers: { 'X-API-Key': newKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    if (r.status === 200) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const c2 = await connectClient(s.url, { 'X-API-Key': newKey });
  const found = await callTool<{ short_term_memory: { user_input: string }[] }>(c2.client, 'retrieve_memory', {
    query: 'locker code',
  });
  await c2.client.close();
  assert.ok(
    found.short_term_memory.some((p) => p.user_input.includes('4321')),
    'the same memories',
  );
  const old = await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': oldKey } });
  assert.equal(old.status, 401, 'the leaked key stays refused');
});
