// A search must not fail because the embedding model server is away: retrieval ranks by full text,
// dates and feedback meanwhile, and does not ask the server again for every query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embeddingSettingsSchema } from '../../shared/config.js';
import { startFakeOpenAi } from './llm/testing/fakeOpenAi.js';
import { openTestService, tempDataDir } from './testing.js';

test('retrieve_memory answers from full text while the embedding server refuses, without waiting for it on every query', async (t) => {
  const fake = await startFakeOpenAi();
  t.after(fake.close);
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const logged: string[] = [];
  const svc = openTestService(tmp.dir, {
    embedding: embeddingSettingsSchema.parse({ provider: 'openai', baseUrl: fake.baseUrl, dimensions: 8 }),
    log: (_level, msg) => logged.push(msg),
  });
  t.after(() => svc.close());
  const mem = svc.forUser('alice');
  const added = await mem.add({
    user_input: 'My sister Maria moved to Lisbon last spring.',
    agent_response: 'Noted.',
    memory_type: 'conversation',
    tags: [],
  });
  await mem.drain();

  fake.embeddingStatus = 400;
  const asked = () => fake.requests.filter((r) => r.path.endsWith('/embeddings')).length;
  const before = asked();
  const found = await mem.retrieve({ query: 'Where does Maria live?', max_results: 5 });
  assert.equal(found.status, 'success');
  assert.equal(found.retrieved_pages[0]?.memory_id, added.memory_id, 'found by full text');
  assert.ok(
    logged.some((m) => m.includes('embedding a query failed')),
    'the failure is logged once, saying what retrieval does meanwhile',
  );
  const afterFirst = asked();
  assert.ok(afterFirst > before, 'the first query asked the server');

  const again = await mem.retrieve({ query: 'Lisbon', max_results: 5 });
  assert.equal(again.retrieved_pages[0]?.memory_id, added.memory_id);
  assert.equal(asked(), afterFirst, 'while it is away, queries do not wait for it again');
});
