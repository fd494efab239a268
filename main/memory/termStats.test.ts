// Dropping query words too common to rank by, over a real store: the rare word still finds its page
// (with or without the common one), a query of common words alone still answers, and small stores
// are left alone.
import assert from 'node:assert/strict';
import { TermStats } from './termStats.js';
import { storeTest } from './testStores.js';

const TOPICS = ['tennis', 'violin', 'sourdough', 'kayaking', 'astronomy', 'origami', 'pottery', 'chess'];

storeTest(
  'words in a large share of pages are dropped from the match; the rare word still finds its page',
  async (t, store) => {
    const svc = store.open();
    const mem = svc.forUser('ann');
    let target = '';
    for (let i = 0; i < 260; i++) {
      const text =
        i === 137
          ? 'Over coffee I told you my cousin moved to Zanzibar.'
          : `Over coffee we talked about ${TOPICS[i % TOPICS.length]} and session ${i}.`;
      const r = await mem.add({ user_input: text, agent_response: 'Noted.', memory_type: 'conversation', tags: [] });
      if (i === 137) target = r.memory_id;
    }
    await mem.drain();

    const raw = await store.memoryStore(t, 'ann');
    const stats = new TermStats(raw);
    await stats.load();
    assert.deepEqual(await stats.informative(['coffee', 'zanzibar']), ['zanzibar'], 'coffee is in every page');
    assert.deepEqual(
      await stats.informative(['coffee', 'tennis', 'zanzibar']),
      ['zanzibar'],
      'tennis is in an eighth of the pages, and in the context of more',
    );
    const docs = new Map(await raw.pages.termDocCounts());
    const df = (term: string) => docs.get(term)!;
    const rarer = df('session') < df('coffe') ? 'session' : 'coffee';
    assert.deepEqual(await stats.informative(['coffee', 'session']), [rarer], 'all common: the rarest alone is kept');
    assert.deepEqual(await stats.informative(['unseenword', 'coffee']), ['unseenword']);

    const found = await mem.retrieve({ query: 'coffee Zanzibar', max_results: 3 });
    assert.equal(found.retrieved_pages[0]?.memory_id, target);
    const common = await mem.retrieve({ query: 'coffee', max_results: 3 });
    assert.equal(common.retrieved_pages.length, 3, 'a query of common words alone still answers');
    await svc.close();
  },
);

storeTest('a small store keeps every word', async (t, store) => {
  const svc = store.open();
  const mem = svc.forUser('bo');
  for (let i = 0; i < 20; i++)
    await mem.add({
      user_input: `coffee and ${TOPICS[i % TOPICS.length]}`,
      agent_response: 'ok',
      memory_type: 'conversation',
      tags: [],
    });
  await mem.drain();
  const stats = new TermStats(await store.memoryStore(t, 'bo'));
  await stats.load();
  assert.deepEqual(await stats.informative(['coffee', 'tennis']), ['coffee', 'tennis']);
  await svc.close();
});
