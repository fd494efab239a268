// API keys in PostgreSQL, shared by every replica of a team server. Only SHA-256 digests are stored.
// Each replica keeps a copy of the table and authenticates from it (constant-time comparison over
// every digest, as with keys.json), re-reading it every two seconds: a key created or revoked
// through any replica works or stops working everywhere within that. Changes go to the database
// first, under a lock, so two replicas cannot both revoke the last admin key. Usage counters are
// gathered in memory and added to the rows every two seconds.
import { refusalOf } from '../../shared/validation.js';
import {
  createKeyRequestSchema,
  rateLimitOverrideSchema,
  type ApiKeyInfo,
  type CreateKeyRequest,
  type CreatedKey,
  type RateLimitOverride,
} from '../../shared/admin.js';
import { keyNameSchema, type ServerConfig } from '../../shared/config.js';
import { AppError, InvalidInputError, NotFoundError } from '../errors.js';
import type { AuthenticatedKey, ServingKeyStore } from '../ports.js';
import { findLiveKey, generateKey, hashKey } from '../security/keyHash.js';
import type { Database, Log, Queryable } from './database.js';

const REFRESH_MS = 2000;
/** Advisory lock key of key changes (two-int form). */
const KEYS_LOCK = [0x4d4f53, 2] as const;

interface Entry extends ApiKeyInfo {
  hash: string;
  digest: Buffer;
}

interface Row {
  name: string;
  hash: string;
  prefix: string;
  admin: boolean;
  source: 'generated' | 'stored';
  rate_limit: RateLimitOverride | null;
  created_at: Date;
  last_used_at: Date | null;
  request_count: string;
  revoked: boolean;
}

const entryOf = (r: Row): Entry => ({
  name: r.name,
  hash: r.hash,
  digest: Buffer.from(r.hash, 'hex'),
  prefix: r.prefix,
  admin: r.admin,
  source: r.source,
  rate_limit: r.rate_limit,
  created_at: r.created_at.toISOString(),
  last_used_at: r.last_used_at?.toISOString() ?? null,
  request_count: Number(r.request_count),
  revoked: r.revoked,
});

const info = ({ hash: _h, digest: _d, ...rest }: Entry): ApiKeyInfo => ({ ...rest });

export interface PgKeyStoreOptions {
  config: Pick<ServerConfig, 'apiKey' | 'apiKeys' | 'adminKeyNames'>;
  log: Log;
  /** Make an admin key when no admin key works (serve); the keys CLI does not. */
  generate?: boolean;
  now?: () => number;
}

export class PgKeyStore implements ServingKeyStore {
  private readonly env: Entry[];
  private stored: Entry[] = [];
  /** Uses not yet added to the rows: name -> count and last time. */
  private usage = new Map<string, { count: number; last: number }>();
  private timer: NodeJS.Timeout | null = null;
  generatedKey: string | null = null;

  private constructor(
    private readonly db: Database,
    private readonly opts: PgKeyStoreOptions,
  ) {
    const now = new Date((opts.now ?? Date.now)()).toISOString();
    const envEntry = (name: string, key: string, admin: boolean): Entry => ({
      name,
      hash: hashKey(key).toString('hex'),
      digest: hashKey(key),
      prefix: key.slice(0, 6),
      admin,
      source: 'env',
      rate_limit: null,
      created_at: now,
      last_used_at: null,
      request_count: 0,
      revoked: false,
    });
    const { config } = opts;
    this.env = [
      ...(config.apiKey ? [envEntry('default', config.apiKey, true)] : []),
      ...config.apiKeys.map((k) => envEntry(k.name, k.key, config.adminKeyNames.includes(k.name))),
    ];
  }

  static async open(db: Database, opts: PgKeyStoreOptions): Promise<PgKeyStore> {
    const store = new PgKeyStore(db, opts);
    if ((opts.generate ?? true) && store.env.length === 0) await store.generateIfNoAdmin();
    await store.refresh();
    store.timer = setInterval(() => void store.sync(), REFRESH_MS);
    store.timer.unref();
    return store;
  }

  private get now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** The first start, or an owner locked out: a new admin key, printed once by the replica that made it. */
  private async generateIfNoAdmin(): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [...KEYS_LOCK]);
      const { rows } = await tx.query<Row>('SELECT * FROM api_keys');
      if (rows.some((r) => r.admin && !r.revoked)) return;
      const old = rows.find((r) => r.name === 'default');
      const name = !old || old.revoked ? 'default' : 'owner';
      const key = generateKey();
      await tx.query(
        `INSERT INTO api_keys (name, hash, prefix, admin, source, created_at)
         VALUES ($1, $2, $3, true, 'generated', $4)
         ON CONFLICT (name) DO UPDATE SET hash = excluded.hash, prefix = excluded.prefix, admin = true,
           source = 'generated', rate_limit = NULL, created_at = excluded.created_at, last_used_at = NULL,
           request_count = 0, revoked = false`,
        [name, hashKey(key).toString('hex'), key.slice(0, 6), new Date(this.now)],
      );
      this.generatedKey = key;
    });
  }

  /** Re-reads the table; stored keys named like an environment key are shadowed by it, as with keys.json. */
  async refresh(): Promise<void> {
    const { rows } = await this.db.query<Row>('SELECT * FROM api_keys ORDER BY created_at, name');
    const envNames = new Set(this.env.map((e) => e.name));
    this.stored = rows
      .filter((r) => !envNames.has(r.name))
      .map((r) => {
        const e = entryOf(r);
        const pending = this.usage.get(e.name);
        if (pending) {
          e.request_count += pending.count;
          e.last_used_at = new Date(pending.last).toISOString();
        }
        return e;
      });
  }

  /** Adds the gathered uses to the rows; kept for the next try when the database is away. */
  async flush(): Promise<void> {
    if (this.usage.size === 0) return;
    const batch = this.usage;
    this.usage = new Map();
    try {
      await this.db.query(
        `UPDATE api_keys k SET request_count = k.request_count + u.n,
           last_used_at = greatest(coalesce(k.last_used_at, u.at), u.at)
         FROM unnest($1::text[], $2::bigint[], $3::timestamptz[]) AS u(name, n, at) WHERE k.name = u.name`,
        [[...batch.keys()], [...batch.values()].map((u) => u.count), [...batch.values()].map((u) => new Date(u.last))],
      );
    } catch (err) {
      for (const [name, u] of batch) {
        const later = this.usage.get(name);
        this.usage.set(name, { count: u.count + (later?.count ?? 0), last: Math.max(u.last, later?.last ?? 0) });
      }
      throw err;
    }
  }

  private async sync(): Promise<void> {
    try {
      await this.flush();
      await this.refresh();
    } catch {
      // The database is away: authenticate from the last copy; the next round tries again.
    }
  }

  private get entries(): Entry[] {
    return [...this.env, ...this.stored];
  }

  activeAdmins(): string[] {
    return this.entries.filter((e) => e.admin && !e.revoked).map((e) => e.name);
  }

  verify(presented: string, recordUse = true): AuthenticatedKey | null {
    const e = findLiveKey(this.entries, presented);
    if (!e) return null;
    if (!recordUse) return { name: e.name, admin: e.admin };
    const t = this.now;
    e.last_used_at = new Date(t).toISOString();
    e.request_count++;
    if (e.source !== 'env') {
      const u = this.usage.get(e.name);
      this.usage.set(e.name, { count: (u?.count ?? 0) + 1, last: t });
    }
    return { name: e.name, admin: e.admin };
  }

  list(): ApiKeyInfo[] {
    return this.entries.map(info);
  }

  count(): number {
    return this.entries.filter((e) => !e.revoked).length;
  }

  rateLimitOf(name: string): RateLimitOverride | null {
    return this.entries.find((e) => e.name === name)?.rate_limit ?? null;
  }

  private find(name: string): Entry {
    const e = this.entries.find((x) => x.name === name);
    if (!e) throw new NotFoundError(`no API key named "${name}"`);
    return e;
  }

  private refuseEnv(name: string): void {
    if (this.env.some((e) => e.name === name))
      throw new AppError(
        'conflict',
        `the key "${name}" comes from the environment (MCP_API_KEY/MCP_API_KEYS); change it there`,
      );
  }

  /** A change under the keys lock, over the rows as they are now; the copy is re-read after it. */
  private async change<T>(fn: (tx: Queryable, rows: Row[]) => Promise<T>): Promise<T> {
    const result = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [...KEYS_LOCK]);
      const { rows } = await tx.query<Row>('SELECT * FROM api_keys');
      return fn(tx, rows);
    });
    await this.refresh();
    return result;
  }

  /** The last working admin key cannot go: without one, nobody could open the dashboard. */
  private keepAnAdmin(name: string, rows: Row[]): void {
    const admins = [
      ...this.env.filter((e) => e.admin).map((e) => e.name),
      ...rows.filter((r) => r.admin && !r.revoked).map((r) => r.name),
    ];
    if (admins.length === 1 && admins[0] === name)
      throw new AppError(
        'conflict',
        `"${name}" is the last admin key: without it nobody could open the dashboard. Create another admin key ` +
          `first (npm run memoryos -- keys create NAME --admin, or in the dashboard), then revoke this one.`,
      );
  }

  private mutableRow(name: string, rows: Row[]): Row {
    this.refuseEnv(name);
    const row = rows.find((r) => r.name === name);
    if (!row) throw new NotFoundError(`no API key named "${name}"`);
    return row;
  }

  async create(req: CreateKeyRequest): Promise<CreatedKey> {
    const parsed = createKeyRequestSchema.safeParse(req);
    if (!parsed.success) throw new InvalidInputError(refusalOf(parsed.error).message);
    const { name, admin, rate_limit } = parsed.data;
    const key = generateKey();
    const row = await this.change(async (tx, rows) => {
      if (this.env.some((e) => e.name === name) || rows.some((r) => r.name === name && !r.revoked))
        throw new AppError(
          'conflict',
          `a working key named "${name}" already exists; revoke it first to give "${name}" a new key (its memories stay)`,
        );
      // A revoked key's name is its user: a new key for the name reaches the same memories.
      await tx.query('DELETE FROM api_keys WHERE name = $1 AND revoked', [name]);
      const { rows: made } = await tx.query<Row>(
        `INSERT INTO api_keys (name, hash, prefix, admin, source, rate_limit, created_at)
         VALUES ($1, $2, $3, $4, 'stored', $5, $6) RETURNING *`,
        [name, hashKey(key).toString('hex'), key.slice(0, 6), admin, rate_limit, new Date(this.now)],
      );
      return made[0]!;
    });
    return { info: info(entryOf(row)), key };
  }

  async revoke(name: string): Promise<void> {
    await this.change(async (tx, rows) => {
      const row = this.mutableRow(name, rows);
      if (row.revoked) return;
      this.keepAnAdmin(name, rows);
      await tx.query('UPDATE api_keys SET revoked = true WHERE name = $1', [name]);
    });
  }

  async rename(name: string, newName: string): Promise<ApiKeyInfo> {
    const parsed = keyNameSchema.safeParse(newName);
    if (!parsed.success) throw new InvalidInputError(refusalOf(parsed.error).message);
    await this.change(async (tx, rows) => {
      this.mutableRow(name, rows);
      if (this.env.some((e) => e.name === newName) || rows.some((r) => r.name === newName))
        throw new AppError('conflict', `a key named "${newName}" already exists`);
      // A key's name is its user: the dashboard handler moves the memories with it.
      await tx.query('UPDATE api_keys SET name = $2 WHERE name = $1', [name, newName]);
    });
    return info(this.find(newName));
  }

  async setRateLimit(name: string, limit: RateLimitOverride | null): Promise<ApiKeyInfo> {
    const parsed = rateLimitOverrideSchema.nullable().safeParse(limit);
    if (!parsed.success) throw new InvalidInputError(refusalOf(parsed.error).message);
    const envKey = this.env.find((e) => e.name === name);
    // An environment key lives in each replica's own settings: its limit too.
    if (envKey) envKey.rate_limit = parsed.data;
    else
      await this.change(async (tx, rows) => {
        this.mutableRow(name, rows);
        await tx.query('UPDATE api_keys SET rate_limit = $2 WHERE name = $1', [name, parsed.data]);
      });
    return info(this.find(name));
  }

  async setAdmin(name: string, admin: boolean): Promise<ApiKeyInfo> {
    await this.change(async (tx, rows) => {
      this.mutableRow(name, rows);
      if (!admin) this.keepAnAdmin(name, rows);
      await tx.query('UPDATE api_keys SET admin = $2 WHERE name = $1', [name, admin]);
    });
    return info(this.find(name));
  }

  /** Stops the refresh and writes the last usage counters. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush().catch((err: unknown) =>
      this.opts.log('warn', 'key usage counters could not be saved', { error: (err as Error).message }),
    );
  }
}
