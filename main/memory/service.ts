// All users' memories: each user's store opens on first use — from <dataDir>/users/<name>/memory.db
// in the embedded default, or from PostgreSQL (store/postgres/service.ts) with the same engine. The
// user name comes from the authenticated key only, and is checked again here so that no path can
// ever be built from client input.
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KEY_NAME_PATTERN } from '../../shared/config.js';
import type { MemoryCounts } from '../../shared/memory.js';
import { AppError, InvalidInputError } from '../errors.js';
import { newIndexes, type MemoryContext } from './context.js';
import { createEmbedder } from './embed/index.js';
import { createMemoryLlm } from './llm/index.js';
import { openSqliteStore } from './store/sqlite/store.js';
import type { MemoryStore } from './store/types.js';
import { TermStats } from './termStats.js';
import type { MemoryService, MemoryServiceOptions } from './types.js';
import { StoreUserMemory } from './userMemory.js';

/** Refuses anything but a key name as a user: no path or query is ever built from other input. */
export function checkUserName(user: string): string {
  if (!KEY_NAME_PATTERN.test(user))
    throw new InvalidInputError(`"${user}" is not a valid user name (a-z, 0-9, "_" or "-", at most 64)`);
  return user;
}

export function userDbFile(dataDir: string, user: string): string {
  return join(resolve(dataDir), 'users', checkUserName(user), 'memory.db');
}

/** The users that have a store in the data folder, by name. */
export function listUserStores(dataDir: string): string[] {
  const dir = join(resolve(dataDir), 'users');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => KEY_NAME_PATTERN.test(n) && existsSync(join(dir, n, 'memory.db')))
    .sort();
}

/** Where the users' memories live: the one part of a memory service that differs between stores. */
export interface UserStores {
  /** Opens (creating if needed) one user's store; throws a clear error for one it must not touch. */
  open(user: string): MemoryStore;
  /** The users that have memories stored. */
  list(): Promise<string[]>;
  has(user: string): Promise<boolean>;
  /** Moves a user's memories to a name that has none; called with neither store open. */
  move(user: string, newUser: string): Promise<void>;
  /** Called once the service has closed every user's memory. */
  close?(): Promise<void>;
}

/** A memory service and what its store's own machinery needs of it. */
export interface EngineService extends MemoryService {
  /** Runs the user's queued jobs (opening its memory if needed), as after one of its adds. */
  wake(user: string): void;
}

/** The service over a set of user stores: one engine, whichever store holds the memories. */
export function createMemoryService(stores: UserStores, opts: Omit<MemoryServiceOptions, 'dataDir'>): EngineService {
  const log = opts.log ?? (() => {});
  const now = opts.now ?? Date.now;
  const embedder = createEmbedder(opts.embedding);
  const llm = createMemoryLlm(opts.llm, log);
  const open = new Map<string, StoreUserMemory>();
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

  function memoryOf(name: string): StoreUserMemory {
    const existing = open.get(name);
    if (existing && !busy.has(name)) return existing;
    if (busy.has(name))
      throw new AppError('unavailable', `the memories of "${name}" are being closed or moved; try again shortly`);
    checkUserName(name);
    try {
      const store = stores.open(name);
      const ctx: MemoryContext = {
        user: name,
        store,
        settings: opts.memory,
        embedder,
        llm,
        now,
        log,
        terms: new TermStats(store),
        ...newIndexes(embedder.dimensions),
      };
      const mem = new StoreUserMemory(ctx);
      open.set(name, mem);
      // A store that failed to open (its indexes unreadable, the database away) is opened afresh
      // by the next call rather than kept broken.
      mem.ready.catch((err: unknown) => {
        lastError = (err as Error).message;
        if (open.get(name) === mem) open.delete(name);
        void mem.close().catch(() => undefined);
      });
      return mem;
    } catch (err) {
      lastError = (err as Error).message;
      throw err;
    }
  }

  const service: EngineService = {
    forUser: memoryOf,
    wake(name) {
      if (busy.has(name)) return;
      try {
        memoryOf(name).wake();
      } catch (err) {
        log('warn', 'queued memory work could not start', { user: name, error: (err as Error).message });
      }
    },
    listUsers: () => stores.list(),
    async countsByUser() {
      const out: Record<string, MemoryCounts> = {};
      for (const u of await service.listUsers()) {
        try {
          out[u] = await service.forUser(u).counts();
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
      checkUserName(name);
      checkUserName(newName);
      if (open.has(newName) || (await stores.has(newName))) throw conflict(newName);
      await whileBusy([name, newName], async () => {
        await closeStore(name);
        // Neither store can be opened meanwhile.
        if (await stores.has(newName)) throw conflict(newName);
        await stores.move(name, newName);
      });
    },
    async close() {
      await Promise.all([...open.values()].map((m) => m.closeAfterWork()));
      open.clear();
      await stores.close?.();
    },
  };
  return service;
}

/** The embedded default: one SQLite file per user in the data folder. */
export function openMemoryService(opts: MemoryServiceOptions): MemoryService {
  return createMemoryService(
    {
      open: (user) => openSqliteStore(userDbFile(opts.dataDir, user)),
      list: () => Promise.resolve(listUserStores(opts.dataDir)),
      has: (user) => Promise.resolve(existsSync(dirname(userDbFile(opts.dataDir, user)))),
      move(user, newUser) {
        const from = dirname(userDbFile(opts.dataDir, user));
        if (existsSync(from)) renameSync(from, dirname(userDbFile(opts.dataDir, newUser)));
        return Promise.resolve();
      },
    },
    opts,
  );
}
