// Opens one user's SQLite file: pragmas, migrations, and clear errors for files we must not touch.
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StorageError } from '../../../errors.js';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../../privateFs.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/** Maps SQLite failures to a StorageError a person can act on; other errors pass through. */
export function storageFailure(err: unknown, file: string): Error {
  const code = (err as { code?: string }).code ?? '';
  const msg = (err as Error).message ?? String(err);
  if (code === 'SQLITE_FULL')
    return new StorageError(`the disk is full: ${file} could not be written; nothing was changed`);
  if (
    code === 'SQLITE_READONLY' ||
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'EACCES' ||
    code === 'EROFS'
  )
    return new StorageError(`the memory store ${file} cannot be written (read-only file or folder?): ${msg}`);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new StorageError(
      `the memory store ${file} is damaged (${msg}); it was left untouched, restore it from a backup`,
    );
  if (code.startsWith('SQLITE_')) return new StorageError(`the memory store ${file} failed: ${msg}`);
  return err instanceof Error ? err : new Error(msg);
}

export function openDatabase(file: string): Db {
  let db: Db | undefined;
  try {
    if (!existsSync(dirname(file))) makePrivateDir(dirname(file));
    // Created private before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    if (!existsSync(file)) writeFileSync(file, '', { mode: PRIVATE_FILE_MODE, flag: 'a' });
    db = new Database(file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
    cacheStatements(db);
    return db;
  } catch (err) {
    db?.close();
    throw storageFailure(err, file);
  }
}

/** Most statements of the engine are a fixed handful of SQL texts; the few built from filters vary a little. */
const STATEMENT_CACHE_LIMIT = 256;

/**
 * Makes db.prepare reuse the compiled statement for a SQL text it has seen. Compiling was about an
 * eighth of a retrieve_memory call's CPU under load. Statements are used synchronously, one at a
 * time per connection, so sharing them is safe; none may be left in raw/pluck mode for another
 * caller (pages.termDocCounts uses raw() on a SQL text of its own).
 */
function cacheStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
      stmt = compile(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  }) as Db['prepare'];
}

function migrate(db: Db, file: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > LATEST_SCHEMA_VERSION) {
    throw new StorageError(
      `the memory store ${file} has schema version ${current}, newer than this version of MemoryOS knows (${LATEST_SCHEMA_VERSION}); upgrade MemoryOS instead of opening it with an older one`,
    );
  }
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}
