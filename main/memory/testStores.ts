// The engine's tests run over both stores: `storeTest` runs a test once with a SQLite data folder
// and once with a fresh database in the test run's PostgreSQL cluster (main/postgres/testing.ts),
// skipped with the reason where PostgreSQL is not installed.
import { test, type TestContext } from 'node:test';
import { serverConfigSchema } from '../../shared/config.js';
import { connectDatabase, type Database } from '../postgres/database.js';
import { migrate } from '../postgres/migrations.js';
import { POSTGRES_SKIP, sharedCluster } from '../postgres/testing.js';
import { openMemoryService, userDbFile } from './service.js';
import { openPgMemoryService } from './store/postgres/service.js';
import { PgMemoryStore } from './store/postgres/store.js';
import { SqliteMemoryStore } from './store/sqlite/store.js';
import type { MemoryStore } from './store/types.js';
import { tempDataDir } from './testing.js';
import type { MemoryService, MemoryServiceOptions } from './types.js';
import BetterSqlite from 'better-sqlite3';

export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: StoreKind[] = ['sqlite', 'postgres'];

/**
 * Tables as the SQLite store names them; in PostgreSQL each is memory_<name>, with the user's rows
 * (pages_fts is SQLite's alone: PostgreSQL's index is the page row's tsvector).
 */
export type RawTable =
  'pages' | 'segments' | 'knowledge' | 'embeddings' | 'jobs' | 'state' | 'profile_versions' | 'pages_fts';

export interface TestStore {
  kind: StoreKind;
  /** A memory service over this store; again after a close, over the same memories. */
  open(overrides?: Partial<MemoryServiceOptions>): MemoryService;
  /** A user's rows of one table, as stored. */
  rows(user: string, table: RawTable): Promise<Record<string, unknown>[]>;
  /** One user's store itself, beside the service (closed after the test). */
  memoryStore(t: TestContext, user: string): Promise<MemoryStore>;
  /** Statements written for each store (PostgreSQL's get the user as $1), as a crash would leave things. */
  exec(user: string, sql: { sqlite: string; postgres: string[] }): Promise<void>;
}

const defaults = () => {
  const d = serverConfigSchema.parse({});
  return { memory: d.memory, llm: d.llm, embedding: d.embedding };
};

async function sqliteStore(t: TestContext): Promise<TestStore> {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const raw = <T>(user: string, fn: (db: BetterSqlite.Database) => T): T => {
    const db = new BetterSqlite(userDbFile(tmp.dir, user));
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    kind: 'sqlite',
    open: (overrides = {}) => openMemoryService({ dataDir: tmp.dir, ...defaults(), ...overrides }),
    rows: async (user, table) =>
      raw(user, (db) => db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]),
    exec: async (user, sql) => raw(user, (db) => void db.exec(sql.sqlite)),
    async memoryStore(t, user) {
      const db = new BetterSqlite(userDbFile(tmp.dir, user), { readonly: true });
      t.after(() => db.close());
      return new SqliteMemoryStore(db, 'test');
    },
  };
}

async function postgresStore(t: TestContext): Promise<TestStore> {
  const cluster = await sharedCluster();
  const db: Database = await connectDatabase({ url: await cluster.createDatabase('mem'), log: () => {} });
  t.after(() => db.close());
  await migrate(db);
  return {
    kind: 'postgres',
    open: (overrides = {}) => openPgMemoryService(db, { ...defaults(), ...overrides }),
    rows: async (user, table) =>
      (await db.query(`SELECT * FROM memory_${table} WHERE user_name = $1`, [user])).rows as Record<string, unknown>[],
    memoryStore: async (_t, user) => new PgMemoryStore(db, user, 'test'),
    async exec(user, sql) {
      for (const statement of sql.postgres) await db.query(statement, [user]);
    },
  };
}

export function testStore(kind: StoreKind, t: TestContext): Promise<TestStore> {
  return kind === 'sqlite' ? sqliteStore(t) : postgresStore(t);
}

/** A test run once per store, named with it. */
export function storeTest(name: string, fn: (t: TestContext, store: TestStore) => Promise<void>): void {
  for (const kind of STORE_KINDS)
    test(`${name} [${kind}]`, { skip: kind === 'postgres' ? POSTGRES_SKIP : false }, async (t) =>
      fn(t, await testStore(kind, t)),
    );
}
