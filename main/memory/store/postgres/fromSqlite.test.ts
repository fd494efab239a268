// Moving a data folder's memories into PostgreSQL: every row as it was in SQLite, nothing twice on a
// second run, a run stopped part-way finished by the next with the same rows as one whole run, and
// the engine on PostgreSQL retrieving what was moved.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import BetterSqlite from 'better-sqlite3';
import { memorySettingsSchema, serverConfigSchema } from '../../../../shared/config.js';
import { connectDatabase, type Database } from '../../../postgres/database.js';
import { migrate } from '../../../postgres/migrations.js';
import { POSTGRES_SKIP, sharedCluster } from '../../../postgres/testing.js';
import { listUserStores, openMemoryService, userDbFile } from '../../service.js';
import { tempDataDir } from '../../testing.js';
import { moveUserMemories } from './fromSqlite.js';
import { openPgMemoryService } from './service.js';

const d = serverConfigSchema.parse({});
const memory = memorySettingsSchema.parse({ shortTermCapacity: 4, midTermHeatThreshold: 1 });
const opts = { memory, llm: d.llm, embedding: d.embedding };
const TOPICS = ['violin lessons', 'a trip to Kyoto', 'the sourdough starter', 'marathon training', 'my sister Ana'];

/** Columns compared on both sides (PostgreSQL's own bookkeeping, tsvectors and revisions, left out). */
const COMPARED: Record<string, string> = {
  pages:
    'id, seq, user_input, agent_response, timestamp, ts_ms, memory_type, tags, tier, meta_info, segment_id, ' +
    'pre_page, next_page, analyzed, created_at, updated_at',
  segments: 'id, summary, keywords, n_visit, l_interaction, last_visit_ms, created_at',
  knowledge: 'id, kind, text, source_page_ids, created_at',
  profile_versions: 'version, text, source, created_at',
  embeddings: 'owner_kind, owner_id, embedder, dim, vector',
};
const ORDER: Record<string, string> = {
  pages: 'seq',
  segments: 'id',
  knowledge: 'id',
  profile_versions: 'version',
  embeddings: 'owner_kind, owner_id',
};

const normal = (rows: Record<string, unknown>[]) =>
  rows.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v]),
    ),
  );

function sqliteRows(dir: string, user: string): Record<string, unknown[]> {
  const db = new BetterSqlite(userDbFile(dir, user), { readonly: true });
  try {
    return Object.fromEntries(
      Object.keys(COMPARED).map((t) => [
        t,
        normal(db.prepare(`SELECT ${COMPARED[t]} FROM ${t} ORDER BY ${ORDER[t]}`).all() as Record<string, unknown>[]),
      ]),
    );
  } finally {
    db.close();
  }
}

async function pgRows(db: Database, user: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of Object.keys(COMPARED)) {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT ${COMPARED[t]} FROM memory_${t} WHERE user_name = $1 ORDER BY ${ORDER[t]}`,
      [user],
    );
    out[t] = normal(rows);
  }
  return out;
}

async function freshDatabase(t: TestContext): Promise<Database> {
  const db = await connectDatabase({ url: await (await sharedCluster()).createDatabase('move'), log: () => {} });
  t.after(() => db.close());
  await migrate(db);
  return db;
}

test(
  'a data folder moves into PostgreSQL whole, once, and resumes where it stopped',
  { skip: POSTGRES_SKIP },
  async (t) => {
    // A folder written by the engine itself: pages in both tiers, segments, knowledge, a profile, vectors.
    const tmp = tempDataDir();
    t.after(tmp.remove);
    const svc = openMemoryService({ dataDir: tmp.dir, ...opts });
    const mem = svc.forUser('alice');
    for (let i = 0; i < 60; i++) {
      await mem.add({
        user_input: `About ${TOPICS[i % TOPICS.length]}: note ${i}, and I like green tea.`,
        agent_response: 'Noted.',
        memory_type: 'conversation',
        tags: i % 7 === 0 ? ['weekly'] : [],
        timestamp: new Date(Date.parse('2025-01-01T09:00:00Z') + i * 3600_000).toISOString(),
      });
      if (i % 10 === 9) await mem.drain();
    }
    await mem.drain();
    await svc
      .forUser('bob')
      .add({ user_input: 'Bob likes chess.', agent_response: 'Ok.', memory_type: 'note', tags: [] });
    const counts = await mem.counts();
    assert.ok(counts.segments > 0 && counts.user_knowledge > 0 && counts.mid_term_pages > 0, JSON.stringify(counts));
    const expected = await svc.forUser('alice').retrieve({ query: 'Kyoto trip note 21', max_results: 5 });
    await svc.close();
    const users = listUserStores(tmp.dir);
    assert.deepEqual(users, ['alice', 'bob']);
    const source = sqliteRows(tmp.dir, 'alice');
    assert.ok((source.profile_versions?.length ?? 0) > 0, 'a profile was written');

    // Whole, then again: nothing added the second time, the same rows.
    const whole = await freshDatabase(t);
    for (const u of users) await moveUserMemories(whole, tmp.dir, u);
    const moved = await pgRows(whole, 'alice');
    assert.deepEqual(moved, source, 'every row of every table as it was');
    assert.deepEqual(await pgRows(whole, 'bob'), sqliteRows(tmp.dir, 'bob'));
    const { rows: totals } = await whole.query(
      "SELECT n::int, len::int FROM memory_text_totals WHERE user_name = 'alice' AND tbl = 'memory_pages'",
    );
    const { rows: counted } = await whole.query(
      "SELECT count(*)::int AS n, sum(doc_len)::int AS len FROM memory_pages WHERE user_name = 'alice'",
    );
    assert.deepEqual(totals, counted, "bm25's totals count the moved pages");
    const again = await moveUserMemories(whole, tmp.dir, 'alice');
    assert.deepEqual(Object.values(again.added), [0, 0, 0, 0, 0, 0], 'nothing moved twice');
    assert.ok(again.present > 0);
    assert.deepEqual(await pgRows(whole, 'alice'), source);

    // Stopped part-way (after its third batch of ten), then run again: the same rows as the whole run.
    const resumed = await freshDatabase(t);
    let batches = 0;
    await assert.rejects(
      moveUserMemories(resumed, tmp.dir, 'alice', {
        batch: 10,
        onBatch: () => {
          if (++batches === 3) throw new Error('interrupted');
        },
      }),
      /interrupted/,
    );
    const partial = await pgRows(resumed, 'alice');
    assert.ok(partial.pages!.length > 0 && partial.pages!.length < source.pages!.length, 'stopped part-way');
    const finished = await moveUserMemories(resumed, tmp.dir, 'alice', { batch: 10 });
    assert.equal(finished.added.pages, source.pages!.length - partial.pages!.length);
    assert.deepEqual(await pgRows(resumed, 'alice'), source);

    // The engine over PostgreSQL retrieves the moved memories as it did over SQLite.
    const pgService = openPgMemoryService(whole, opts);
    t.after(() => pgService.close());
    const found = await pgService.forUser('alice').retrieve({ query: 'Kyoto trip note 21', max_results: 5 });
    assert.equal(found.retrieved_pages[0]?.memory_id, expected.retrieved_pages[0]?.memory_id);
    assert.match(found.retrieved_pages[0]!.user_input, /Kyoto/);

    // A user who already has memories in the database keeps them; the moved pages are numbered after.
    const shared = await freshDatabase(t);
    const early = openPgMemoryService(shared, opts);
    await early
      .forUser('bob')
      .add({ user_input: 'Said on the team server first.', agent_response: 'Ok.', memory_type: 'note', tags: [] });
    await early.close();
    const bob = await moveUserMemories(shared, tmp.dir, 'bob');
    assert.equal(bob.renumbered, 1);
    const { rows } = await shared.query<{ user_input: string; seq: number }>(
      "SELECT user_input, seq FROM memory_pages WHERE user_name = 'bob' ORDER BY seq",
    );
    assert.deepEqual(
      rows.map((r) => [r.user_input, r.seq]),
      [
        ['Said on the team server first.', 1],
        ['Bob likes chess.', 2],
      ],
    );
  },
);
