// Backups while the server runs, retention, verified restore; damaged stores and unusable data
// folders at start give clear errors and destroy nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { backupAll, backupsDir, engineStores, restoreUser } from '../main/backup/backups.js';
import { InvalidInputError } from '../main/errors.js';
import { userDbFile } from '../main/memory/service.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import { ALICE_KEY, callTool, connectClient } from './fixtures/server.js';
import { runCli, startServe } from './fixtures/serveProcess.js';

test('online backup while serving, retention, and a verified restore that keeps the replaced store', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const s = await startServe({ MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEYS: `alice:${ALICE_KEY}` });
  t.after(() => s.stop());
  const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  await callTool(client, 'add_memory', {
    user_input: 'before the backup: the violin is in the attic',
    agent_response: 'ok',
  });
  assert.equal((await runCli(['keys', 'create', 'bob'], { MEMORYOS_DATA_DIR: tmp.dir })).code, 0);
  const r = await runCli(['backup'], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(r.code, 0, r.stderr);
  await callTool(client, 'add_memory', {
    user_input: 'after the backup: the cello is in the garage',
    agent_response: 'ok',
  });
  await client.close();
  assert.equal(await s.stop(), 0);

  const dirs = readdirSync(backupsDir(tmp.dir));
  assert.equal(dirs.length, 1);
  const backupFile = join(backupsDir(tmp.dir), dirs[0]!, 'alice.db');
  // The keys travel with the stores (a lost disk otherwise means a new key for every client), private.
  const keysCopy = join(backupsDir(tmp.dir), dirs[0]!, 'keys.json');
  assert.deepEqual(readFileSync(keysCopy, 'utf8'), readFileSync(join(tmp.dir, 'keys.json'), 'utf8'));
  assert.equal(statSync(keysCopy).mode & 0o777, 0o600);
  assert.match(r.stdout, /keys/, 'the report says the keys are in it');
  const restored = await runCli(['restore', 'alice', backupFile], { MEMORYOS_DATA_DIR: tmp.dir });
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(restored.stdout, /kept at/);
  const svc = openTestService(tmp.dir);
  const texts = (await svc.forUser('alice').listPages({ limit: 10 })).items.map((p) => p.user_input).join('\n');
  assert.match(texts, /violin/);
  assert.doesNotMatch(texts, /cello/);
  await svc.close();
  assert.ok(
    readdirSync(join(tmp.dir, 'users', 'alice')).some((f) => f.includes('.replaced-')),
    'the replaced store is kept aside',
  );

  const svc2 = openTestService(tmp.dir);
  for (let i = 0; i < 4; i++) await backupAll(engineStores(svc2), tmp.dir, 3, new Date(Date.UTC(2030, 0, 1 + i)));
  await svc2.close();
  assert.equal(readdirSync(backupsDir(tmp.dir)).length, 3, 'retention keeps the newest 3');
});

test('restore refuses a damaged backup and leaves the current store untouched', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const svc = openTestService(tmp.dir);
  await svc.forUser('bob').add({ user_input: 'keep me', agent_response: '', memory_type: 'note', tags: [] });
  await svc.close();
  const bad = join(tmp.dir, 'bad.db');
  writeFileSync(bad, 'this is not a database');
  const before = readFileSync(userDbFile(tmp.dir, 'bob'));
  assert.throws(() => restoreUser(tmp.dir, 'bob', bad), InvalidInputError);
  assert.deepEqual(readFileSync(userDbFile(tmp.dir, 'bob')), before);
});

test('a damaged user store at start: the server runs, that user gets a clear error, the file is kept', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const svc = openTestService(tmp.dir);
  await svc.forUser('alice').add({ user_input: 'x', agent_response: '', memory_type: 'note', tags: [] });
  await svc.close();
  const file = userDbFile(tmp.dir, 'alice');
  writeFileSync(file, Buffer.alloc(16384, 0x41));
  const damaged = readFileSync(file);
  const s = await startServe({ MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEYS: `alice:${ALICE_KEY}` });
  t.after(() => s.stop());
  const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
  const res = await client.callTool({ name: 'retrieve_memory', arguments: { query: 'x' } });
  assert.equal(res.isError, true);
  assert.match(JSON.stringify(res.content), /damaged/);
  await client.close();
  const health = await fetch(`${s.url}/health`);
  assert.equal(health.status, 503);
  assert.deepEqual(readFileSync(file), damaged, 'the damaged file is left as it was');
  assert.ok(existsSync(file));
});

test('an unusable data folder stops start-up with a clear message', async () => {
  const r = await runCli(['serve', '--port', '0'], { MEMORYOS_DATA_DIR: '/proc/version/memoryos_data' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /could not be written/);
});
