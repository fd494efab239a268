// A team server: two real `serve` processes (replicas) on two ports over one PostgreSQL database,
// driven by the official SDK client whose requests alternate between them, as behind a load
// balancer without sticky sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { serverConfigSchema } from '../shared/config.js';
import { openMemoryService } from '../main/memory/service.js';
import { POSTGRES_SKIP, sharedCluster, startCluster } from '../main/postgres/testing.js';
import { runCli, startServe, type ServeProcess } from './fixtures/serveProcess.js';
import { callTool } from './fixtures/server.js';

const skip = POSTGRES_SKIP;
const ADMIN = 'team-admin-key-0123456789abcdef';
const KEYS = ['alice', 'bob', 'carol', 'dave'].map((n) => ({ name: n, key: `${n}-team-key-0123456789abcdef` }));
const keyOf = (name: string) => KEYS.find((k) => k.name === name)!.key;
const LIMIT = 40;

interface Team {
  url: string;
  replicas: ServeProcess[];
  start: () => Promise<ServeProcess>;
  stop: () => Promise<void>;
}

/** Replicas over one database, each with its own data folder (one process owns a folder). */
async function team(databaseUrl: string, count = 2, extra: Record<string, string> = {}): Promise<Team> {
  const tmp = mkdtempSync(join(tmpdir(), 'memoryos-team-'));
  let n = 0;
  const t: Team = {
    url: databaseUrl,
    replicas: [],
    start: async () => {
      const replica = await startServe({
        DATABASE_URL: databaseUrl,
        MEMORYOS_DATA_DIR: join(tmp, `replica-${n++}`),
        MCP_API_KEY: ADMIN,
        MCP_API_KEYS: KEYS.map((k) => `${k.name}:${k.key}`).join(','),
        RATE_LIMIT_REQUESTS: String(LIMIT),
        LOG_LEVEL: 'warn',
        ...extra,
      });
      t.replicas.push(replica);
      return replica;
    },
    stop: async () => {
      await Promise.all(t.replicas.map((r) => r.stop('SIGKILL')));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  await Promise.all(Array.from({ length: count }, () => t.start()));
  return t;
}

/** A fetch that sends each request to the next of `targets` (a load balancer without stickiness). */
function roundRobin(targets: () => string[]) {
  let i = 0;
  const seen: string[] = [];
  const fetchLike = (input: string | URL, init?: RequestInit) => {
    const list = targets();
    const to = new URL(list[i++ % list.length]!);
    const url = new URL(input);
    url.host = to.host;
    seen.push(`${init?.method ?? 'GET'} ${to.host}`);
    return fetch(url, init);
  };
  return { fetch: fetchLike, seen };
}

async function connect(urls: () => string[], key: string) {
  const rr = roundRobin(urls);
  const transport = new StreamableHTTPClientTransport(new URL(`${urls()[0]}/mcp`), {
    requestInit: { headers: { 'X-API-Key': key } },
    fetch: rr.fetch,
  });
  const client = new Client({ name: 'team-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, seen: rr.seen };
}

const post = (url: string, key: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-API-Key': key, ...headers },
    body: JSON.stringify(body),
  });

const dashboard = async (url: string, channel: string, body: unknown) => {
  const r = await fetch(`${url}/admin/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': ADMIN },
    body: JSON.stringify(body),
  });
  assert.equal(r.status, 200, `${channel}: ${await r.clone().text()}`);
  return r.json();
};

async function until(what: string, fn: () => Promise<boolean>, ms = 5000): Promise<number> {
  const start = Date.now();
  while (!(await fn())) {
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

test('a team server on PostgreSQL: two replicas behind a round robin', { skip }, async (t) => {
  const cluster = await sharedCluster();
  // Behind a proxy on loopback: X-Forwarded-For gives each subtest its own client address.
  const tm = await team(await cluster.createDatabase('team'), 2, { AUTH_FAILURE_LIMIT: '4', TRUST_PROXY: 'loopback' });
  t.after(tm.stop);
  const [a, b] = tm.replicas as [ServeProcess, ServeProcess];
  const both = () => [a.url, b.url];

  await t.test(
    'one session serves requests on both replicas; another key cannot use it; DELETE ends it everywhere',
    async () => {
      const { client, transport, seen } = await connect(both, keyOf('alice'));
      const sessionId = transport.sessionId!;
      assert.ok(sessionId);
      for (let i = 0; i < 4; i++) {
        const added = await callTool<{ memory_id: string }>(client, 'add_memory', {
          user_input: `Team note ${i}`,
          agent_response: 'Noted.',
        });
        assert.ok(added.memory_id);
      }
      assert.equal((await client.listTools()).tools.length > 0, true);
      const hosts = new Set(seen.filter((s) => s.startsWith('POST')).map((s) => s.split(' ')[1]));
      assert.equal(hosts.size, 2, `requests went to both replicas: ${seen.join(', ')}`);

      // Both dashboards list it (the other replica within its refresh).
      await until('the session is listed by replica b', async () => {
        const list = (await dashboard(b.url, 'sessions.list', {})) as { id: string; key_name: string }[];
        return list.some((s) => s.id === sessionId && s.key_name === 'alice');
      });

      // The event stream stays on the replica that opened the session (initialize went to a).
      const stream = await fetch(`${b.url}/mcp`, {
        headers: { Accept: 'text/event-stream', 'X-API-Key': keyOf('alice'), 'Mcp-Session-Id': sessionId },
      });
      assert.equal(stream.status, 405);
      assert.match(await stream.text(), /opened on another replica/);

      // Bob presenting alice's session id, on either replica: not found, and nothing of hers runs.
      for (const url of both()) {
        const r = await post(
          url,
          keyOf('bob'),
          { jsonrpc: '2.0', id: 9, method: 'tools/list' },
          {
            'Mcp-Session-Id': sessionId,
          },
        );
        assert.equal(r.status, 404);
        assert.match(await r.text(), /session not found/);
      }

      await transport.terminateSession();
      for (const url of both()) {
        const r = await post(
          url,
          keyOf('alice'),
          { jsonrpc: '2.0', id: 10, method: 'tools/list' },
          {
            'Mcp-Session-Id': sessionId,
            'Mcp-Protocol-Version': '2025-06-18',
          },
        );
        assert.equal(r.status, 404, `ended on ${url} too`);
      }
      await client.close();
    },
  );

  await t.test(`RATE_LIMIT_REQUESTS=${LIMIT} allows ${LIMIT} across both replicas together`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 4; i++) {
      const r = await post(both()[i % 2]!, keyOf('carol'), { jsonrpc: '2.0', id: i, method: 'tools/list' });
      statuses.push(r.status);
      if (r.status === 200) assert.equal(r.headers.get('ratelimit-limit'), String(LIMIT));
      if (r.status === 429) assert.match(await r.text(), /rate limit reached/);
      else await r.arrayBuffer();
    }
    assert.equal(statuses.filter((s) => s === 200).length, LIMIT, statuses.join(' '));
    assert.deepEqual(statuses.slice(LIMIT), [429, 429, 429, 429], 'refused on both replicas');
  });

  await t.test(
    "a key created on one replica's dashboard works on the other within 5 s; revoked, it stops",
    async () => {
      const made = (await dashboard(a.url, 'keys.create', { name: 'erin', admin: false, rate_limit: null })) as {
        key: string;
      };
      const works = await until('erin works on replica b', async () => {
        const r = await post(b.url, made.key, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
        await r.arrayBuffer();
        return r.status === 200;
      });
      t.diagnostic(`a new key worked on the other replica after ${works} ms`);
      const { client } = await connect(both, made.key);
      await dashboard(b.url, 'keys.revoke', { name: 'erin' });
      await until('erin refused on replica a', async () => {
        const r = await post(a.url, made.key, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
        const text = await r.text();
        // 401, or 429 once her client's retries on the other replica spent the key's shared failure budget.
        return r.status === 401 || (r.status === 429 && /refused too many times/.test(text));
      });
      // Her session ended with the revocation, on every replica.
      await assert.rejects(client.listTools());
      await client.close().catch(() => undefined);
    },
  );

  await t.test(
    'wrong keys are throttled per address across replicas; a valid key from that address is not',
    async () => {
      const from = { 'X-Forwarded-For': '198.51.100.7' };
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await post(
          both()[i % 2]!,
          `wrong-key-${i}-0123456789abcdef`,
          { jsonrpc: '2.0', id: i, method: 'ping' },
          from,
        );
        statuses.push(r.status);
        if (r.status === 429) assert.match(await r.text(), /too many wrong API keys from this address/);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429], 'four failures in all, not four per replica');
      const valid = await post(b.url, keyOf('dave'), { jsonrpc: '2.0', id: 1, method: 'tools/list' }, from);
      assert.equal(valid.status, 200);
    },
  );

  await t.test(
    'a memory added on one replica is retrieved on the other; users stay apart across replicas',
    async () => {
      const alice = await connect(() => [a.url], keyOf('alice'));
      const added = await callTool<{ memory_id: string }>(alice.client, 'add_memory', {
        user_input: 'My cello teacher in Porto is called Ines-replica-marker.',
        agent_response: 'Noted.',
      });
      const onB = await connect(() => [b.url], keyOf('alice'));
      const found = await callTool<{
        retrieved_pages: { memory_id: string }[];
        short_term_memory: { memory_id: string }[];
      }>(onB.client, 'retrieve_memory', { query: 'who is my cello teacher in Porto?' });
      const ids = [...found.retrieved_pages, ...found.short_term_memory].map((p) => p.memory_id);
      assert.ok(ids.includes(added.memory_id), 'replica b finds what replica a stored');

      const bob = await connect(() => [b.url], keyOf('bob'));
      await callTool(bob.client, 'add_memory', { user_input: 'Bob plays chess on Sundays.', agent_response: 'Ok.' });
      const bobFound = await callTool(bob.client, 'retrieve_memory', {
        query: 'cello teacher Porto Ines-replica-marker',
      });
      assert.doesNotMatch(JSON.stringify({ ...bobFound, query: '' }), /Ines-replica-marker|cello/);
      const aliceFound = await callTool(alice.client, 'retrieve_memory', { query: 'chess on Sundays' });
      assert.doesNotMatch(JSON.stringify({ ...aliceFound, query: '' }), /Bob plays chess/);
      for (const c of [alice, onB, bob]) await c.client.close();
    },
  );

  await t.test('kill -9 of a replica during concurrent writes: every acknowledged write is there', async () => {
    // A key whose limit these writes stay under, made before a replica of the test's own starts (it
    // reads the keys at start), so the others stay for the next subtest.
    const { key } = (await dashboard(b.url, 'keys.create', {
      name: 'frank',
      admin: false,
      rate_limit: { requests: 1000, windowSeconds: 3600 },
    })) as { key: string };
    const victim = await tm.start();
    let targets = [victim.url, b.url];
    const acknowledged: string[] = [];
    let failed = 0;
    const writer = async (w: number) => {
      const { client } = await connect(() => targets, key);
      for (let i = 0; i < 12; i++) {
        const text = `durable-write w${w} n${i}`;
        try {
          await callTool(client, 'add_memory', { user_input: text, agent_response: 'Ok.' });
          acknowledged.push(text);
        } catch {
          failed++;
        }
      }
      await client.close().catch(() => undefined);
    };
    const writing = Promise.all([0, 1, 2, 3].map(writer));
    await until('writes under way', async () => acknowledged.length >= 8, 20_000);
    await victim.stop('SIGKILL');
    targets = [b.url];
    await writing;
    t.diagnostic(`${acknowledged.length} writes acknowledged, ${failed} refused around the kill`);
    const stored = (await dashboard(b.url, 'memory.pages', { user: 'frank', limit: 500 })) as {
      items: { user_input: string }[];
    };
    const present = new Set(stored.items.map((p) => p.user_input));
    const lost = acknowledged.filter((text) => !present.has(text));
    assert.deepEqual(lost, [], 'no acknowledged write is lost');
    assert.ok(acknowledged.length > 24, 'most writes went through');
  });

  await t.test('stopping a replica (SIGTERM or kill -9) ends no session', async () => {
    let targets = both();
    const { client, transport } = await connect(() => targets, keyOf('dave'));
    const id = transport.sessionId;
    await callTool(client, 'add_memory', { user_input: 'Before the stop', agent_response: 'Ok.' });
    await a.stop('SIGKILL');
    targets = [b.url];
    await callTool(client, 'add_memory', { user_input: 'After replica a died', agent_response: 'Ok.' });
    const c = await tm.start();
    await b.stop('SIGTERM');
    targets = [c.url];
    const found = await callTool<{ short_term_memory: unknown[] }>(client, 'retrieve_memory', { query: 'stop' });
    assert.ok(Array.isArray(found.short_term_memory));
    assert.equal(transport.sessionId, id, 'the same session all along');
    const list = (await dashboard(c.url, 'sessions.list', {})) as { id: string }[];
    assert.ok(list.some((s) => s.id === id));
    await client.close();
  });
});

test(
  'the database down at start: exit 2, saying where it looked; a wrong DATABASE_URL: exit 2, not echoed',
  { skip },
  async (t) => {
    const cluster = await startCluster();
    t.after(() => cluster.destroy());
    const url = await cluster.createDatabase('down');
    await cluster.stop();
    const tmp = mkdtempSync(join(tmpdir(), 'memoryos-team-'));
    t.after(() => rmSync(tmp, { recursive: true, force: true }));
    const down = await runCli(['serve', '--port', '0'], { DATABASE_URL: url, MEMORYOS_DATA_DIR: tmp });
    assert.equal(down.code, 2, down.stderr);
    assert.match(
      down.stderr,
      new RegExp(
        `cannot reach PostgreSQL at 127\\.0\\.0\\.1:${cluster.port}/down_\\S+ \\(DATABASE_URL\\): connection refused`,
      ),
    );
    assert.doesNotMatch(down.stderr, /\n\s+at /, 'no stack trace');
    const wrong = await runCli(['serve', '--port', '0'], {
      DATABASE_URL: 'mysql://root:s3cret@db/memory',
      MEMORYOS_DATA_DIR: tmp,
    });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /DATABASE_URL: must be a PostgreSQL URL/i);
    assert.doesNotMatch(wrong.stderr, /s3cret/);
  },
);

test(
  'the database lost while running: tool calls get a clear error, /health 503, both recover by themselves',
  { skip },
  async (t) => {
    const cluster = await startCluster();
    t.after(() => cluster.destroy());
    const tm = await team(await cluster.createDatabase('lost'), 1);
    t.after(tm.stop);
    const [a] = tm.replicas as [ServeProcess];
    const { client, transport } = await connect(() => [a.url], keyOf('alice'));
    await callTool(client, 'add_memory', { user_input: 'Before the outage', agent_response: 'Ok.' });
    assert.equal((await fetch(`${a.url}/health`)).status, 200);

    await cluster.stop();
    const health = await fetch(`${a.url}/health`);
    assert.equal(health.status, 503);
    const body = (await health.json()) as { status: string; database: { ok: boolean; detail: string } };
    assert.equal(body.status, 'degraded');
    assert.equal(body.database.ok, false);
    assert.match(body.database.detail, /database is unavailable/);
    const refused = await client
      .callTool({ name: 'add_memory', arguments: { user_input: 'During the outage', agent_response: 'No.' } })
      .then(
        () => null,
        (err: Error) => err,
      );
    assert.ok(refused, 'a write during the outage is never acknowledged');
    assert.match(
      refused.message,
      /the database is unavailable \(connection refused\); nothing was changed, retry in a few seconds/,
    );
    assert.equal(a.proc.exitCode, null, 'the replica is still running');

    await cluster.start();
    await until('/health is 200 again', async () => (await fetch(`${a.url}/health`)).status === 200, 10_000);
    const after = await callTool<{ memory_id: string }>(client, 'add_memory', {
      user_input: 'After the outage',
      agent_response: 'Ok.',
    });
    assert.ok(after.memory_id, 'the same session works again');
    assert.ok(transport.sessionId);
    // The memories from before the restart are intact, and the write after it is stored with them.
    const pages = (await dashboard(a.url, 'memory.pages', { user: 'alice', limit: 50 })) as {
      items: { user_input: string }[];
    };
    assert.deepEqual(pages.items.map((p) => p.user_input).sort(), ['After the outage', 'Before the outage']);
    const found = await callTool<{ short_term_memory: { user_input: string }[] }>(client, 'retrieve_memory', {
      query: 'outage',
    });
    assert.equal(found.short_term_memory.length, 2);
    await client.close();
  },
);

test(
  'a data folder moves into PostgreSQL (again: nothing twice), and the keys CLI works on the database',
  { skip },
  async (t) => {
    const url = await (await sharedCluster()).createDatabase('move');
    const folder = mkdtempSync(join(tmpdir(), 'memoryos-move-'));
    t.after(() => rmSync(folder, { recursive: true, force: true }));
    const inFolder = { MEMORYOS_DATA_DIR: folder };
    const made = await runCli(['keys', 'create', 'alice'], inFolder);
    assert.equal(made.code, 0, made.stderr);
    const aliceKey = /\n\s+(\S{32,})\n/.exec(made.stdout)![1]!;
    const bossKey = /\n\s+(\S{32,})\n/.exec(
      (await runCli(['keys', 'create', 'boss', '--admin'], inFolder)).stdout,
    )![1]!;
    await runCli(['keys', 'revoke', 'alice'], inFolder);
    // Boss's memories in the folder, written by the engine as `serve` would.
    const local = openMemoryService({ ...serverConfigSchema.parse({}), dataDir: folder });
    await local.forUser('boss').add({
      user_input: 'The quarterly review moved to the Lisbon office.',
      agent_response: 'Noted.',
      memory_type: 'conversation',
      tags: [],
    });
    await local.close();

    const first = await runCli(['migrate-to-postgres', '--database-url', url], inFolder);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /2 moved, 0 already there/);
    assert.match(first.stdout, /boss: 1 pages, 0 segments, .* moved; 0 rows already there/);
    const again = await runCli(['migrate-to-postgres', '--database-url', url], inFolder);
    assert.match(again.stdout, /0 moved, 2 already there/);
    assert.match(again.stdout, /boss: 0 pages, 0 segments, .* moved; [1-9]\d* rows already there/);

    // The keys CLI on the database: the moved keys as they were (alice still revoked), a new one beside them.
    const onDb = { DATABASE_URL: url };
    const created = await runCli(['keys', 'create', 'zed'], onDb);
    assert.equal(created.code, 0, created.stderr);
    const list = await runCli(['keys', 'list'], onDb);
    assert.match(list.stdout, /^alice .* REVOKED/m);
    assert.match(list.stdout, /^boss .* admin/m);
    assert.match(list.stdout, /^zed /m);

    // A replica on the database: the moved admin key works (its digest moved as it was); alice's does not.
    const tm = await team(url, 1);
    t.after(tm.stop);
    const [r] = tm.replicas as [ServeProcess];
    assert.equal((await post(r.url, aliceKey, { jsonrpc: '2.0', id: 1, method: 'tools/list' })).status, 401);
    assert.equal((await post(r.url, bossKey, { jsonrpc: '2.0', id: 1, method: 'tools/list' })).status, 200);
    // ...and finds the memories that moved with it.
    const boss = await connect(() => [r.url], bossKey);
    const found = await callTool<{ retrieved_pages: { user_input: string }[] }>(boss.client, 'retrieve_memory', {
      query: 'where is the quarterly review?',
    });
    assert.match(found.retrieved_pages[0]?.user_input ?? '', /Lisbon office/);
    await boss.client.close();

    // Another key under a name the database already has: kept out, named, exit 1.
    const other = mkdtempSync(join(tmpdir(), 'memoryos-move-'));
    t.after(() => rmSync(other, { recursive: true, force: true }));
    await runCli(['keys', 'create', 'zed'], { MEMORYOS_DATA_DIR: other });
    const clash = await runCli(['migrate-to-postgres', '--database-url', url], { MEMORYOS_DATA_DIR: other });
    assert.equal(clash.code, 1);
    assert.match(clash.stdout, /"zed": the database has another key of that name; kept it/);
  },
);

test(
  'operator mistakes are said plainly: a role that may not create roles, the keys CLI on a replica folder without the database, a replica changing the shared limit',
  { skip },
  async (t) => {
    const cluster = await sharedCluster();
    const url = await cluster.createDatabase('ops');
    const tmp = mkdtempSync(join(tmpdir(), 'memoryos-team-'));
    t.after(() => rmSync(tmp, { recursive: true, force: true }));

    // A role that owns its database but may not create roles: exit 2 and what to do, no stack trace.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const role = `plain_${Date.now().toString(36)}`;
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    await admin.query(`CREATE DATABASE ${role} OWNER ${role}`);
    await admin.end();
    const plain = `postgres://${role}:pw@127.0.0.1:${cluster.port}/${role}`;
    const refused = await runCli(['serve', '--port', '0'], { DATABASE_URL: plain, MEMORYOS_DATA_DIR: join(tmp, 'p') });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /may not set the database up .* needs a role that may create roles/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');

    // Two replicas; the second starts with another default limit and says so.
    const a = await startServe({ DATABASE_URL: url, MEMORYOS_DATA_DIR: join(tmp, 'a'), RATE_LIMIT_REQUESTS: '100' });
    t.after(() => a.stop());
    const b = await startServe({ DATABASE_URL: url, MEMORYOS_DATA_DIR: join(tmp, 'b'), RATE_LIMIT_REQUESTS: '3' });
    t.after(() => b.stop());
    assert.match(b.stdout() + b.stderr(), /replace the default limit every replica applies/);
    assert.doesNotMatch(a.stdout() + a.stderr(), /replace the default limit/, 'the first start changed nothing');

    // The keys CLI on a replica's folder without DATABASE_URL would write a key no replica reads.
    const keys = await runCli(['keys', 'create', 'eve'], { MEMORYOS_DATA_DIR: join(tmp, 'a') });
    assert.equal(keys.code, 2);
    assert.match(keys.stderr, /belongs to a team server whose keys and memories are in PostgreSQL at 127\.0\.0\.1/);
    const onDb = await runCli(['keys', 'create', 'eve'], { MEMORYOS_DATA_DIR: join(tmp, 'a'), DATABASE_URL: url });
    assert.equal(onDb.code, 0, onDb.stderr);
    assert.match(onDb.stdout, /Every replica takes this change within 2 s/);
  },
);
