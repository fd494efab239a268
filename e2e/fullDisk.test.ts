// A full disk under a running server, for real: the data folder is a small tmpfs, filled through
// add_memory until the kernel answers ENOSPC. The caller gets a clear error, the server stays up and
// readable, nothing acknowledged is lost, nothing half-written is kept, and once space is back
// (the tmpfs grown in place) writes resume without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { userDbFile } from '../main/memory/service.js';
import { ALICE_KEY, connectClient } from './fixtures/server.js';
import { startServe } from './fixtures/serveProcess.js';

function mountTmpfs(dir: string, size: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'pipe' });
  } catch {
    // already unmounted
  }
}

/** Whether this machine lets the test mount a tmpfs (root with CAP_SYS_ADMIN, as in CI's container). */
const skip = (() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0)
    return 'needs Linux and root to mount a small tmpfs as a full disk';
  const probe = mkdtempSync(join(tmpdir(), 'memoryos-mount-probe-'));
  try {
    mountTmpfs(probe, '64k');
    unmount(probe);
    return false;
  } catch (err) {
    return `mounting a tmpfs is not permitted here (${(err as Error).message.split('\n')[0]})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

test(
  'a full disk: a clear error, the server stays up, nothing acknowledged lost, writes resume when space is back',
  { skip },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'memoryos-full-'));
    mountTmpfs(dir, '3m');
    let s: Awaited<ReturnType<typeof startServe>> | undefined;
    let db: Database.Database | undefined;
    // One hook, in order: nothing may hold the mount when it is unmounted.
    t.after(async () => {
      db?.close();
      await s?.stop('SIGKILL');
      unmount(dir);
      rmSync(dir, { recursive: true, force: true });
    });
    s = await startServe({ MEMORYOS_DATA_DIR: dir, MCP_API_KEYS: `alice:${ALICE_KEY}`, BACKUP_INTERVAL_HOURS: '0' });
    const { client } = await connectClient(s.url, { 'X-API-Key': ALICE_KEY });

    const acknowledged: string[] = [];
    let refusal = '';
    for (let i = 0; i < 400 && !refusal; i++) {
      // ~40 KB of text each, distinct so nothing is shared between pages.
      const body = Array.from({ length: 4000 }, (_, j) => `w${i}x${j}`).join(' ');
      const res = await client.callTool({
        name: 'add_memory',
        arguments: { user_input: `entry ${i}: ${body}`, agent_response: 'ok' },
      });
      if (res.isError) refusal = JSON.stringify(res.content);
      else acknowledged.push((res.structuredContent as { memory_id: string }).memory_id);
    }
    assert.ok(refusal, 'the 3 MB disk filled up');
    assert.match(refusal, /disk is full|cannot be written/, `a message a person understands: ${refusal}`);
    assert.doesNotMatch(refusal, /SQLITE_|at \w+ \(/, 'no raw error codes or stack traces');
    assert.ok(acknowledged.length >= 5, `some memories fitted before the disk was full (${acknowledged.length})`);

    const health = await fetch(new URL('/health', s.url));
    assert.equal(health.status, 200, 'the server is still up');
    const read = await client.callTool({ name: 'retrieve_memory', arguments: { query: 'entry 1', max_results: 3 } });
    assert.ok(!read.isError, `reading still works on a full disk: ${JSON.stringify(read.content)}`);

    // Space comes back: the same mount grown in place; the next write succeeds without a restart.
    execFileSync('mount', ['-o', 'remount,size=64m', dir], { stdio: 'pipe' });
    const after = await client.callTool({
      name: 'add_memory',
      arguments: { user_input: 'after the disk was freed', agent_response: 'ok' },
    });
    assert.ok(!after.isError, `writes resume: ${JSON.stringify(after.content)}`);
    acknowledged.push((after.structuredContent as { memory_id: string }).memory_id);
    await client.close();
    assert.equal(await s.stop('SIGTERM'), 0, 'a clean shutdown after the episode');

    db = new Database(userDbFile(dir, 'alice'), { readonly: true });
    assert.equal((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check, 'ok');
    const stored = new Set((db.prepare('SELECT id FROM pages').all() as { id: string }[]).map((r) => r.id));
    for (const id of acknowledged) assert.ok(stored.has(id), `acknowledged ${id} is stored`);
    assert.equal(stored.size, acknowledged.length, 'the refused write left nothing behind');
    const fts = (db.prepare('SELECT count(*) AS n FROM pages_fts').get() as { n: number }).n;
    assert.equal(fts, stored.size, 'the full-text index matches the pages');
  },
);
