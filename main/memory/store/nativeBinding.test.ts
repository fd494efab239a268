// A clean `npm ci` that skipped better-sqlite3's build (install scripts not allowed) must fail here,
// loudly, instead of crashing the server at its first request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

test('better-sqlite3 native binding is built and loads', () => {
  const require = createRequire(import.meta.url);
  let Database: typeof import('better-sqlite3');
  try {
    Database = require('better-sqlite3');
  } catch (err) {
    assert.fail(
      `better-sqlite3 did not load: ${(err as Error).message}. Run "npm rebuild better-sqlite3" and check package.json allowScripts.`,
    );
  }
  const db = new Database(':memory:');
  const row = db
    .prepare(
      "select sqlite_version() as v, (select count(*) from pragma_compile_options where compile_options like 'ENABLE_FTS5%') as fts5",
    )
    .get() as { v: string; fts5: number };
  db.close();
  assert.match(row.v, /^3\.\d+\.\d+$/);
  assert.equal(row.fts5, 1, 'SQLite must be built with FTS5');
});
