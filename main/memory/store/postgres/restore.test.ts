// Backups as the README gives them: pg_dump of a team server's database, pg_restore into another
// cluster (which lacks the cluster-wide member role), and the first start there (its migration step)
// serves every user's memories again, each still walled off from the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serverConfigSchema } from '../../../../shared/config.js';
import { connectDatabase } from '../../../postgres/database.js';
import { migrate } from '../../../postgres/migrations.js';
import { POSTGRES_SKIP, postgresBinDir, sharedCluster, startCluster } from '../../../postgres/testing.js';
import { openPgMemoryService } from './service.js';
import { PgMemoryStore } from './store.js';

const run = promisify(execFile);
const d = serverConfigSchema.parse({});
const opts = { memory: d.memory, llm: d.llm, embedding: d.embedding };

test('a pg_dump restored into another cluster serves every memory again', { skip: POSTGRES_SKIP }, async (t) => {
  const bin = postgresBinDir()!;
  const sourceUrl = await (await sharedCluster()).createDatabase('dump');
  const source = await connectDatabase({ url: sourceUrl, log: () => {} });
  await migrate(source);
  const svc = openPgMemoryService(source, opts);
  await svc.forUser('alice').add({
    user_input: 'My locker code at the climbing gym is 4711.',
    agent_response: 'Noted.',
    memory_type: 'conversation',
    tags: [],
  });
  await svc
    .forUser('bob')
    .add({ user_input: 'Bob bakes rye bread.', agent_response: 'Ok.', memory_type: 'note', tags: [] });
  await svc.close();
  await source.close();

  const tmp = mkdtempSync(join(tmpdir(), 'memoryos-dump-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const dump = join(tmp, 'memoryos.dump');
  await run(join(bin, 'pg_dump'), ['--format=custom', '--file', dump, sourceUrl]);

  const other = await startCluster();
  t.after(() => other.destroy());
  const targetUrl = await other.createDatabase('restored');
  // The grants to the role this cluster lacks are reported as errors (exit 1); the rest is restored.
  const restored = await run(join(bin, 'pg_restore'), ['--clean', '--if-exists', '--dbname', targetUrl, dump]).then(
    () => '',
    (err: { stderr: string }) => err.stderr,
  );
  assert.doesNotMatch(restored.replace(/.*memoryos_member.*\n?/g, ''), /error: (?!errors ignored)/i, restored);

  const target = await connectDatabase({ url: targetUrl, log: () => {} });
  t.after(() => target.close());
  const { from, to } = await migrate(target);
  assert.equal(from, to, 'nothing left to migrate: the restored schema is current');
  const again = openPgMemoryService(target, opts);
  t.after(() => again.close());
  const found = await again.forUser('alice').retrieve({ query: 'climbing gym locker code', max_results: 3 });
  assert.match(found.short_term_memory.map((p) => p.user_input).join(' '), /4711/);
  assert.deepEqual(await again.listUsers(), ['alice', 'bob']);
  const bob = new PgMemoryStore(target, 'bob', 'test');
  const seen = await bob.session((sql) => sql.rows<{ user_input: string }>('SELECT user_input FROM memory_pages'));
  assert.deepEqual(
    seen.map((r) => r.user_input),
    ['Bob bakes rye bread.'],
  );
});
