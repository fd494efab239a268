// Moving memories through the dashboard API of a real server: an import is idempotent and says what
// it added, skipped and refused; renaming a key moves its user's memories, and a taken name is refused
// with nothing changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportReport } from '../main/memory/types.js';
import { ADMIN_KEY, ALICE_KEY, callTool, connectClient, startTestServer } from './fixtures/server.js';

async function api<T>(url: string, channel: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}/admin/api/${channel}`, {
    method: 'POST',
    headers: { 'X-API-Key': ADMIN_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

test('importing the same export twice adds nothing the second time, and bad lines are refused', async (t) => {
  const server = await startTestServer();
  t.after(server.stop);
  const { client } = await connectClient(server.url, { 'X-API-Key': ALICE_KEY });
  t.after(() => client.close());
  for (const text of ['I grow tomatoes on the balcony.', 'My sister Maria lives in Lisbon.', 'I play the cello.'])
    await callTool(client, 'add_memory', { user_input: text, agent_response: 'Noted.' });
  await api(server.url, 'memory.setProfile', { user: 'alice', text: 'Grows tomatoes; plays the cello.' });
  const exported = await api<{ jsonl: string; lines: number }>(server.url, 'memory.export', { user: 'alice' });
  assert.equal(exported.body.lines, 4);

  const jsonl = `${exported.body.jsonl}not json\n{"type":"page","page":{"id":"x"}}\n`;
  const first = await api<ImportReport>(server.url, 'memory.import', { user: 'bob', jsonl });
  assert.equal(first.status, 200);
  assert.deepEqual(
    { ...first.body, errors: first.body.errors.length },
    { pages: 3, knowledge: 0, profiles: 1, skipped: 0, refused: 2, errors: 2 },
  );
  assert.match(first.body.errors[0]!, /^line 5: /);
  const second = await api<ImportReport>(server.url, 'memory.import', { user: 'bob', jsonl });
  assert.deepEqual(
    { ...second.body, errors: second.body.errors.length },
    { pages: 0, knowledge: 0, profiles: 0, skipped: 4, refused: 2, errors: 2 },
  );
  const pages = await api<{ total: number; items: { id: string }[] }>(server.url, 'memory.pages', { user: 'bob' });
  assert.equal(pages.body.total, 3, 'three pages, not six');
  const original = await api<{ items: { id: string }[] }>(server.url, 'memory.pages', { user: 'alice' });
  assert.deepEqual(
    pages.body.items.map((p) => p.id).sort(),
    original.body.items.map((p) => p.id).sort(),
    'the pages kept their ids',
  );
  const profile = await api<{ history: unknown[] }>(server.url, 'memory.profile', { user: 'bob' });
  assert.equal(profile.body.history.length, 1);
  const again = await api<ImportReport>(server.url, 'memory.import', { user: 'alice', jsonl: exported.body.jsonl });
  assert.equal(again.body.skipped, 4, 'importing into the store it came from adds nothing');
});

test('renaming a key moves its memories; a name whose memories exist is refused and nothing moves', async (t) => {
  const server = await startTestServer();
  t.after(server.stop);
  const created = await api<{ key: string }>(server.url, 'keys.create', { name: 'laptop' });
  const headers = { 'X-API-Key': created.body.key };
  const { client } = await connectClient(server.url, headers);
  await callTool(client, 'add_memory', { user_input: 'My bike is a green Brompton.', agent_response: 'Nice.' });
  await client.close();
  const usersDir = join(server.dataDir, 'users');

  await api(server.url, 'memory.setProfile', { user: 'bob', text: 'Bob has memories already.' });
  const refused = await api<{ error: string; message: string }>(server.url, 'keys.rename', {
    name: 'laptop',
    newName: 'bob',
  });
  assert.equal(refused.status, 409);
  assert.match(refused.body.message, /memories for "bob" already exist/);
  assert.ok(existsSync(join(usersDir, 'laptop', 'memory.db')), 'the memories stayed where they were');

  const renamed = await api<{ name: string }>(server.url, 'keys.rename', { name: 'laptop', newName: 'work-laptop' });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, 'work-laptop');
  assert.ok(!existsSync(join(usersDir, 'laptop')) && existsSync(join(usersDir, 'work-laptop', 'memory.db')));
  const again = await connectClient(server.url, headers);
  t.after(() => again.client.close());
  const found = await callTool<{ retrieved_pages: { user_input: string }[] }>(again.client, 'retrieve_memory', {
    query: 'what bike do I ride',
  });
  assert.match(found.retrieved_pages[0]!.user_input, /Brompton/, 'the same key finds its memories under the new name');
});
