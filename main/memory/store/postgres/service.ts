// All users' memories in PostgreSQL, for the replicas of a team server: the same engine as the
// embedded default (createMemoryService), each user's store a PgMemoryStore over the shared pool.
//
// Jobs a replica queued run on it at once; a job nobody runs (its replica was stopped, or killed
// mid-job and its claim ran out) is found by every replica's sweep, and claimed by exactly one of
// them (FOR UPDATE SKIP LOCKED, store/postgres/tables.ts).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../../../postgres/database.js';
import { createMemoryService, type EngineService } from '../../service.js';
import type { MemoryServiceOptions } from '../../types.js';
import { TABLES } from './schema.js';
import { PgMemoryStore } from './store.js';

/** How often a replica looks for jobs nobody runs. */
const SWEEP_MS = 5000;

/**
 * Tables holding a user's memories, in the order a rename moves them (segments first: deferred key).
 * The full-text totals follow by themselves: the triggers on pages and knowledge move them.
 */
const USER_TABLES = TABLES.filter((t) => t !== 'memory_text_totals');

export interface PgMemoryServiceOptions extends Omit<MemoryServiceOptions, 'dataDir'> {
  sweepMs?: number;
}

/**
 * The service over `db` (migrated). Statements here read user names only, across users, as the
 * owner of the tables; everything about one user's memories goes through its PgMemoryStore.
 */
export function openPgMemoryService(db: Database, opts: PgMemoryServiceOptions): EngineService {
  const replica = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = opts.log ?? (() => {});
  let timer: NodeJS.Timeout | null = null;
  const service = createMemoryService(
    {
      open: (user) => new PgMemoryStore(db, user, replica),
      async list() {
        const { rows } = await db.query<{ user_name: string }>(
          `SELECT user_name FROM memory_pages UNION SELECT user_name FROM memory_knowledge
           UNION SELECT user_name FROM memory_profile_versions UNION SELECT user_name FROM memory_segments
           ORDER BY 1`,
        );
        return rows.map((r) => r.user_name);
      },
      async has(user) {
        const { rows } = await db.query<{ found: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM memory_pages WHERE user_name = $1)
              OR EXISTS (SELECT 1 FROM memory_knowledge WHERE user_name = $1)
              OR EXISTS (SELECT 1 FROM memory_profile_versions WHERE user_name = $1)
              OR EXISTS (SELECT 1 FROM memory_segments WHERE user_name = $1) AS found`,
          [user],
        );
        return rows[0]!.found;
      },
      async move(user, newUser) {
        await db.transaction(async (tx) => {
          for (const table of USER_TABLES)
            await tx.query(`UPDATE ${table} SET user_name = $2 WHERE user_name = $1`, [user, newUser]);
        });
      },
      async close() {
        if (timer) clearInterval(timer);
        timer = null;
      },
    },
    opts,
  );

  const sweep = async () => {
    try {
      const { rows } = await db.query<{ user_name: string }>(
        `SELECT DISTINCT user_name FROM memory_jobs
         WHERE (claimed_until IS NULL AND queued_at < now() - interval '2 seconds') OR claimed_until < now()`,
      );
      for (const r of rows) service.wake(r.user_name);
    } catch (err) {
      log('warn', 'looking for memory jobs nobody runs failed; trying again shortly', {
        error: (err as Error).message,
      });
    }
  };
  timer = setInterval(() => void sweep(), opts.sweepMs ?? SWEEP_MS);
  timer.unref();
  return service;
}
