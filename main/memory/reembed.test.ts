// A change of embedder re-embeds every page, segment and knowledge entry in the background, with
// its progress in counts(); afterwards only the new embedder's vectors remain and are searched.
import assert from 'node:assert/strict';
import { memorySettingsSchema } from '../../shared/config.js';
import { storeTest } from './testStores.js';

const memory = memorySettingsSchema.parse({ shortTermCapacity: 3 });
const TOPICS = [
  'violin lessons on Tuesday',
  'a trip to Kyoto in April',
  'the sourdough starter',
  'marathon training plan',
  'my sister in Lisbon',
];

storeTest(
  'a new embedder: everything is embedded again, progress is shown, and retrieval uses the new vectors',
  async (_t, store) => {
    let svc = store.open({ memory });
    let mem = svc.forUser('eve');
    for (let i = 0; i < 150; i++)
      await mem.add({
        user_input: `I keep thinking about ${TOPICS[i % 5]} (${i})`,
        agent_response: 'Tell me more.',
        memory_type: 'conversation',
        tags: [],
      });
    await mem.drain();
    const before = await mem.counts();
    assert.equal(before.vectors_pending, 0);
    assert.ok(before.segments > 0 && before.user_knowledge > 0, 'segments and knowledge exist to re-embed');
    await svc.close();

    svc = store.open({ memory, embedding: { provider: 'hashed', dimensions: 128 } });
    mem = svc.forUser('eve');
    const pending = (await mem.counts()).vectors_pending;
    const items =
      before.short_term + before.mid_term_pages + before.segments + before.user_knowledge + before.assistant_knowledge;
    assert.equal(pending, items, 'at open, every item waits for the new embedder');
    await mem.drain();
    assert.equal((await mem.counts()).vectors_pending, 0);
    assert.equal((await mem.counts()).queued_jobs, 0);
    const found = await mem.retrieve({ query: 'Kyoto trip', max_results: 5 });
    assert.ok(
      found.retrieved_pages.every((p) => p.user_input.includes('Kyoto')),
      'found through the new index',
    );
    await svc.close();

    const kinds = new Map<string, { embedder: string; dim: number; n: number }>();
    for (const r of (await store.rows('eve', 'embeddings')) as { embedder: string; dim: number }[]) {
      const key = `${r.embedder}:${r.dim}`;
      kinds.set(key, { embedder: r.embedder, dim: Number(r.dim), n: (kinds.get(key)?.n ?? 0) + 1 });
    }
    const rows = [...kinds.values()];
    assert.deepEqual(
      rows,
      [{ embedder: 'hashed-v1:128', dim: 128, n: items }],
      'only the new vectors remain, one per item',
    );
  },
);
