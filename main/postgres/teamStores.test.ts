// What replicas share, over a real PostgreSQL (the test run's throwaway cluster): each "replica" is
// its own connection pool on the same database, as two serve processes would be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.js';
import { connectDatabase, type Database } from './database.js';
import { PgKeyStore } from './keyStore.js';
import { LATEST_VERSION, migrate } from './migrations.js';
import { PgRateLimits } from './rateLimits.js';
import { PgSessions } from './sessions.js';
import { POSTGRES_SKIP, sharedCluster } from './testing.js';
import { PgWindowStore } from './windowStore.js';

const skip = POSTGRES_SKIP;
const quiet = () => {};
const config = { apiKey: undefined, apiKeys: [], adminKeyNames: [] };

async function replicas(n: number, url?: string): Promise<{ dbs: Database[]; url: string }> {
  const at = url ?? (await (await sharedCluster()).createDatabase());
  const dbs = await Promise.all(Array.from({ length: n }, () => connectDatabase({ url: at, log: quiet })));
  return { dbs, url: at };
}

const closeAll = (dbs: Database[]) => Promise.all(dbs.map((d) => d.close()));

async function until<T>(what: string, fn: () => T | Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test(
  'replicas migrating an empty database at the same moment: one applies, all end at the latest',
  { skip },
  async (t) => {
    const { dbs } = await replicas(6);
    t.after(() => closeAll(dbs));
    const results = await Promise.all(dbs.map((d) => migrate(d)));
    assert.equal(results.filter((r) => r.from === 0).length, 1, JSON.stringify(results));
    assert.ok(results.every((r) => r.to === LATEST_VERSION));
    const { rows } = await dbs[0]!.query('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(
      rows.map((r) => r.version),
      Array.from({ length: LATEST_VERSION }, (_, i) => i + 1),
    );
    // Newer than this code knows: refused with a sentence, nothing changed.
    await dbs[0]!.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
    await assert.rejects(migrate(dbs[1]!), (err: AppError) => {
      assert.match(err.message, /schema version 999, newer than this MemoryOS knows/);
      return true;
    });
  },
);

test(
  'a rate limit of N allows N across replicas hitting at once, and a batch is taken whole or not at all',
  { skip },
  async (t) => {
    const { dbs } = await replicas(3);
    t.after(() => closeAll(dbs));
    await migrate(dbs[0]!);
    const stores = dbs.map((d) => new PgWindowStore(d));
    t.after(() => stores.forEach((s) => s.close()));
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => stores[i % 3]!.hit('mcp:alice', 25, 60_000, now + i)),
    );
    assert.equal(results.filter((r) => r.allowed).length, 25);
    const refused = results.find((r) => !r.allowed)!;
    assert.equal(refused.remaining, 0);
    assert.ok(
      refused.resetMs > 59_000 && refused.resetMs <= 60_000 + 600,
      `resets in about a window: ${refused.resetMs}`,
    );
    // Another key has its own window.
    assert.equal((await stores[1]!.hit('mcp:bob', 25, 60_000, now)).allowed, true);

    // Cost: 5 left of 10, a batch of 6 is refused whole, a batch of 5 passes.
    await stores[0]!.hit('dashboard:carol', 10, 60_000, now, 5);
    const big = await stores[1]!.hit('dashboard:carol', 10, 60_000, now, 6);
    assert.equal(big.allowed, false);
    assert.equal(big.remaining, 5, 'nothing of the refused batch was counted');
    assert.equal((await stores[2]!.hit('dashboard:carol', 10, 60_000, now, 5)).allowed, true);
    assert.equal((await stores[0]!.peek('dashboard:carol', 10, 60_000, now)).remaining, 0);

    // The window slides: once it has passed, the key may go again.
    assert.equal((await stores[0]!.hit('mcp:alice', 25, 60_000, now + 61_000)).allowed, true);
    await stores[0]!.reset('mcp:alice');
    assert.equal((await stores[0]!.peek('mcp:alice', 25, 60_000, now + 61_000)).remaining, 25);
  },
);

test(
  'keys: created on one replica work on another within seconds; revoked stop; the last admin stays',
  { skip },
  async (t) => {
    const { dbs } = await replicas(2);
    t.after(() => closeAll(dbs));
    await migrate(dbs[0]!);
    // Two replicas starting at once with no key anywhere: exactly one makes (and prints) the admin key.
    const [a, b] = await Promise.all(dbs.map((d) => PgKeyStore.open(d, { config, log: quiet })));
    t.after(() => Promise.all([a!.close(), b!.close()]));
    const generated = [a!.generatedKey, b!.generatedKey].filter(Boolean);
    assert.equal(generated.length, 1);
    await b!.refresh();
    assert.deepEqual(b!.verify(generated[0]!), { name: 'default', admin: true });
    const { rows } = await dbs[0]!.query('SELECT hash FROM api_keys');
    assert.ok(
      rows.every((r) => r.hash !== generated[0] && /^[0-9a-f]{64}$/.test(r.hash)),
      'only digests are stored',
    );

    const made = await a!.create({ name: 'alice', admin: false, rate_limit: { requests: 7, windowSeconds: 60 } });
    assert.equal(a!.verify(made.key)?.name, 'alice', 'at once on the replica that made it');
    await until(
      'alice works on the other replica',
      () => b!.verify(made.key),
      (k) => k?.name === 'alice',
    );
    assert.deepEqual(b!.rateLimitOf('alice'), { requests: 7, windowSeconds: 60 });
    await assert.rejects(b!.create({ name: 'alice', admin: false, rate_limit: null }), /already exists/);

    await b!.revoke('alice');
    assert.equal(b!.verify(made.key), null);
    await until(
      'alice refused on the first replica',
      () => a!.verify(made.key),
      (k) => k === null,
    );

    // Usage counters from both replicas add up in the row.
    for (let i = 0; i < 3; i++) a!.verify(generated[0]!);
    for (let i = 0; i < 2; i++) b!.verify(generated[0]!);
    await Promise.all([a!.flush(), b!.flush()]);
    const used = await dbs[0]!.query("SELECT request_count FROM api_keys WHERE name = 'default'");
    assert.equal(Number(used.rows[0]!.request_count), 6, 'one use earlier, five now');

    await assert.rejects(a!.revoke('default'), /last admin key/);
    await assert.rejects(a!.setAdmin('default', false), /last admin key/);
    const second = await a!.create({ name: 'ops', admin: true, rate_limit: null });
    await b!.refresh();
    await b!.revoke('default');
    assert.equal(a!.verify(generated[0]!) === null, false, 'not yet seen by replica a (it refreshes within 2 s)');
    await until(
      'the revoked admin key is refused on replica a',
      () => a!.verify(generated[0]!),
      (k) => k === null,
    );
    assert.equal(a!.verify(second.key)?.admin, true);

    const renamed = await a!.rename('ops', 'operations');
    assert.equal(renamed.name, 'operations');
    assert.equal(a!.verify(second.key)?.name, 'operations');
    await assert.rejects(a!.rename('nobody', 'x'), /no API key named "nobody"/);
  },
);

test(
  'keys from the environment stand beside the stored ones and cannot be changed through the store',
  { skip },
  async (t) => {
    const { dbs } = await replicas(1);
    t.after(() => closeAll(dbs));
    await migrate(dbs[0]!);
    const env = {
      apiKey: undefined,
      apiKeys: [{ name: 'svc', key: 'svc-key-0123456789abcdef' }],
      adminKeyNames: ['svc'],
    };
    const store = await PgKeyStore.open(dbs[0]!, { config: env, log: quiet });
    t.after(() => store.close());
    assert.equal(store.generatedKey, null, 'keys from the environment: nothing generated');
    assert.deepEqual(store.verify('svc-key-0123456789abcdef'), { name: 'svc', admin: true });
    await assert.rejects(store.revoke('svc'), /comes from the environment/);
    await assert.rejects(store.create({ name: 'svc', admin: false, rate_limit: null }), /already exists/);
    const limited = await store.setRateLimit('svc', { requests: 3, windowSeconds: 10 });
    assert.deepEqual(limited.rate_limit, { requests: 3, windowSeconds: 10 });
  },
);

test(
  'sessions: registered on one replica, claimed on another only with their key, capped, expired, ended',
  { skip },
  async (t) => {
    const { dbs } = await replicas(2);
    t.after(() => closeAll(dbs));
    await migrate(dbs[0]!);
    const [a, b] = dbs.map((d) => new PgSessions(d));
    const record = (id: string, keyName = 'alice') => ({
      id,
      keyName,
      protocolVersion: '2025-06-18',
      clientName: 'test',
      clientVersion: '1',
      capabilities: { roots: {} },
      startedAt: Date.now(),
      lastActivity: Date.now(),
      requests: 1,
    });
    assert.deepEqual(await a!.add(record('s1'), 2), []);
    const claimed = await b!.claim('s1', 'alice');
    assert.equal(claimed?.keyName, 'alice');
    assert.deepEqual(claimed?.capabilities, { roots: {} });
    assert.equal(claimed?.requests, 2);
    assert.equal(await b!.claim('s1', 'bob'), null, "another key's session id is as good as unknown");
    assert.equal((await a!.claim('s1', 'alice'))?.requests, 3, 'bob did not touch it');

    await new Promise((r) => setTimeout(r, 20));
    await a!.add(record('s2'), 2);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(await b!.add(record('s3'), 2), ['s1'], 'beyond the cap the least recently used goes');
    await b!.add(record('s4', 'bob'), 2);
    assert.deepEqual((await a!.removeForKey('alice')).sort(), ['s2', 's3']);
    assert.equal(await b!.remove('s4'), true);
    assert.equal(await b!.remove('s4'), false);

    await a!.add(record('s5'), 5);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(await b!.expire(50), ['s5']);
    assert.deepEqual(await a!.all(), []);
  },
);

test('the default rate limit: each start sets it, a change on one replica reaches the others', { skip }, async (t) => {
  const { dbs } = await replicas(2);
  t.after(() => closeAll(dbs));
  await migrate(dbs[0]!);
  const a = await PgRateLimits.open(dbs[0]!, { requests: 100, windowSeconds: 3600 });
  const b = await PgRateLimits.open(dbs[1]!, { requests: 40, windowSeconds: 60 });
  t.after(() => {
    a.close();
    b.close();
  });
  assert.deepEqual(b.defaults(), { requests: 40, windowSeconds: 60 });
  await until(
    'a picks up the later start',
    () => a.defaults(),
    (d) => d.requests === 40,
  );
  await a.setDefaults({ requests: 5, windowSeconds: 10 });
  await until(
    'b picks up the change',
    () => b.defaults(),
    (d) => d.requests === 5 && d.windowSeconds === 10,
  );
});
