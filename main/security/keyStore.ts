// API keys: from the environment (MCP_API_KEY, MCP_API_KEYS), generated on first start, or created
// from the CLI and the dashboard. Only SHA-256 digests are kept (keys.json, mode 0600, atomic
// writes); a key is shown once, when it is made.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makePrivateDir } from '../privateFs.js';
import { z } from 'zod';
import {
  createKeyRequestSchema,
  rateLimitOverrideSchema,
  type ApiKeyInfo,
  type CreateKeyRequest,
  type CreatedKey,
  type RateLimitOverride,
} from '../../shared/admin.js';
import { keyNameSchema, type ServerConfig } from '../../shared/config.js';
import { refusalOf } from '../../shared/validation.js';
import { AppError, InvalidInputError, NotFoundError, StorageError } from '../errors.js';
import type { AuthenticatedKey, KeyStore } from '../ports.js';
import { findLiveKey, generateKey, hashKey } from './keyHash.js';

const storedKeySchema = z.object({
  name: keyNameSchema,
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  prefix: z.string(),
  admin: z.boolean(),
  source: z.enum(['generated', 'stored']),
  rate_limit: rateLimitOverrideSchema.nullable(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  request_count: z.number().int(),
  revoked: z.boolean(),
});
/** keys.json; also read by `memoryos migrate-to-postgres`. */
export const keyFileSchema = z.object({ version: z.literal(1), keys: z.array(storedKeySchema) });
export type StoredKey = z.infer<typeof storedKeySchema>;

interface Entry extends Omit<StoredKey, 'source'> {
  source: ApiKeyInfo['source'];
  digest: Buffer;
}

const FLUSH_DELAY_MS = 2000;

export interface FileKeyStoreOptions {
  config: Pick<ServerConfig, 'apiKey' | 'apiKeys' | 'adminKeyNames' | 'dataDir'>;
  now?: () => number;
  /** Generate the default key when there is no key at all (serve); the keys CLI does not. */
  generate?: boolean;
}

export class FileKeyStore implements KeyStore {
  private entries: Entry[] = [];
  private readonly file: string;
  private readonly now: () => number;
  private flushTimer: NodeJS.Timeout | null = null;
  /** Set on the first start without env keys: the key to print once. */
  readonly generatedKey: string | null;

  constructor(opts: FileKeyStoreOptions) {
    this.now = opts.now ?? Date.now;
    this.file = join(opts.config.dataDir, 'keys.json');
    const nowIso = new Date(this.now()).toISOString();
    const envEntry = (name: string, key: string, admin: boolean): Entry => ({
      name,
      digest: hashKey(key),
      hash: hashKey(key).toString('hex'),
      prefix: key.slice(0, 6),
      admin,
      source: 'env',
      rate_limit: null,
      created_at: nowIso,
      last_used_at: null,
      request_count: 0,
      revoked: false,
    });
    if (opts.config.apiKey) this.entries.push(envEntry('default', opts.config.apiKey, true));
    for (const k of opts.config.apiKeys)
      this.entries.push(envEntry(k.name, k.key, opts.config.adminKeyNames.includes(k.name)));
    for (const s of this.read()) {
      if (this.entries.some((e) => e.name === s.name)) continue;
      this.entries.push({ ...s, digest: Buffer.from(s.hash, 'hex') });
    }
    const hasEnvKeys = Boolean(opts.config.apiKey) || opts.config.apiKeys.length > 0;
    this.generatedKey = null;
    // The first start, or an owner locked out (every admin key revoked): a new admin key for the
    // owner's own user, printed once. Keys from the environment are the operator's business instead.
    if ((opts.generate ?? true) && !hasEnvKeys && this.activeAdmins().length === 0) {
      const key = generateKey();
      const old = this.entries.find((e) => e.name === 'default');
      const name = !old || old.revoked ? 'default' : 'owner';
      this.entries = this.entries.filter((e) => e.name !== name);
      this.entries.push({ ...envEntry(name, key, true), source: 'generated' });
      this.write();
      this.generatedKey = key;
    }
  }

  /** Names of the admin keys that still work. */
  activeAdmins(): string[] {
    return this.entries.filter((e) => e.admin && !e.revoked).map((e) => e.name);
  }

  /** The last working admin key cannot go: without one, nobody could open the dashboard. */
  private keepAnAdmin(name: string): void {
    const admins = this.activeAdmins();
    if (admins.length === 1 && admins[0] === name)
      throw new AppError(
        'conflict',
        `"${name}" is the last admin key: without it nobody could open the dashboard. Create another admin key ` +
          `first (npm run memoryos -- keys create NAME --admin, or in the dashboard), then revoke this one.`,
      );
  }

  get path(): string {
    return this.file;
  }

  /** Picks up keys created or revoked by another process (the keys CLI) while the server runs. */
  reload(): void {
    const stored = this.read();
    const kept = this.entries.filter((e) => e.source === 'env');
    for (const s of stored) {
      if (kept.some((e) => e.name === s.name)) continue;
      const mine = this.entries.find((e) => e.name === s.name && e.hash === s.hash);
      kept.push({
        ...s,
        digest: Buffer.from(s.hash, 'hex'),
        request_count: Math.max(s.request_count, mine?.request_count ?? 0),
        last_used_at: mine?.last_used_at ?? s.last_used_at,
      });
    }
    this.entries = kept;
  }

  private read(): StoredKey[] {
    if (!existsSync(this.file)) return [];
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new StorageError(
        `${this.file} is not valid JSON (${(err as Error).message}); fix or remove it (keys in it stop working)`,
      );
    }
    const parsed = keyFileSchema.safeParse(data);
    if (!parsed.success)
      throw new StorageError(`${this.file} is not a MemoryOS key file: ${z.prettifyError(parsed.error)}`);
    return parsed.data.keys;
  }

  private write(): void {
    const keys: StoredKey[] = this.entries
      .filter((e): e is Entry & { source: 'generated' | 'stored' } => e.source !== 'env')
      .map(({ digest: _digest, ...rest }) => rest);
    try {
      makePrivateDir(dirname(this.file));
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, this.file);
      chmodSync(this.file, 0o600);
    } catch (err) {
      throw new StorageError(`the key file ${this.file} could not be written: ${(err as Error).message}`);
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      try {
        this.syncAndWrite();
      } catch {
        // Usage counters are best effort; the next flush tries again.
      }
    }, FLUSH_DELAY_MS);
    this.flushTimer.unref();
  }

  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.syncAndWrite();
  }

  /**
   * Read-modify-write: another process (the keys CLI) may have changed the file since we read it;
   * merge its changes (new keys, revocations) before writing ours, so neither is lost.
   */
  private syncAndWrite(mutate: () => void = () => {}): void {
    this.reload();
    mutate();
    this.write();
  }

  verify(presented: string, recordUse = true): AuthenticatedKey | null {
    const e = findLiveKey(this.entries, presented);
    if (!e) return null;
    if (!recordUse) return { name: e.name, admin: e.admin };
    e.last_used_at = new Date(this.now()).toISOString();
    e.request_count++;
    if (e.source !== 'env') this.scheduleFlush();
    return { name: e.name, admin: e.admin };
  }

  private info(e: Entry): ApiKeyInfo {
    return {
      name: e.name,
      prefix: e.prefix,
      admin: e.admin,
      source: e.source,
      rate_limit: e.rate_limit,
      created_at: e.created_at,
      last_used_at: e.last_used_at,
      request_count: e.request_count,
      revoked: e.revoked,
    };
  }

  private find(name: string): Entry {
    const e = this.entries.find((x) => x.name === name);
    if (!e) throw new NotFoundError(`no API key named "${name}"`);
    return e;
  }

  private mutable(name: string): Entry {
    const e = this.find(name);
    if (e.source === 'env')
      throw new AppError(
        'conflict',
        `the key "${name}" comes from the environment (MCP_API_KEY/MCP_API_KEYS); change it there`,
      );
    return e;
  }

  get(name: string): ApiKeyInfo {
    return this.info(this.find(name));
  }

  rateLimitOf(name: string): RateLimitOverride | null {
    return this.entries.find((e) => e.name === name)?.rate_limit ?? null;
  }

  list(): ApiKeyInfo[] {
    return this.entries.map((e) => this.info(e));
  }

  count(): number {
    return this.entries.filter((e) => !e.revoked).length;
  }

  create(req: CreateKeyRequest): CreatedKey {
    const parsed = createKeyRequestSchema.safeParse(req);
    if (!parsed.success) throw new InvalidInputError(refusalOf(parsed.error).message);
    const { name, admin, rate_limit } = parsed.data;
    const taken = (x: Entry) => x.name === name && !(x.revoked && x.source !== 'env');
    const alreadyExists = () =>
      new AppError(
        'conflict',
        `a working key named "${name}" already exists; revoke it first to give "${name}" a new key (its memories stay)`,
      );
    if (this.entries.some(taken)) throw alreadyExists();
    const key = generateKey();
    const digest = hashKey(key);
    const e: Entry = {
      name,
      digest,
      hash: digest.toString('hex'),
      prefix: key.slice(0, 6),
      admin,
      source: 'stored',
      rate_limit,
      created_at: new Date(this.now()).toISOString(),
      last_used_at: null,
      request_count: 0,
      revoked: false,
    };
    // A revoked key's name is its user: a new key for the name reaches the same memories (a leaked
    // key is replaced by revoking it and creating the name again).
    this.syncAndWrite(() => {
      if (this.entries.some(taken)) throw alreadyExists();
      this.entries = this.entries.filter((x) => x.name !== name);
      this.entries.push(e);
    });
    return { info: this.info(e), key };
  }

  revoke(name: string): void {
    this.syncAndWrite(() => {
      const e = this.mutable(name);
      if (e.revoked) return;
      this.keepAnAdmin(name);
      e.revoked = true;
    });
  }

  rename(name: string, newName: string): ApiKeyInfo {
    const parsed = keyNameSchema.safeParse(newName);
    if (!parsed.success) throw new InvalidInputError(refusalOf(parsed.error).message);
    let renamed: Entry | undefined;
    this.syncAndWrite(() => {
      const e = this.mutable(name);
      if (this.entries.some((x) => x.name === newName))
        throw new AppError('conflict', `a key named "${newName}" already exists`);
      // A key's name is its user: the dashboard handler moves the memories with it.
      e.name = newName;
      renamed = e;
    });
    return this.info(renamed!);
  }

  setRateLimit(name: string, limit: RateLimitOverride | null): ApiKeyInfo {
    const parsed = rateLimitOverrideSchema.nullable().safeParse(limit);
    if (!parsed.success) throw new InvalidInputError(refusalOf(parsed.error).message);
    const apply = () => {
      this.find(name).rate_limit = parsed.data;
    };
    if (this.find(name).source === 'env') apply();
    else this.syncAndWrite(apply);
    return this.info(this.find(name));
  }

  setAdmin(name: string, admin: boolean): ApiKeyInfo {
    this.syncAndWrite(() => {
      if (!admin) this.keepAnAdmin(name);
      this.mutable(name).admin = admin;
    });
    return this.info(this.find(name));
  }
}
