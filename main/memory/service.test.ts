import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { memorySettingsSchema } from '../../shared/config.js';
import { StorageError, InvalidInputError, NotFoundError } from '../errors.js';
import { userDbFile } from './service.js';
import { openTestService, tempDataDir } from './testing.js';
import { storeTest } from './testStores.js';

const add = (text: string, reply = 'Noted.', extra: Record<string, unknown> = {}) => ({
  user_input: text,
  agent_response: reply,
  memory_type: 'conversation',
  tags: [] as string[],
  ...extra,
});

storeTest('an added memory is durable across close and reopen, and found by retrieval', async (_t, store) => {
  let svc = store.open();
  const res = await svc.forUser('alice').add(add('My sister Maria lives in Lisbon and teaches piano.'));
  assert.equal(res.status, 'success');
  await svc.close();
  svc = store.open();
  const found = await svc.forUser('alice').retrieve({ query: 'where does Maria live?', max_results: 5 });
  assert.equal(found.retrieved_pages[0]?.memory_id, res.memory_id);
  assert.match(found.retrieved_pages[0]!.user_input, /Lisbon/);
  assert.ok(found.took_ms >= 0);
  await svc.close();
});

storeTest('users are separate stores: bob never sees alice', async (_t, store) => {
  const svc = store.open();
  await svc.forUser('alice').add(add('alice-secret-marker about gardening'));
  await svc.forUser('bob').add(add('bob talks about chess'));
  const r = await svc.forUser('bob').retrieve({ query: 'alice-secret-marker gardening', max_results: 10 });
  assert.ok(!JSON.stringify({ ...r, query: '' }).includes('alice-secret-marker'));
  assert.equal(r.short_term_memory.length, 1);
  assert.deepEqual(await svc.listUsers(), ['alice', 'bob']);
  assert.throws(() => svc.forUser('../alice'), InvalidInputError);
  await svc.close();
});

storeTest(
  'a renamed user keeps every memory, found by full text under the new name; the old name is empty',
  async (_t, store) => {
    const memory = memorySettingsSchema.parse({ shortTermCapacity: 2 });
    const svc = store.open({ memory });
    for (const text of ['The violin is in the attic', 'Maria teaches piano in Lisbon', 'The cello is in the garage'])
      await svc.forUser('cursor').add(add(text));
    await svc.forUser('cursor').drain();
    await svc.renameUser('cursor', 'laptop');
    assert.deepEqual(await svc.listUsers(), ['laptop']);
    const found = await svc.forUser('laptop').retrieve({ query: 'where is the violin?', max_results: 5 });
    assert.match(found.retrieved_pages[0]?.user_input ?? '', /violin/, 'ranked by full text under the new name');
    const counts = await svc.forUser('laptop').counts();
    assert.equal(counts.short_term + counts.mid_term_pages, 3);
    await svc.close();
  },
);

storeTest(
  'short-term overflow consolidates offline into segments, profile and knowledge, without duplicates',
  async (_t, store) => {
    const memory = memorySettingsSchema.parse({ shortTermCapacity: 3, midTermHeatThreshold: 2 });
    const svc = store.open({ memory });
    const mem = svc.forUser('carol');
    const base = Date.parse('2025-05-01T10:00:00Z');
    const lines = [
      'I love hiking in the Alps every summer.',
      'My favourite trail is the Haute Route from Chamonix.',
      'I work as a nurse at the city hospital.',
      'I have a dog named Biscuit who comes hiking with me.',
      'I prefer green tea over coffee in the morning.',
      'My brother Tom is visiting next week from Berlin.',
      'I am training for a marathon in October.',
    ];
    for (const [i, l] of lines.entries())
      await mem.add(
        add(l, 'That sounds great, tell me more.', { timestamp: new Date(base + i * 60_000).toISOString() }),
      );
    await mem.drain();
    const c = await mem.counts();
    assert.equal(c.short_term, 3);
    assert.equal(c.mid_term_pages, 4);
    assert.ok(c.segments >= 1 && c.segments <= 4);
    assert.equal(c.queued_jobs, 0);
    const all = await mem.listPages({ limit: 100 });
    assert.equal(all.total, 7);
    assert.equal(new Set(all.items.map((p) => p.id)).size, 7);
    const mid = all.items.filter((p) => p.tier === 'mid');
    assert.ok(mid.every((p) => p.segment_id && p.meta_info));
    const profile = await mem.profile({ include_knowledge: true, include_history: true });
    assert.match(profile.profile, /hiking|nurse/);
    assert.ok(profile.user_knowledge.length > 0);
    assert.ok(!JSON.stringify(profile).includes('Error'));
    await svc.close();
  },
);

storeTest('a queued consolidation left by a crash runs after reopen, once', async (_t, store) => {
  const memory = memorySettingsSchema.parse({ shortTermCapacity: 2 });
  let svc = store.open({ memory });
  for (let i = 0; i < 5; i++) await svc.forUser('dan').add(add(`note number ${i} about the garden shed`));
  // Simulate the crash: the queue row is still there, as if the process died before the worker ran.
  await svc.close();
  await store.exec('dan', {
    sqlite: `UPDATE pages SET tier = 'short', segment_id = NULL;
      INSERT INTO jobs (kind, created_at) VALUES ('consolidate', datetime('now'));`,
    postgres: [
      "UPDATE memory_pages SET tier = 'short', segment_id = NULL WHERE user_name = $1",
      "INSERT INTO memory_jobs (user_name, kind, created_at) VALUES ($1, 'consolidate', now()::text)",
    ],
  });
  svc = store.open({ memory });
  const mem = svc.forUser('dan');
  await mem.drain();
  const c = await mem.counts();
  assert.deepEqual([c.short_term, c.mid_term_pages, c.queued_jobs], [2, 3, 0]);
  assert.equal((await mem.listPages({ limit: 50 })).total, 5);
  await svc.close();
});

storeTest('retrieval filters by memory type, tags and time', async (_t, store) => {
  const svc = store.open();
  const mem = svc.forUser('erin');
  await mem.add(
    add('Weather in Paris was sunny', 'ok', {
      memory_type: 'note',
      tags: ['weather'],
      timestamp: '2024-01-01T00:00:00Z',
    }),
  );
  await mem.add(
    add('Weather in Rome was rainy', 'ok', {
      memory_type: 'conversation',
      tags: ['weather', 'travel'],
      timestamp: '2025-01-01T00:00:00Z',
    }),
  );
  const byType = await mem.retrieve({ query: 'weather', max_results: 5, memory_type: 'note' });
  assert.deepEqual(
    byType.retrieved_pages.map((p) => p.user_input),
    ['Weather in Paris was sunny'],
  );
  const byTag = await mem.retrieve({ query: 'weather', max_results: 5, tags: ['travel'] });
  assert.deepEqual(
    byTag.retrieved_pages.map((p) => p.user_input),
    ['Weather in Rome was rainy'],
  );
  const byTime = await mem.retrieve({ query: 'weather', max_results: 5, since: '2024-06-01T00:00:00Z' });
  assert.deepEqual(
    byTime.retrieved_pages.map((p) => p.user_input),
    ['Weather in Rome was rainy'],
  );
  await assert.rejects(mem.retrieve({ query: '   ', max_results: 5 }), InvalidInputError);
  await assert.rejects(mem.add(add('x', 'y', { timestamp: 'not a date' })), InvalidInputError);
  await svc.close();
});

storeTest('delete removes a page from every tier and index; unknown ids are NotFound', async (_t, store) => {
  const svc = store.open();
  const mem = svc.forUser('fay');
  const a = await mem.add(add('The zebra-unique-word appears here'));
  await mem.add(add('Another unrelated memory about bread'));
  await mem.delete(a.memory_id);
  const r = await mem.retrieve({ query: 'zebra-unique-word', max_results: 10 });
  assert.ok(!r.retrieved_pages.some((p) => p.memory_id === a.memory_id));
  assert.ok(!r.short_term_memory.some((p) => p.memory_id === a.memory_id));
  await assert.rejects(mem.delete(a.memory_id), NotFoundError);
  const left = [
    ...((await store.rows('fay', 'pages')) as { id: string }[]).filter((r) => r.id === a.memory_id),
    ...((await store.rows('fay', 'embeddings')) as { owner_id: string }[]).filter((r) => r.owner_id === a.memory_id),
    // SQLite's index is a table of its own; PostgreSQL's is the page row's tsvector, gone with it.
    ...(store.kind === 'sqlite'
      ? ((await store.rows('fay', 'pages_fts')) as { body: string }[]).filter((r) => r.body.includes('zebra'))
      : []),
  ];
  assert.deepEqual(left, []);
  await svc.close();
});

test('a store with a newer schema is refused, and a corrupt file is reported and kept as is', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const svc = openTestService(tmp.dir);
  await svc.forUser('gus').add(add('hello'));
  await svc.close();
  const file = userDbFile(tmp.dir, 'gus');
  const raw = new Database(file);
  raw.pragma('user_version = 999');
  raw.close();
  assert.throws(
    () => openTestService(tmp.dir).forUser('gus'),
    (e: Error) => e instanceof StorageError && /newer/.test(e.message),
  );

  const corrupt = userDbFile(tmp.dir, 'hal');
  await openTestService(tmp.dir).forUser('hal').close();
  writeFileSync(corrupt, Buffer.alloc(8192, 7));
  const before = readFileSync(corrupt);
  const svc2 = openTestService(tmp.dir);
  assert.throws(
    () => svc2.forUser('hal'),
    (e: Error) => e instanceof StorageError && /damaged/.test(e.message),
  );
  assert.equal(svc2.status().ok, false);
  assert.ok(existsSync(corrupt));
  assert.deepEqual(readFileSync(corrupt), before);
});

test(
  'a read-only store gives a clear error and stays readable',
  {
    skip:
      process.getuid?.() === 0 ? 'root ignores file permissions (e2e/permissions.test.ts runs this as nobody)' : false,
  },
  async (t) => {
    const tmp = tempDataDir();
    t.after(tmp.remove);
    const svc = openTestService(tmp.dir);
    await svc.forUser('ivy').add(add('kept'));
    await svc.close();
    chmodSync(userDbFile(tmp.dir, 'ivy'), 0o444);
    assert.throws(() => openTestService(tmp.dir).forUser('ivy'), StorageError);
  },
);

storeTest(
  'pages are listed by when they happened, newest first, whatever the order they were stored in',
  async (t, store) => {
    const svc = store.open();
    t.after(() => svc.close());
    const mem = svc.forUser('alice');
    const order = ['2026-03-01T10:00:00Z', '2024-05-03T10:00:00Z', '2026-03-01T09:00:00Z', '2025-01-01T00:00:00Z'];
    for (const ts of order) await mem.add(add(`said on ${ts}`, 'ok', { timestamp: ts }));
    const listed = (await mem.listPages({ limit: 10 })).items.map((p) => p.timestamp.slice(0, 19));
    assert.deepEqual(listed, [
      '2026-03-01T10:00:00',
      '2026-03-01T09:00:00',
      '2025-01-01T00:00:00',
      '2024-05-03T10:00:00',
    ]);
  },
);
