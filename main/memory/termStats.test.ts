// Dropping query words too common to rank by, over a real store: the rare word still finds its page
// (with or without the common one), a query of common words alone still answers, and small stores
// are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { userDbFile } from './service.js';
import { SqliteMemoryStore } from './store/sqlite/store.js';
import { TermStats } from './termStats.js';
import { openTestService, tempDataDir } from './testing.js';

const TOPICS = ['tennis', 'violin', 'sourdough', 'kayaking', 'astronomy', 'origami', 'pottery', 'chess'];

test('words in a large share of pages are dropped from the match; the rare word still finds its page', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const svc = openTestService(tmp.dir);
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

  const db = new Database(userDbFile(tmp.dir, 'ann'), { readonly: true });
  t.after(() => db.close());
  const stats = new TermStats(new SqliteMemoryStore(db, 'test'));
  await stats.load();
  assert.deepEqual(await stats.informative(['coffee', 'zanzibar']), ['zanzibar'], 'coffee is in every page');
  assert.deepEqual(
    await stats.informative(['coffee', 'tennis', 'zanzibar']),
    ['zanzibar'],
    'tennis is in an eighth of the pages, and in the context of more',
  );
  const df = (term: string) =>
    (db.prepare('SELECT doc FROM pages_fts_vocab WHERE term = ?').get(term) as { doc: number }).doc;
  const rarer = df('session') < df('coffe') ? 'session' : 'coffee';
  assert.deepEqual(await stats.informative(['coffee', 'session']), [rarer], 'all common: the rarest alone is kept');
  assert.deepEqual(await stats.informative(['unseenword', 'coffee']), ['unseenword']);

  const found = await mem.retrieve({ query: 'coffee Zanzibar', max_results: 3 });
  assert.equal(found.retrieved_pages[0]?.memory_id, target);
  const common = await mem.retrieve({ query: 'coffee', max_results: 3 });
  assert.equal(common.retrieved_pages.length, 3, 'a query of common words alone still answers');
  await svc.close();
});

test('a small store keeps every word', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const svc = openTestService(tmp.dir);
  const mem = svc.forUser('bo');
  for (let i = 0; i < 20; i++)
    await mem.add({
      user_input: `coffee and ${TOPICS[i % TOPICS.length]}`,
      agent_response: 'ok',
      memory_type: 'conversation',
      tags: [],
    });
  await mem.drain();
  const db = new Database(userDbFile(tmp.dir, 'bo'), { readonly: true });
  t.after(() => db.close());
  const stats = new TermStats(new SqliteMemoryStore(db, 'test'));
  await stats.load();
  assert.deepEqual(await stats.informative(['coffee', 'tennis']), ['coffee', 'tennis']);
  await svc.close();
});
