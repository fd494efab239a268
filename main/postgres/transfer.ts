// Moving a data folder into PostgreSQL (`memoryos migrate-to-postgres`). Idempotent and resumable:
// each row goes in by its own name or id with ON CONFLICT DO NOTHING, so a run that stopped half
// way is simply run again, and a second run over the same folder moves nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { StorageError } from '../errors.js';
import { keyFileSchema, type StoredKey } from '../security/keyStore.js';
import type { Queryable } from './database.js';

export interface KeyTransfer {
  moved: string[];
  /** Already in the database with the same digest (a run before this one). */
  present: string[];
  /** A different key of the same name is in the database: kept, this one not moved. */
  conflicting: string[];
}

/** The stored keys of a data folder (keys.json): digests only, as they are at rest. */
export function readStoredKeys(dataDir: string): StoredKey[] {
  const file = join(dataDir, 'keys.json');
  if (!existsSync(file)) return [];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new StorageError(`${file} is not valid JSON (${(err as Error).message}); fix it before moving the keys`);
  }
  const parsed = keyFileSchema.safeParse(data);
  if (!parsed.success) throw new StorageError(`${file} is not a MemoryOS key file: ${z.prettifyError(parsed.error)}`);
  return parsed.data.keys;
}

export async function transferKeys(db: Queryable, keys: StoredKey[]): Promise<KeyTransfer> {
  const report: KeyTransfer = { moved: [], present: [], conflicting: [] };
  for (const k of keys) {
    const { rowCount } = await db.query(
      `INSERT INTO api_keys (name, hash, prefix, admin, source, rate_limit, created_at, last_used_at, request_count, revoked)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        k.name,
        k.hash,
        k.prefix,
        k.admin,
        k.source,
        k.rate_limit,
        k.created_at,
        k.last_used_at,
        k.request_count,
        k.revoked,
      ],
    );
    if (rowCount) {
      report.moved.push(k.name);
      continue;
    }
    const { rows } = await db.query<{ hash: string }>('SELECT hash FROM api_keys WHERE name = $1', [k.name]);
    (rows[0]?.hash === k.hash ? report.present : report.conflicting).push(k.name);
  }
  return report;
}
