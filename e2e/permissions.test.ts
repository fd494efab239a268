// Read-only data at start, for real: the server runs as a user who may read but not write (as root,
// it is started as `nobody`, since root ignores file modes). A read-only data folder stops start-up
// with a clear message; a read-only store in a writable folder leaves the server up, gives that
// user a clear error, and serves everyone else. Nothing is changed on disk either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userDbFile } from '../main/memory/service.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import { ALICE_KEY, BOB_KEY, callTool, connectClient } from './fixtures/server.js';
import { runCli, startServe, type AsUser } from './fixtures/serveProcess.js';

const ROOT = process.getuid?.() === 0;
const NOBODY = 65534;
const as: AsUser = ROOT ? { uid: NOBODY, gid: NOBODY } : {};
const skip = process.platform === 'win32' ? 'POSIX file modes only' : false;

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Whether the server's user owns the path (only meaningful as root, where it runs as nobody). */
function giveToServer(path: string): void {
  if (ROOT) chownSync(path, NOBODY, NOBODY);
}

async function seed(dir: string): Promise<void> {
  const svc = openTestService(dir);
  await svc
    .forUser('alice')
    .add({ user_input: 'the spare key is under the blue pot', agent_response: 'noted', memory_type: 'note', tags: [] });
  await svc.close();
}

test('a read-only data folder stops start-up with a clear message and changes nothing', { skip }, async (t) => {
  const tmp = tempDataDir();
  t.after(() => {
    chmodSync(tmp.dir, 0o700);
    tmp.remove();
  });
  await seed(tmp.dir);
  const store = userDbFile(tmp.dir, 'alice');
  const before = digest(store);
  for (const p of [store, dirname(store), join(tmp.dir, 'users'), tmp.dir]) chmodSync(p, p === store ? 0o444 : 0o555);

  const r = await runCli(
    ['serve', '--port', '0'],
    { MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEYS: `alice:${ALICE_KEY}` },
    as,
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /the data folder .* could not be written \(permission denied\)/);
  assert.match(r.stderr, /MEMORYOS_DATA_DIR/, 'says how to fix it');
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  for (const p of [store, dirname(store), join(tmp.dir, 'users')]) chmodSync(p, 0o755);
  assert.equal(digest(store), before);
  assert.deepEqual(readdirSync(tmp.dir).sort(), ['users'], 'no probe or key file left behind');
});

test(
  'a read-only store in a writable folder: that user gets a clear error, the server and other users carry on',
  { skip },
  async (t) => {
    const tmp = tempDataDir();
    t.after(() => {
      chmodSync(dirname(userDbFile(tmp.dir, 'alice')), 0o700);
      tmp.remove();
    });
    await seed(tmp.dir);
    const store = userDbFile(tmp.dir, 'alice');
    const before = digest(store);
    for (const p of [tmp.dir, join(tmp.dir, 'users')]) giveToServer(p);
    chmodSync(store, 0o444);
    chmodSync(dirname(store), 0o555);

    const s = await startServe(
      { MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEYS: `alice:${ALICE_KEY},bob:${BOB_KEY}` },
      [],
      30_000,
      as,
    );
    t.after(() => s.stop());
    const { client: alice } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });
    const res = await alice.callTool({
      name: 'add_memory',
      arguments: { user_input: 'a new memory', agent_response: 'ok' },
    });
    assert.equal(res.isError, true);
    const text = JSON.stringify(res.content);
    assert.match(text, /cannot be written \(read-only file or folder\?\)/, text);
    assert.doesNotMatch(text, /\n\s+at /);
    await alice.close();

    assert.equal((await fetch(new URL('/', s.url))).status, 200, 'the server is up');
    const health = await fetch(new URL('/health', s.url));
    assert.equal(health.status, 503, 'and says it is degraded');
    assert.equal(((await health.json()) as { status: string }).status, 'degraded');
    const { client: bob } = await connectClient(s.url, { 'X-API-Key': BOB_KEY });
    await callTool(bob, 'add_memory', { user_input: 'bob can still write', agent_response: 'ok' });
    const found = await callTool<{ retrieved_pages: unknown[]; short_term_memory: unknown[] }>(bob, 'retrieve_memory', {
      query: 'bob write',
    });
    assert.equal(found.short_term_memory.length, 1);
    await bob.close();
    assert.equal(await s.stop(), 0);
    chmodSync(dirname(store), 0o755);
    assert.equal(digest(store), before, "alice's store is unchanged");
  },
);
