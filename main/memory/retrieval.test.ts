// Retrieval's full-text side over a real store: pseudo-relevance feedback finds a page that shares
// no word with the query but is about the same thing as the pages that do, ahead of a control page
// that differs from it by that one word.
import assert from 'node:assert/strict';
import { memorySettingsSchema } from '../../shared/config.js';
import { storeTest } from './testStores.js';
import type { UserMemory } from './types.js';

const TOPICS = ['tennis', 'violin', 'kayaking', 'astronomy', 'origami', 'pottery', 'chess', 'cycling'];

storeTest(
  'feedback from the first pages found brings in a page that shares no word with the query',
  async (_t, store) => {
    // Every page stays short-term, indexed by its own words: no segment context, whose keywords
    // depend on how consolidation happened to batch the pages (one at a time when the store's
    // writes give the event loop a turn, as PostgreSQL's do, all at once when they don't).
    const svc = store.open({ memory: memorySettingsSchema.parse({ shortTermCapacity: 300 }) });
    const mem = svc.forUser('cat');
    let target = '';
    let control = '';
    for (let i = 0; i < 260; i++) {
      let text = `We talked about ${TOPICS[i % TOPICS.length]} for a while, item ${i}.`;
      if (i % 40 === 3) text = `I baked sourdough bread again; the levain was very active, loaf ${i}.`;
      if (i === 200) text = 'My levain smells of green apples this week.';
      if (i === 120) text = 'My kombucha smells of green apples this week.';
      const r = await mem.add({ user_input: text, agent_response: 'Noted.', memory_type: 'conversation', tags: [] });
      if (i === 200) target = r.memory_id;
      if (i === 120) control = r.memory_id;
    }
    await mem.drain();
    await mem.retrieve({ query: 'warm-up', max_results: 1 });

    const found = await mem.retrieve({ query: 'sourdough', max_results: 50 });
    const ids = found.retrieved_pages.map((p) => p.memory_id);
    const rank = ids.indexOf(target);
    const controlRank = ids.indexOf(control) < 0 ? Infinity : ids.indexOf(control);
    assert.ok(rank >= 0, 'the levain page is found for "sourdough"');
    assert.ok(rank < controlRank, `the levain page (${rank}) ranks above the kombucha page (${controlRank})`);
    assert.ok(!found.retrieved_pages[rank]!.user_input.includes('sourdough'));
    await svc.close();
  },
);

storeTest(
  'retrieval makes the segments it reads hotter: visits are counted, shown at once and kept across a restart',
  async (_t, store) => {
    let svc = store.open({ memory: memorySettingsSchema.parse({ shortTermCapacity: 2 }) });
    let mem = svc.forUser('dan');
    for (const text of [
      'I am training for the Berlin marathon in September.',
      'My marathon pace goal is five minutes per kilometre.',
      'I bought new running shoes for the marathon.',
      'The weather was great for a long run.',
    ]) {
      await mem.add({ user_input: text, agent_response: 'Nice.', memory_type: 'conversation', tags: [] });
    }
    await mem.drain();
    const before = (await mem.listSegments()).items;
    assert.ok(before.length > 0, 'consolidation made a segment');
    const visitsBefore = before.reduce((n, s) => n + s.n_visit, 0);
    // Each retrieval visits the segments of the pages it found (one or two here: how the pages were
    // grouped depends on whether consolidation ran after the third add or the fourth).
    const visit = async () => {
      const found = await mem.retrieve({ query: 'marathon pace', max_results: 3 });
      return new Set(found.retrieved_pages.map((p) => p.segment_id).filter(Boolean)).size;
    };
    let visits = 0;
    for (let i = 0; i < 3; i++) visits += await visit();
    assert.ok(visits >= 3, 'every retrieval found a page of a segment');
    const after = (await mem.listSegments()).items;
    assert.equal(
      after.reduce((n, s) => n + s.n_visit, 0),
      visitsBefore + visits,
      'three retrievals, their visits seen by the list at once',
    );
    visits += await visit();
    await svc.close();
    svc = store.open();
    mem = svc.forUser('dan');
    assert.equal(
      (await mem.listSegments()).items.reduce((n, s) => n + s.n_visit, 0),
      visitsBefore + visits,
      'the last visits were written as the store closed',
    );
    await svc.close();
  },
);

/** The same dinner, told at 19:00 on each of `days` (local time), nearly word for word; their ids. */
async function dinners(mem: UserMemory, days: Date[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, at] of days.entries()) {
    const r = await mem.add({
      user_input: `For dinner I cooked a vegetable curry with rice (${i % 5}).`,
      agent_response: 'Sounds tasty.',
      memory_type: 'conversation',
      tags: [],
      timestamp: at.toISOString(),
    });
    ids.push(r.memory_id);
  }
  await mem.drain();
  return ids;
}

const zip = <A, B>(as: A[], bs: B[]): [A, B][] => as.map((a, i) => [a, bs[i]!]);

storeTest('a date named in the query favours what was said that day', async (_t, store) => {
  const svc = store.open();
  const mem = svc.forUser('fay');
  const days = Array.from({ length: 28 }, (_, i) => `2024-03-${String(i + 1).padStart(2, '0')}`);
  const ids = new Map(
    zip(
      days,
      await dinners(
        mem,
        days.map((d) => new Date(`${d}T19:00:00`)),
      ),
    ),
  );
  for (const [q, date] of [
    ['What did I cook for dinner on March 17, 2024?', '2024-03-17'],
    ['dinner curry 2024-03-05', '2024-03-05'],
    ['what was for dinner on the 9th of March 2024', '2024-03-09'],
  ] as const) {
    const found = await mem.retrieve({ query: q, max_results: 3 });
    assert.equal(found.retrieved_pages[0]?.memory_id, ids.get(date), `${q} → the page of ${date}`);
  }
  await svc.close();
});

storeTest(
  'a time named relative to now ("yesterday", "last week", "on Monday") favours what was said then',
  async (_t, store) => {
    const now = new Date(2026, 10, 25, 15, 0).getTime(); // a Wednesday
    const svc = store.open({ now: () => now });
    const mem = svc.forUser('gus');
    const backs = Array.from({ length: 28 }, (_, i) => i);
    const ids = new Map(
      zip(
        backs,
        await dinners(
          mem,
          backs.map((back) => new Date(2026, 10, 25 - back, 19, 0)),
        ),
      ),
    );
    const daysBack = (id: string | undefined) => [...ids].find(([, v]) => v === id)?.[0];
    for (const [q, back] of [
      ['What did I cook for dinner yesterday?', 1],
      ['what was dinner 4 days ago', 4],
      ['dinner on Monday', 2],
      ['what did I cook the day before yesterday', 2],
    ] as const) {
      const found = await mem.retrieve({ query: q, max_results: 3 });
      assert.equal(daysBack(found.retrieved_pages[0]?.memory_id), back, `${q} → the page of ${back} days ago`);
    }
    // Last week is Monday 16 to Sunday 22 November: 3 to 9 days back; all seven lead.
    const lastWeek = await mem.retrieve({ query: 'what did I cook for dinner last week', max_results: 7 });
    assert.deepEqual(
      lastWeek.retrieved_pages.map((p) => daysBack(p.memory_id)).sort((a, b) => a! - b!),
      [3, 4, 5, 6, 7, 8, 9],
    );
    await svc.close();
  },
);
