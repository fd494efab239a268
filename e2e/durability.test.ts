// Nothing acknowledged is lost: 1,000 add_memory calls from 20 concurrent clients, the server
// killed with SIGKILL half-way, restarted; every acknowledged memory is there exactly once, and the
// background queue finishes after the restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempDataDir, openTestService } from '../main/memory/testing.js';
import { callTool, connectClient } from './fixtures/server.js';
import { startServe } from './fixtures/serveProcess.js';

const KEY = 'durability-key-0123456789abcdef';
const CLIENTS = 20;
const CALLS = 1000;

test('kill -9 mid-way loses no acknowledged add_memory and duplicates none', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const env = { MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEY: KEY, RATE_LIMIT_REQUESTS: '100000' };
  const first = await startServe(env);
  t.after(() => first.stop('SIGKILL'));
  const acked = new Set<number>();
  let next = 0;
  let killed = false;
  const worker = async () => {
    let conn: Awaited<ReturnType<typeof connectClient>> | null = null;
    try {
      conn = await connectClient(first.url, { 'X-API-Key': KEY });
      while (next < CALLS) {
        const i = next++;
        await callTool(conn.client, 'add_memory', {
          user_input: `durability marker dm${i}x about item ${i}`,
          agent_response: `stored ${i}`,
        });
        acked.add(i);
        if (acked.size >= CALLS / 2 && !killed) {
          killed = true;
          first.proc.kill('SIGKILL');
        }
      }
    } catch {
      // The server died under this client: what was acknowledged before is what counts.
    } finally {
      await conn?.client.close().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  assert.ok(killed, 'the server was killed mid-way');
  assert.ok(acked.size >= CALLS / 2 && acked.size < CALLS, `acked ${acked.size}`);

  const second = await startServe(env);
  let queued = Infinity;
  for (let i = 0; i < 200 && queued > 0; i++) {
    const res = await fetch(`${second.url}/admin/api/memory.users`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
      body: '{}',
    });
    const users = (await res.json()) as { user: string; counts: { queued_jobs: number } }[];
    queued = users.find((u) => u.user === 'default')?.counts.queued_jobs ?? 0;
    if (queued > 0) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(queued, 0, 'the queue finished after the restart');
  assert.equal(await second.stop(), 0);

  const svc = openTestService(tmp.dir);
  const mem = svc.forUser('default');
  const seen = new Map<number, number>();
  for (let offset = 0; ; offset += 500) {
    const page = await mem.listPages({ offset, limit: 500 });
    for (const p of page.items) {
      const m = /dm(\d+)x/.exec(p.user_input);
      if (m) seen.set(Number(m[1]), (seen.get(Number(m[1])) ?? 0) + 1);
    }
    if (offset + 500 >= page.total) break;
  }
  const lost = [...acked].filter((i) => !seen.has(i));
  const duplicated = [...seen].filter(([, n]) => n > 1).map(([i]) => i);
  assert.deepEqual(lost, [], 'every acknowledged memory survived');
  assert.deepEqual(duplicated, [], 'none was stored twice');
  assert.equal((await mem.counts()).queued_jobs, 0);
  await svc.close();
});
