// One user's memories in PostgreSQL: the store interface over the shared pool.
//
// Every read and every transaction runs on one pooled connection that first becomes the member
// role and names the user for row-level security (schema.ts), in the same round trip as BEGIN.
// A write transaction also takes the user's advisory lock: writers of one user queue across all
// replicas as they queue behind the WriteLock within one, so a page's seq and a vector's revision
// follow the order transactions commit in.
import { AppError, StorageError } from '../../../errors.js';
import { type Database, DatabaseUnavailableError, isConnectionFailure } from '../../../postgres/database.js';
import type { MemoryStore, ReadTables, Tables } from '../types.js';
import { pgPages } from './pages.js';
import { MEMBER_ROLE, USER_SETTING } from './schema.js';
import { sqlOn, type Sql } from './sql.js';
import { pgEmbeddings, pgJobs, pgKnowledge, pgProfile, pgSegments } from './tables.js';

/**
 * The store's reads, each in a short read transaction of its own (several that belong together go
 * through `read`). A Proxy forwards table.method(...) so the list of methods is written once.
 */
function readsOf(store: PgMemoryStore): ReadTables {
  const table = (name: keyof ReadTables) =>
    new Proxy(
      {},
      {
        get(_target, method) {
          if (name === 'fullText' && method === 'merges') return false;
          if (typeof method !== 'string' || method === 'then') return undefined;
          return (...args: unknown[]) =>
            store.read((r) =>
              (r[name] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!(...args),
            );
        },
      },
    );
  return {
    pages: table('pages'),
    segments: table('segments'),
    knowledge: table('knowledge'),
    profile: table('profile'),
    jobs: table('jobs'),
    embeddings: table('embeddings'),
    fullText: table('fullText'),
  } as ReadTables;
}

export class PgMemoryStore implements MemoryStore {
  readonly where: string;
  readonly pages: ReadTables['pages'];
  readonly segments: ReadTables['segments'];
  readonly knowledge: ReadTables['knowledge'];
  readonly profile: ReadTables['profile'];
  readonly jobs: ReadTables['jobs'];
  readonly embeddings: ReadTables['embeddings'];
  readonly fullText: ReadTables['fullText'];
  private closed = false;
  private readonly begin: { read: string; write: string };

  /** `user` is a key name ([a-z0-9_-]{1,64}, checked by the service): safe inside these statements. */
  constructor(
    private readonly db: Database,
    readonly user: string,
    /** This process, as the holder of the jobs it claims. */
    private readonly replica: string,
  ) {
    this.where = `the database ${db.where} (user "${user}")`;
    // No JIT: it compiled the full-text statement afresh each time (30 ms) to save a few.
    const role = `SET LOCAL ROLE ${MEMBER_ROLE}; SET LOCAL ${USER_SETTING} = '${user}'; SET LOCAL jit = off`;
    this.begin = {
      read: `BEGIN READ ONLY; ${role}`,
      write: `BEGIN; ${role}; SELECT pg_advisory_xact_lock(hashtextextended('memoryos.user:${user}', 0))`,
    };
    ({
      pages: this.pages,
      segments: this.segments,
      knowledge: this.knowledge,
      profile: this.profile,
      jobs: this.jobs,
      embeddings: this.embeddings,
      fullText: this.fullText,
    } = readsOf(this));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private tables(sql: Sql): Tables {
    const embeddings = pgEmbeddings(sql, this.user);
    const segments = pgSegments(sql, this.user, embeddings);
    return {
      pages: pgPages(sql, this.user, { embeddings, segments }),
      segments,
      knowledge: pgKnowledge(sql, this.user, embeddings),
      profile: pgProfile(sql, this.user),
      jobs: pgJobs(sql, this.user, this.replica),
      embeddings,
      fullText: { merges: false, leafPages: () => Promise.resolve(0), mergeStep: () => Promise.resolve(false) },
    };
  }

  /**
   * Statements on a connection set up as this user's (the member role, the user named for
   * row-level security), in a read-only transaction or, with `write`, one holding the user's lock.
   */
  session<T>(fn: (sql: Sql) => Promise<T>, write = false): Promise<T> {
    return this.db.transaction((client) => fn(sqlOn(client)), { begin: write ? this.begin.write : this.begin.read });
  }

  read<T>(fn: (r: ReadTables) => Promise<T>): Promise<T> {
    return this.session((sql) => fn(this.tables(sql)));
  }

  transaction<T>(fn: (tx: Tables) => Promise<T>): Promise<T> {
    return this.session((sql) => fn(this.tables(sql)), true);
  }

  failure(err: unknown): Error {
    if (err instanceof AppError) return err;
    const e = err as { code?: string; message?: string };
    if (isConnectionFailure(err)) return new DatabaseUnavailableError(e.message ?? String(err));
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code))
      return new StorageError(`the memories in ${this.where} could not be read or written: ${e.message}`);
    return err instanceof Error ? err : new Error(String(err));
  }

  backup(): Promise<void> {
    return Promise.reject(
      new AppError(
        'invalid_input',
        'memories in PostgreSQL are backed up with the database (pg_dump), not one user at a time',
      ),
    );
  }

  close(): Promise<void> {
    // The pool is the service's; nothing of this user's is held open.
    this.closed = true;
    return Promise.resolve();
  }
}
