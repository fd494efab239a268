// All users' memories: each user's store opens on first use, from <dataDir>/users/<name>/memory.db.
// The user name comes from the authenticated key only, and is checked again here so that no path
// can ever be built from client input.
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KEY_NAME_PATTERN } from '../../shared/config.js';
import type { MemoryCounts } from '../../shared/memory.js';
import { AppError, InvalidInputError } from '../errors.js';
import { isoNow, newIndexes, type MemoryContext } from './context.js';
import { createEmbedder } from './embed/index.js';
import { createMemoryLlm } from './llm/index.js';
import { vectorsPending } from './reembed.js';
import { openDatabase } from './store/database.js';
import * as jobs from './store/jobs.js';
import { TermStats } from './termStats.js';
import type { MemoryService, MemoryServiceOptions } from './types.js';
import { SqliteUserMemory } from './userMemory.js';
import { loadIndexes } from './vectors.js';

export function userDbFile(dataDir: string, user: string): string {
  if (!KEY_NAME_PATTERN.test(user))
    throw new InvalidInputError(`"${user}" is not a valid user name (a-z, 0-9, "_" or "-", at most 64)`);
  return join(resolve(dataDir), 'users', user, 'memory.db');
}

/** The users that have a store in the data folder, by name. */
export function listUserStores(dataDir: string): string[] {
  const dir = join(resolve(dataDir), 'users');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => KEY_NAME_PATTERN.test(n) && existsSync(join(dir, n, 'memory.db')))
    .sort();
}

export function openMemoryService(opts: MemoryServiceOptions): MemoryService {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const embedder = createEmbedder(opts.embedding);
  const llm = createMemoryLlm(opts.llm, log);
  const open = new Map<string, SqliteUserMemory>();
  /** Users whose store is closing or moving: not opened again until that is done. */
  const busy = new Set<string>();
  let lastError: string | undefined;

  async function whileBusy(names: string[], fn: () => Promise<void>): Promise<void> {
    for (const n of names) busy.add(n);
    try {
      await fn();
    } finally {
      for (const n of names) busy.delete(n);
    }
  }

  async function closeStore(name: string): Promise<void> {
    const m = open.get(name);
    if (!m) return;
    try {
      await m.closeAfterWork();
    } finally {
      open.delete(name);
    }
  }

  const conflict = (name: string) =>
    new AppError('conflict', `memories for "${name}" already exist; choose another name`);

  const service: MemoryService = {
    forUser(name) {
      const existing = open.get(name);
      if (existing && !busy.has(name)) return existing;
      if (busy.has(name))
        throw new AppError('unavailable', `the memories of "${name}" are being closed or moved; try again shortly`);
      const file = userDbFile(opts.dataDir, name);
      try {
        const db = openDatabase(file);
        const ctx: MemoryContext = {
          user: name,
          file,
          db,
          settings: opts.memory,
          embedder,
          llm,
          now,
          log,
          terms: new TermStats(db),
          ...newIndexes(embedder.dimensions),
        };
        loadIndexes(ctx);
        // Vectors of another embedder (or none): queue the re-embedding before the worker starts.
        // A store that cannot be written still opens for reading; its writes will say why.
        try {
          if (vectorsPending(ctx) > 0) jobs.enqueue(db, 'reembed', isoNow(ctx));
        } catch (err) {
          log('warn', 're-embedding could not be queued', { user: name, error: (err as Error).message });
        }
        const mem = new SqliteUserMemory(ctx);
        open.set(name, mem);
        return mem;
      } catch (err) {
        lastError = (err as Error).message;
        throw err;
      }
    },
    listUsers() {
      return listUserStores(opts.dataDir);
    },
    countsByUser() {
      const out: Record<string, MemoryCounts> = {};
      for (const u of service.listUsers()) {
        try {
          out[u] = service.forUser(u).counts();
        } catch {
          // A damaged store is reported by status(); the others still count.
        }
      }
      return out;
    },
    status() {
      return lastError ? { ok: false, users_open: open.size, detail: lastError } : { ok: true, users_open: open.size };
    },
    closeUser: (name) => whileBusy([name], () => closeStore(name)),
    async renameUser(name, newName) {
      const from = dirname(userDbFile(opts.dataDir, name));
      const to = dirname(userDbFile(opts.dataDir, newName));
      if (existsSync(to) || open.has(newName)) throw conflict(newName);
      await whileBusy([name, newName], async () => {
        await closeStore(name);
        // No await from this check to the move, and neither store can be opened meanwhile.
        if (existsSync(to)) throw conflict(newName);
        if (existsSync(from)) renameSync(from, to);
      });
    },
    async close() {
      await Promise.all([...open.values()].map((m) => m.closeAfterWork()));
      open.clear();
    },
  };
  return service;
}
