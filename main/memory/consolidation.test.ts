// Consolidation over a real store: eviction leaves no link to a page that is gone, and a segment's
// vector means the same text whether made at creation, after a merge, or by a re-embedding.
import assert from 'node:assert/strict';
import { memorySettingsSchema } from '../../shared/config.js';
import { storeTest } from './testStores.js';

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

storeTest(
  'evicting cold segments leaves no chain link, and no last-evicted pointer, to a page that is gone',
  async (_t, store) => {
    // Pages a minute apart continue each other (a chain); two segments fit; nothing gets analysed.
    const memory = memorySettingsSchema.parse({ shortTermCapacity: 2, midTermCapacity: 2, midTermHeatThreshold: 1e9 });
    const svc = store.open({ memory });
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

    const pages = (await store.rows('eve', 'pages')) as {
      id: string;
      pre_page: string | null;
      next_page: string | null;
    }[];
    const ids = new Set(pages.map((r) => r.id));
    assert.ok(
      pages.some((l) => l.pre_page || l.next_page),
      'the remaining pages are chained',
    );
    for (const l of pages) {
      if (l.pre_page) assert.ok(ids.has(l.pre_page), `pre_page ${l.pre_page} exists`);
      if (l.next_page) assert.ok(ids.has(l.next_page), `next_page ${l.next_page} exists`);
    }
    const last = ((await store.rows('eve', 'state')) as { key: string; value: string }[]).find(
      (r) => r.key === 'last_evicted_page',
    );
    if (last) assert.ok(ids.has(last.value), 'the last evicted page exists');
    const orphans = ((await store.rows('eve', 'embeddings')) as { owner_kind: string; owner_id: string }[]).filter(
      (e) => e.owner_kind === 'page' && !ids.has(e.owner_id),
    );
    assert.equal(orphans.length, 0, 'no vector of an evicted page is left');
  },
);

storeTest('a segment keeps the same vector when it is embedded again', async (_t, store) => {
  const memory = memorySettingsSchema.parse({ shortTermCapacity: 2 });
  let svc = store.open({ memory });
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

  const vectors = async () =>
    new Map(
      ((await store.rows('fay', 'embeddings')) as { owner_kind: string; owner_id: string; vector: Uint8Array }[])
        .filter((r) => r.owner_kind === 'segment')
        .map((r) => [r.owner_id, Buffer.from(r.vector).toString('base64')]),
    );
  const before = await vectors();
  assert.equal(before.size, segments.length);
  await store.exec('fay', {
    sqlite: "DELETE FROM embeddings WHERE owner_kind = 'segment'",
    postgres: ["DELETE FROM memory_embeddings WHERE user_name = $1 AND owner_kind = 'segment'"],
  });

  svc = store.open({ memory });
  mem = svc.forUser('fay');
  assert.equal((await mem.counts()).vectors_pending, segments.length, 'every segment waits to be embedded again');
  await mem.drain();
  assert.equal((await mem.counts()).vectors_pending, 0);
  await svc.close();
  assert.deepEqual(await vectors(), before, 'each segment has the vector it had');
});
