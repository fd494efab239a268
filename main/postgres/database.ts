// One PostgreSQL connection pool per process, and the line between "the database is away" and "a
// query is wrong". The pool reconnects by itself: while the server is down every query fails fast
// with DatabaseUnavailableError (HTTP 503, a JSON-RPC error on /mcp), and the first query after it
// returns succeeds. Idle connections that die emit 'error' on the pool; it is logged, never thrown,
// so a database restart never crashes a replica.
import pg from 'pg';
import { AppError } from '../errors.js';

export type Log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

/** The database cannot be reached or went away mid-query: nothing was carried out, retry later. */
export class DatabaseUnavailableError extends AppError {
  constructor(reason: string) {
    super(
      'unavailable',
      `the database is unavailable (${reason}); nothing was changed, retry in a few seconds`,
      // The cause is for the log; a client learns only that it may retry.
      { reason },
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/** Where DATABASE_URL points, without its password: for messages and logs. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(an invalid DATABASE_URL)';
  }
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection broken',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
};

// Connection-level failures: refused, reset, timed out, server shutting down or starting up.
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-4]|53300)/;
// What pg says when a connection breaks, has none to give, or was already broken.
const LOST_CONNECTION =
  /Connection terminated|timeout exceeded when trying to connect|connection error|Connection ended|not queryable/i;

/** A failure of the connection rather than of the statement. */
export function isConnectionFailure(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && (Object.hasOwn(NETWORK_WORDS, e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  return LOST_CONNECTION.test(e.message ?? '');
}

function reasonOf(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return (
    (e.code && Object.hasOwn(NETWORK_WORDS, e.code) && NETWORK_WORDS[e.code]) ||
    (e.message ?? String(err)).slice(0, 200)
  );
}

export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface DatabaseOptions {
  url: string;
  log: Log;
  /** Connections per replica. */
  max?: number;
  connectTimeoutMs?: number;
}

export class Database implements Queryable {
  readonly pool: pg.Pool;
  readonly where: string;
  private readonly log: Log;
  private healthy = true;
  private checking: Promise<{ ok: boolean; detail?: string }> | null = null;

  constructor(opts: DatabaseOptions) {
    this.log = opts.log;
    this.where = describeUrl(opts.url);
    this.pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.max ?? 10,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 3000,
      idleTimeoutMillis: 30_000,
      // A statement stuck behind a lost server gives up instead of holding the request forever.
      query_timeout: 15_000,
      application_name: 'memoryos',
    });
    this.pool.on('error', (err) => {
      this.markDown(err);
    });
  }

  private markDown(err: unknown): void {
    if (this.healthy)
      this.log('warn', 'the database connection was lost', { database: this.where, error: reasonOf(err) });
    this.healthy = false;
  }

  private markUp(): void {
    if (!this.healthy) this.log('info', 'the database is reachable again', { database: this.where });
    this.healthy = true;
  }

  /** Runs a statement; a lost connection becomes DatabaseUnavailableError, a wrong statement stays what it is. */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>> {
    try {
      const r = await this.pool.query<R>(sql, params);
      this.markUp();
      return r;
    } catch (err) {
      throw this.translate(err);
    }
  }

  /**
   * A transaction on one connection: committed when `fn` resolves, rolled back when it throws.
   * `begin` replaces the plain BEGIN, to set the transaction up in the same round trip.
   */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>, opts: { begin?: string } = {}): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.translate(err);
    }
    let broken = false;
    try {
      await client.query(opts.begin ?? 'BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      this.markUp();
      return result;
    } catch (err) {
      broken = isConnectionFailure(err);
      if (!broken) await client.query('ROLLBACK').catch(() => undefined);
      throw this.translate(err);
    } finally {
      client.release(broken);
    }
  }

  private translate(err: unknown): unknown {
    if (err instanceof AppError || !isConnectionFailure(err)) return err;
    this.markDown(err);
    return new DatabaseUnavailableError(reasonOf(err));
  }

  /** For /health: one round trip; callers at the same moment share it. */
  status(): Promise<{ ok: boolean; detail?: string }> {
    this.checking ??= this.query('SELECT 1')
      .then(
        () => ({ ok: true }),
        (err: unknown) => ({ ok: false, detail: `database ${this.where}: ${(err as Error).message}` }),
      )
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

/**
 * Opens the pool and proves the server answers; at start a database that cannot be reached is a
 * configuration problem for the operator (exit 2), said with where it looked and why.
 */
export async function connectDatabase(opts: DatabaseOptions): Promise<Database> {
  const db = new Database(opts);
  try {
    await db.pool.query('SELECT 1');
  } catch (err) {
    await db.close();
    throw new AppError(
      'unavailable',
      `cannot reach PostgreSQL at ${db.where} (DATABASE_URL): ${reasonOf(err)}. ` +
        'Start the database, or fix DATABASE_URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE)',
    );
  }
  return db;
}
