// The second wall: row-level security. A query that forgets its `WHERE user_name = ...`, run
// through a user's store connection (the member role, the user named for the transaction), sees
// nothing of another user's, and cannot write a row in another user's name; the same query as the
// tables' owner sees everyone's, so the policies, not the data, are what hide them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverConfigSchema } from '../../../../shared/config.js';
import { connectDatabase } from '../../../postgres/database.js';
import { migrate } from '../../../postgres/migrations.js';
import { POSTGRES_SKIP, sharedCluster } from '../../../postgres/testing.js';
import { openPgMemoryService } from './service.js';
import { PgMemoryStore } from './store.js';

const TABLES = [
  'memory_pages',
  'memory_segments',
  'memory_knowledge',
  'memory_profile_versions',
  'memory_embeddings',
  'memory_jobs',
  'memory_state',
  'memory_text_totals',
];

test('an unfiltered query through a user store returns nothing of another user', { skip: POSTGRES_SKIP }, async (t) => {
  const cluster = await sharedCluster();
  const db = await connectDatabase({ url: await cluster.createDatabase('rls'), log: () => {} });
  t.after(() => db.close());
  await migrate(db);
  const d = serverConfigSchema.parse({});
  const memory = { ...d.memory, shortTermCapacity: 2, midTermHeatThreshold: 1 };
  const svc = openPgMemoryService(db, { memory, llm: d.llm, embedding: d.embedding });
  for (const user of ['alice', 'bob'])
    for (let i = 0; i < 5; i++)
      await svc.forUser(user).add({
        user_input: `${user}-secret number ${i}: I like hiking and my dog Biscuit.`,
        agent_response: 'Noted.',
        memory_type: 'conversation',
        tags: [],
      });
  for (const user of ['alice', 'bob']) await svc.forUser(user).drain();
  const gone = (await svc.forUser('alice').listPages({ limit: 1 })).items[0]!;
  await svc.forUser('alice').delete(gone.id);
  await svc.close();

  // bm25's per-user totals, kept by triggers through adds, re-indexing and a delete, match the rows.
  for (const table of ['memory_pages', 'memory_knowledge']) {
    const { rows: kept } = await db.query(
      `SELECT user_name, n::int, len::int FROM memory_text_totals WHERE tbl = $1 AND n <> 0 ORDER BY 1`,
      [table],
    );
    const { rows: counted } = await db.query(
      `SELECT user_name, count(*)::int AS n, sum(doc_len)::int AS len FROM ${table} GROUP BY 1 ORDER BY 1`,
    );
    assert.deepEqual(kept, counted, `${table}: totals as counted`);
  }

  // As the owner every user's rows are there: what the policies hide below exists.
  for (const table of [
    'memory_pages',
    'memory_segments',
    'memory_embeddings',
    'memory_profile_versions',
    'memory_knowledge',
  ]) {
    const { rows } = await db.query<{ user_name: string }>(`SELECT DISTINCT user_name FROM ${table} ORDER BY 1`);
    assert.deepEqual(
      rows.map((r) => r.user_name),
      ['alice', 'bob'],
      `${table} holds both users' rows`,
    );
  }

  const bob = new PgMemoryStore(db, 'bob', 'test');
  for (const table of TABLES) {
    const users = await bob.session((sql) => sql.rows<{ user_name: string }>(`SELECT user_name FROM ${table}`));
    assert.ok(
      users.every((r) => r.user_name === 'bob'),
      `${table}: only bob's rows`,
    );
  }
  const pages = await bob.session((sql) => sql.rows<{ user_input: string }>('SELECT user_input FROM memory_pages'));
  assert.equal(pages.length, 5);
  assert.ok(!pages.some((p) => p.user_input.includes('alice-secret')));
  // A text search without the filter, as retrieval's would be if it forgot it.
  const found = await bob.session((sql) =>
    sql.rows("SELECT id FROM memory_pages WHERE tsv @@ 'alic'::tsquery OR user_input LIKE '%alice%'"),
  );
  assert.deepEqual(found, []);

  // Writing or changing another user's rows is refused or touches nothing.
  await assert.rejects(
    bob.session(
      (sql) =>
        sql.run(`INSERT INTO memory_state (user_name, key, value) VALUES ('alice', 'last_evicted_page', 'forged')`),
      true,
    ),
    /row-level security/,
  );
  const changed = await bob.session((sql) => sql.run("UPDATE memory_pages SET user_input = 'gone'"), true);
  assert.equal(changed, 5, "bob's own five pages, and no other");
  const deleted = await bob.session((sql) => sql.run("DELETE FROM memory_knowledge WHERE user_name = 'alice'"), true);
  assert.equal(deleted, 0);
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM memory_pages WHERE user_name = 'alice' AND user_input LIKE 'alice-secret%'",
  );
  assert.equal(rows[0]!.n, 4, "alice's pages are untouched (but the one she deleted)");
});
