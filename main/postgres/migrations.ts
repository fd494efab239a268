// Numbered PostgreSQL migrations, as for SQLite: each runs once, in order, in one transaction with
// its version row. Several replicas may start at the same moment against an empty database, so the
// whole run holds a transaction-scoped advisory lock: the first applies, the others wait and then
// find nothing left to do. A database migrated by a newer MemoryOS is refused, never downgraded.
import { AppError } from '../errors.js';
import { MEMBER_ROLE_SETUP, MEMORY_SCHEMA } from '../memory/store/postgres/schema.js';
import type { Database } from './database.js';

/** Advisory lock key (two-int form, apart from the one-bigint keys the rate-limit function takes). */
const LOCK = [0x4d4f53, 1] as const; // "MOS", migrations

export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'keys, rate-limit windows, session registry, shared settings',
    sql: `
      CREATE TABLE api_keys (
        name text PRIMARY KEY,
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        prefix text NOT NULL,
        admin boolean NOT NULL,
        source text NOT NULL CHECK (source IN ('generated', 'stored')),
        rate_limit jsonb,
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        request_count bigint NOT NULL DEFAULT 0,
        revoked boolean NOT NULL DEFAULT false
      );

      -- Sliding windows in slots of a hundredth of the window: each event counts until its slot's
      -- end has left the window, so N is never exceeded in any window (a slot frees a little late).
      CREATE TABLE rate_windows (
        key text NOT NULL,
        slot_end bigint NOT NULL,
        hits integer NOT NULL,
        expires_at bigint NOT NULL,
        PRIMARY KEY (key, slot_end)
      );
      CREATE INDEX rate_windows_expiry ON rate_windows (expires_at);

      CREATE FUNCTION memoryos_rate_take(p_key text, p_limit integer, p_window bigint, p_now bigint, p_cost integer)
      RETURNS TABLE (allowed boolean, used integer, oldest_end bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        width bigint := greatest(1, ceil(p_window / 100.0)::bigint);
        slot bigint := (p_now / width) * width + width;
        n integer;
        oldest bigint;
      BEGIN
        -- One taker per key at a time, on every replica: the check and the count are one step.
        PERFORM pg_advisory_xact_lock(hashtextextended(p_key, 0));
        DELETE FROM rate_windows WHERE key = p_key AND slot_end <= p_now - p_window;
        SELECT coalesce(sum(hits), 0)::integer, min(slot_end) INTO n, oldest FROM rate_windows WHERE key = p_key;
        IF p_cost > 0 AND n + p_cost <= p_limit THEN
          INSERT INTO rate_windows (key, slot_end, hits, expires_at)
          VALUES (p_key, slot, p_cost, slot + p_window)
          ON CONFLICT (key, slot_end) DO UPDATE
            SET hits = rate_windows.hits + excluded.hits,
                expires_at = greatest(rate_windows.expires_at, excluded.expires_at);
          RETURN QUERY SELECT true, n + p_cost, coalesce(oldest, slot);
        ELSE
          RETURN QUERY SELECT p_cost = 0 AND n < p_limit, n, oldest;
        END IF;
      END $$;

      -- Sessions bound to their key; a replica that did not open one serves it from here.
      CREATE TABLE mcp_sessions (
        id text PRIMARY KEY,
        key_name text NOT NULL,
        protocol_version text,
        client_name text,
        client_version text,
        capabilities jsonb NOT NULL DEFAULT '{}',
        started_at timestamptz NOT NULL DEFAULT now(),
        last_activity timestamptz NOT NULL DEFAULT now(),
        requests bigint NOT NULL DEFAULT 1
      );
      CREATE INDEX mcp_sessions_by_key ON mcp_sessions (key_name, last_activity);
      CREATE INDEX mcp_sessions_by_activity ON mcp_sessions (last_activity);

      -- Settings every replica shares (the default rate limit).
      CREATE TABLE shared_settings (
        name text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    name: 'memories: pages, segments, knowledge, profile versions, vectors, jobs, state; row-level security',
    sql: MEMORY_SCHEMA,
  },
];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

/** Brings the schema to the latest version; safe when several processes run it at once. */
export async function migrate(db: Database): Promise<{ from: number; to: number }> {
  try {
    return await migrateUnderLock(db);
  } catch (err) {
    // 42501: insufficient_privilege. The member role and its grants need a role that may create roles.
    if ((err as { code?: string }).code === '42501')
      throw new AppError(
        'forbidden',
        `the role DATABASE_URL names on ${db.where} may not set the database up (${(err as Error).message}): ` +
          'MemoryOS creates the tables and a member role for row-level security, so it needs a role that may ' +
          "create roles, e.g. CREATE ROLE memoryos LOGIN SUPERUSER PASSWORD '...'; CREATE DATABASE memoryos OWNER memoryos;",
      );
    throw err;
  }
}

function migrateUnderLock(db: Database): Promise<{ from: number; to: number }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [...LOCK]);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const from = rows[0]?.v ?? 0;
    if (from > LATEST_VERSION)
      throw new AppError(
        'conflict',
        `the database ${db.where} has schema version ${from}, newer than this MemoryOS knows (${LATEST_VERSION}); ` +
          'run the newer MemoryOS, or point DATABASE_URL at another database',
      );
    const pending = MIGRATIONS.filter((x) => x.version > from);
    for (const m of pending) {
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    // The memory tables' role is the cluster's: made again where a restored dump lacks it.
    if (pending.length === 0 && from >= 2) await tx.query(MEMBER_ROLE_SETUP);
    return { from, to: Math.max(from, LATEST_VERSION) };
  });
}
