// Consolidation over a real store: eviction leaves no link to a page that is gone, and a segment's
// vector means the same text whether made at creation, after a merge, or by a re-embedding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { memorySettingsSchema } from '../../shared/config.js';
import { userDbFile } from './service.js';
import { openTestService, tempDataDir } from './testing.js';

const TOPICS = [
  'violin bow rosin sonata',
  'kayak paddle river rapids',
  'sourdough starter levain crumb',
  'telescope nebula comet orbit',
  'origami crane paper folds',
  'marathon pace splits kilometre',
  'pottery clay kiln glaze',
  'chess opening gambit endgame',
  'tennis serve volley racket',
];
const at = (i: number) => new Date(Date.parse('2025-03-01T09:00:00Z') + i * 60_000).toISOString();

test('evicting cold segments leaves no chain link, and no last-evicted pointer, to a page that is gone', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  // Pages a minute apart continue each other (a chain); two segments fit; nothing gets analysed.
  const memory = memorySettingsSchema.parse({ shortTermCapacity: 2, midTermCapacity: 2, midTermHeatThreshold: 1e9 });
  const svc = openTestService(tmp.dir, { memory });
  const mem = svc.forUser('eve');
  for (const [i, topic] of TOPICS.entries()) {
    await mem.add({
      user_input: topic,
      agent_response: topic.split(' ').reverse().join(' '),
      memory_type: 'conversation',
      tags: [],
      timestamp: at(i),
    });
    await mem.drain();
    // The first segment is read again and again, so it stays hot and the newer ones are evicted.
    for (let k = 0; k < 5; k++) await mem.retrieve({ query: TOPICS[0]!, max_results: 3 });
  }
  const counts = await mem.counts();
  assert.equal(counts.segments, 2, 'eviction kept mid-term memory at its capacity');
  assert.ok(counts.mid_term_pages < TOPICS.length - memory.shortTermCapacity, 'pages were evicted');
  await svc.close();

  const db = new Database(userDbFile(tmp.dir, 'eve'), { readonly: true });
  t.after(() => db.close());
  const ids = new Set((db.prepare('SELECT id FROM pages').all() as { id: string }[]).map((r) => r.id));
  const links = db.prepare('SELECT pre_page, next_page FROM pages').all() as {
    pre_page: string | null;
    next_page: string | null;
  }[];
  assert.ok(
    links.some((l) => l.pre_page || l.next_page),
    'the remaining pages are chained',
  );
  for (const l of links) {
    if (l.pre_page) assert.ok(ids.has(l.pre_page), `pre_page ${l.pre_page} exists`);
    if (l.next_page) assert.ok(ids.has(l.next_page), `next_page ${l.next_page} exists`);
  }
  const last = db.prepare("SELECT value FROM state WHERE key = 'last_evicted_page'").get() as
    { value: string } | undefined;
  if (last) assert.ok(ids.has(last.value), 'the last evicted page exists');
  const orphans = db
    .prepare(
      "SELECT count(*) AS n FROM embeddings e WHERE e.owner_kind = 'page' AND e.owner_id NOT IN (SELECT id FROM pages)",
    )
    .get() as { n: number };
  assert.equal(orphans.n, 0, 'no vector of an evicted page is left');
});

test('a segment keeps the same vector when it is embedded again', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const memory = memorySettingsSchema.parse({ shortTermCapacity: 2 });
  let svc = openTestService(tmp.dir, { memory });
  let mem = svc.forUser('fay');
  // The same two topics again and again: themes merge into existing segments, whose keywords grow.
  for (let i = 0; i < 12; i++) {
    const topic = i % 2 ? 'sourdough bread baking starter' : 'violin practice scales bow';
    await mem.add({
      user_input: `About ${topic}: session ${i} with a new detail ${TOPICS[i % TOPICS.length]}.`,
      agent_response: `Noted about ${topic}.`,
      memory_type: 'conversation',
      tags: [],
    });
    await mem.drain();
  }
  const segments = (await mem.listSegments()).items;
  assert.ok(
    segments.some((s) => s.page_count > 1),
    'a segment took in pages after its creation',
  );
  await svc.close();

  const file = userDbFile(tmp.dir, 'fay');
  const vectors = () => {
    const db = new Database(file, { readonly: true });
    try {
      return new Map(
        (
          db.prepare("SELECT owner_id, vector FROM embeddings WHERE owner_kind = 'segment'").all() as {
            owner_id: string;
            vector: Buffer;
          }[]
        ).map((r) => [r.owner_id, r.vector.toString('base64')]),
      );
    } finally {
      db.close();
    }
  };
  const before = vectors();
  assert.equal(before.size, segments.length);
  const raw = new Database(file);
  raw.prepare("DELETE FROM embeddings WHERE owner_kind = 'segment'").run();
  raw.close();

  svc = openTestService(tmp.dir, { memory });
  mem = svc.forUser('fay');
  assert.equal((await mem.counts()).vectors_pending, segments.length, 'every segment waits to be embedded again');
  await mem.drain();
  assert.equal((await mem.counts()).vectors_pending, 0);
  await svc.close();
  assert.deepEqual(vectors(), before, 'each segment has the vector it had');
});
