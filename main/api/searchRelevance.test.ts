// "Nothing relevant" is said when it is true: through the real engine's retrieval, a query of words
// no page holds has no relevant hit, while a real question finds its page and says which words matched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestService, tempDataDir } from '../memory/testing.js';
import { judgeSearch, matchedWords, queryStems } from './searchRelevance.js';

test('the relevance floor: shared words or a named time, not the engine returning something', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const svc = openTestService(tmp.dir);
  t.after(() => svc.close());
  const alice = svc.forUser('alice');
  const add = (user_input: string, agent_response: string, timestamp?: string) =>
    alice.add({ user_input, agent_response, memory_type: 'conversation', tags: [], timestamp });
  await add('My sister lives in Lisbon near the river', 'Lovely city.');
  await add('I drink oat milk flat whites', 'Noted.');
  await add('Remind me that the dentist is on Friday', 'Will do.');
  await add('We booked the train tickets', 'Enjoy the trip.', new Date(Date.now() - 24 * 3600_000).toISOString());

  const nonsense = judgeSearch(await alice.retrieve({ query: 'xylophone quantum zebra', max_results: 10 }));
  assert.ok(nonsense.loose.length > 0, 'the engine still returns its nearest pages');
  assert.deepEqual(nonsense.relevant, [], 'none of them is relevant');

  const sister = judgeSearch(await alice.retrieve({ query: 'where does my sister live', max_results: 10 }));
  assert.match(sister.relevant[0]!.user_input, /Lisbon/);
  assert.deepEqual(sister.relevant[0]!.matched.sort(), ['lives', 'sister']);
  assert.ok(sister.relevant.every((h) => h.matched.length > 0));

  const yesterday = judgeSearch(await alice.retrieve({ query: 'what did we do yesterday', max_results: 10 }));
  const train = yesterday.relevant.find((h) => /train/.test(h.user_input));
  assert.ok(train?.in_named_time, 'a page of the day the query names is relevant without sharing a word');
});

test('matched words are the page words sharing a stem with the query, stopwords aside', () => {
  const stems = queryStems('Where did I go hiking?');
  assert.deepEqual(matchedWords('We hiked up and then went hiking again; hikes are fun', stems), [
    'hiked',
    'hiking',
    'hikes',
  ]);
  assert.deepEqual(matchedWords('Where I go is my business', stems), ['go']);
});
