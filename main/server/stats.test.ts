// Client traffic as the Overview charts it: what counts, what does not, and that it survives a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDataDir } from '../memory/testing.js';
import type { MemoryService } from '../memory/types.js';
import type { SessionRegistry } from '../ports.js';
import { Stats } from './stats.js';
import { StatsStore, statsFilePath } from './statsStore.js';

const noSessions = { count: () => 0 } as unknown as SessionRegistry;
const noMemory = { countsByUser: () => ({}) } as unknown as MemoryService;
const quiet = () => {};

test('only client traffic counts; a failed sign-in is not an error; counts and latency survive a restart', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  let now = Date.parse('2025-05-08T12:00:30Z');
  const open = () => new Stats(() => noSessions, noMemory, new StatsStore(statsFilePath(tmp.dir), quiet, () => now));
  const stats = open();
  stats.request('laptop', 200, '/mcp');
  stats.request('laptop', 200, '/mcp');
  stats.request('laptop', 400, '/mcp');
  stats.request('laptop', 429, '/mcp');
  stats.request(undefined, 401, '/mcp'); // a typo in a client's key: an authentication failure, not an error
  stats.request(undefined, 401, '/admin/api/overview.get'); // a sign-in typo on the dashboard
  stats.request('admin', 200, '/admin/api/overview.get'); // the dashboard polling
  stats.request(undefined, 200, '/ui/assets/index.js');
  stats.request(undefined, 404, '/favicon.ico');
  stats.request('admin', 200, '/admin/stats');
  stats.tool('laptop', 'add_memory', 10, true);
  stats.tool('laptop', 'add_memory', 30, false);
  now += 60_000;
  stats.request('phone', 200, '/mcp');
  stats.tool('phone', 'retrieve_memory', 4, true);

  const snap = await stats.snapshot();
  assert.equal(snap.requests, 7);
  assert.equal(snap.errors, 1);
  assert.equal(snap.rate_limited, 1);
  assert.equal(snap.auth_failures, 1);
  assert.ok(stats.firstClientAt());
  stats.close();

  const again = open();
  const all = again.trends('hour', null);
  assert.equal(all.times.length, 60);
  assert.equal(all.step_seconds, 60);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  assert.equal(sum(all.requests), 7);
  assert.equal(sum(all.errors), 1);
  assert.equal(sum(all.rate_limited), 1);
  assert.deepEqual(all.keys, ['admin', 'laptop', 'phone']);
  // The newest point is this minute; the one before holds the first minute's traffic.
  assert.equal(all.times.at(-1), Math.floor(now / 60_000) * 60);
  assert.equal(all.requests.at(-1), 1);
  assert.equal(all.requests.at(-2), 6);
  assert.deepEqual(all.tools.add_memory!.calls.slice(-2), [2, 0]);
  assert.deepEqual(all.tools.add_memory!.mean_ms.slice(-2), [20, null]);

  const laptop = again.trends('hour', 'laptop');
  assert.equal(sum(laptop.requests), 4);
  assert.equal(laptop.tools.retrieve_memory, undefined);
  const day = again.trends('day', null);
  assert.equal(day.times.length, 96);
  assert.equal(sum(day.requests), 7);
  assert.equal(again.trends('week', 'phone').times.length, 84);

  // A week later the points have moved on; the first client is remembered for good.
  now += 8 * 24 * 3600_000;
  assert.equal(sum(again.trends('week', null).requests), 0);
  assert.ok(again.firstClientAt());
  again.close();

  if (process.platform !== 'win32') {
    const dir = dirname(statsFilePath(tmp.dir));
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const f of readdirSync(dir)) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
  }
});

test('a stats file that cannot be opened costs the trends, not the server', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const warnings: string[] = [];
  // A folder where the file should be: SQLite cannot open it.
  const store = new StatsStore(tmp.dir, (_l, msg) => warnings.push(msg));
  const stats = new Stats(() => noSessions, noMemory, store);
  stats.request('laptop', 200, '/mcp');
  assert.equal((await stats.snapshot()).requests, 1);
  assert.equal(stats.trends('hour', null).requests.length, 60);
  assert.match(warnings.join('\n'), /cannot be kept on disk/);
  stats.close();
});
