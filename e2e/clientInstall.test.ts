// Writing a client's configuration into the home folder: the desktop app's own window may (it calls the
// handlers as the local owner, over IPC); anyone over HTTP may not (e2e/attacks.test.ts attacks that side).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY, ALICE_KEY, startTestServer } from './fixtures/server.js';
import { dispatch, LOCAL_OWNER } from '../main/api/handlers.js';

test("the app's own window adds a client's configuration; a signed-in HTTP caller may not", async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'memoryos-home-'));
  const saved = process.env.HOME;
  process.env.HOME = home;
  const s = await startTestServer();
  t.after(async () => {
    process.env.HOME = saved;
    await s.stop();
    rmSync(home, { recursive: true, force: true });
  });
  const handlers = s.runtime.dashboard;
  const asHttp = { key: { name: 'default', admin: true } };

  const offered = (await dispatch(handlers, 'connect.configs', { key: ALICE_KEY }, LOCAL_OWNER)) as {
    client: string;
    installable: boolean;
  }[];
  assert.deepEqual(
    offered.filter((c) => c.installable).map((c) => c.client),
    ['claude-desktop', 'cursor'],
  );
  const written = (await dispatch(handlers, 'connect.install', { key: ALICE_KEY, client: 'cursor' }, LOCAL_OWNER)) as {
    path: string;
  };
  assert.equal(written.path, join(home, '.cursor', 'mcp.json'));
  assert.match(readFileSync(written.path, 'utf8'), new RegExp(ALICE_KEY));

  await assert.rejects(
    dispatch(handlers, 'connect.install', { key: ADMIN_KEY, client: 'claude-desktop' }, asHttp),
    /only the MemoryOS app's own window/,
  );
  assert.equal(existsSync(join(home, '.config', 'Claude')), false);
});
