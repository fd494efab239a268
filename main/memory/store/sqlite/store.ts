// The SQLite store: one file per user, the synchronous better-sqlite3 functions of this folder
// behind the store's promises. A call runs at once and hands back a settled promise (microseconds).
//
// Transactions are BEGIN ... COMMIT around an async function on the one connection, one at a time
// (a second waits for the first). Their bodies await only this store, so a transaction starts and
// commits within one turn of the event loop: no timer or request runs in between. The user's
// WriteLock already keeps writers apart; reads need no wait.
import { storageFailure, openDatabase, type Db } from './database.js';
import * as embeddings from './embeddings.js';
import * as fullText from './fullText.js';
import * as jobs from './jobs.js';
import * as knowledge from './knowledge.js';
import * as pages from './pages.js';
import * as profile from './profile.js';
import * as segments from './segments.js';
import type { MemoryStore, ReadTables, Tables } from '../types.js';

/** A module's functions over `db`, each returning a promise of what it returned (or threw). */
type Bound<M> = {
  [K in keyof M]: M[K] extends (db: Db, ...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
};

function bind<M extends object>(mod: M, db: Db): Bound<M> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(mod)) {
    if (typeof fn !== 'function') continue;
    const f = fn as (db: Db, ...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]) => {
      try {
        return Promise.resolve(f(db, ...args));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    };
  }
  return out as Bound<M>;
}

const NO_CHANGES = { rev: 0, changes: [] };

export class SqliteMemoryStore implements MemoryStore {
  readonly pages: Tables['pages'];
  readonly segments: Tables['segments'];
  readonly knowledge: Tables['knowledge'];
  readonly profile: Tables['profile'];
  readonly jobs: Tables['jobs'];
  readonly embeddings: Tables['embeddings'];
  readonly fullText: Tables['fullText'];
  private readonly tables: Tables;
  /** The transaction under way, if any. */
  private running: Promise<void> | null = null;

  constructor(
    readonly db: Db,
    readonly where: string,
  ) {
    this.tables = {
      pages: bind(pages, db),
      segments: bind(segments, db),
      knowledge: bind(knowledge, db),
      profile: bind(profile, db),
      jobs: bind(jobs, db),
      embeddings: {
        ...bind(embeddings, db),
        // One process owns the file: nothing changes behind its back.
        revision: () => Promise.resolve(0),
        changes: () => Promise.resolve(NO_CHANGES),
      },
      fullText: { merges: true, ...bind(fullText, db) },
    };
    ({
      pages: this.pages,
      segments: this.segments,
      knowledge: this.knowledge,
      profile: this.profile,
      jobs: this.jobs,
      embeddings: this.embeddings,
      fullText: this.fullText,
    } = this.tables);
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  read<T>(fn: (r: ReadTables) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async transaction<T>(fn: (tx: Tables) => Promise<T>): Promise<T> {
    while (this.running) await this.running;
    let end!: () => void;
    this.running = new Promise((resolve) => (end = resolve));
    try {
      this.db.prepare('BEGIN').run();
      try {
        const result = await fn(this.tables);
        this.db.prepare('COMMIT').run();
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.prepare('ROLLBACK').run();
        throw err;
      }
    } finally {
      this.running = null;
      end();
    }
  }

  failure(err: unknown): Error {
    return storageFailure(err, this.where);
  }

  async backup(toFile: string): Promise<void> {
    await this.db.backup(toFile);
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

/** Opens (creating and migrating) one user's file; throws StorageError for a file it must not touch. */
export function openSqliteStore(file: string): SqliteMemoryStore {
  return new SqliteMemoryStore(openDatabase(file), file);
}
