// Online backups of every user's store with SQLite's backup API (consistent while the server keeps
// writing), kept N deep; and restore, which checks a backup before it replaces anything and keeps
// the replaced store aside.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, InvalidInputError } from '../errors.js';
import { LATEST_SCHEMA_VERSION } from '../memory/store/sqlite/migrations.js';
import { listUserStores, userDbFile } from '../memory/service.js';
import { makePrivateDir, makePrivateFile } from '../privateFs.js';
import type { MemoryService } from '../memory/types.js';

export const backupsDir = (dataDir: string) => join(resolve(dataDir), 'backups');

/** The data folder's own files a backup folder also holds, beside each user's store. */
const FOLDER_FILES = ['keys.json', 'settings.json'];
const stamp = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

export interface BackupReport {
  dir: string;
  users: string[];
  /** The data folder's own files copied beside the stores (keys.json, settings.json). */
  files: string[];
  ms: number;
  pruned: string[];
}

/** Where backups read the stores from: the running engine, or the files themselves. */
export interface StoreSource {
  listUsers(): Promise<string[]>;
  backupUser(user: string, toFile: string): Promise<void>;
}

/** In the server: through the engine's open connections (pending heat updates are written first). */
export const engineStores = (memory: MemoryService): StoreSource => ({
  listUsers: () => memory.listUsers(),
  backupUser: (user, toFile) => memory.forUser(user).backup(toFile),
});

/**
 * From the CLI: each store read through a read-only connection, consistent while a server keeps
 * writing (SQLite's backup API over WAL). Nothing is written to the stores and no engine starts, so
 * it is safe beside a running server.
 */
export const storeFiles = (dataDir: string): StoreSource => ({
  listUsers: () => Promise.resolve(listUserStores(dataDir)),
  async backupUser(user, toFile) {
    const db = new Database(userDbFile(dataDir, user), { readonly: true, fileMustExist: true });
    try {
      await db.backup(toFile);
    } finally {
      db.close();
    }
  },
});

export async function backupAll(
  source: StoreSource,
  dataDir: string,
  retain: number,
  now = new Date(),
  outRoot = backupsDir(dataDir),
): Promise<BackupReport> {
  const started = performance.now();
  let dir = join(outRoot, stamp(now));
  for (let i = 1; existsSync(dir); i++) dir = join(outRoot, `${stamp(now)}-${i}`);
  makePrivateDir(dir);
  const users = await source.listUsers();
  for (const u of users) {
    const file = join(dir, `${u}.db`);
    await source.backupUser(u, file);
    makePrivateFile(file);
  }
  // The keys (hashes) and the saved settings too: after a lost disk, the clients' keys still work.
  // Both are replaced whole by a rename when written, so a copy is never half of one.
  const files = FOLDER_FILES.filter((name) => existsSync(join(resolve(dataDir), name)));
  for (const name of files) {
    copyFileSync(join(resolve(dataDir), name), join(dir, name));
    makePrivateFile(join(dir, name));
  }
  return { dir, users, files, ms: performance.now() - started, pruned: prune(outRoot, retain) };
}

/** Keeps the newest `retain` backup folders (names sort by time). */
export function prune(outRoot: string, retain: number): string[] {
  if (!existsSync(outRoot)) return [];
  const dirs = readdirSync(outRoot)
    .filter((n) => /^\d{4}-\d{2}-\d{2}T/.test(n))
    .sort();
  const old = dirs.slice(0, Math.max(0, dirs.length - retain));
  for (const d of old) rmSync(join(outRoot, d), { recursive: true, force: true });
  return old;
}

/** Checks that a file is a healthy MemoryOS store this version can open. */
function verifyBackup(file: string): void {
  if (!existsSync(file)) throw new InvalidInputError(`no backup file at ${file}`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok')
      throw new InvalidInputError(`${file} failed the integrity check (${String(check)}); nothing was restored`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1 || version > LATEST_SCHEMA_VERSION)
      throw new InvalidInputError(
        `${file} has schema version ${version}; this MemoryOS reads 1 to ${LATEST_SCHEMA_VERSION}`,
      );
    db.prepare('SELECT count(*) FROM pages').get();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new InvalidInputError(`${file} is not a MemoryOS store: ${(err as Error).message}; nothing was restored`);
  } finally {
    db?.close();
  }
}

/** Restores one user's store from a backup file. The server must not be running. */
export function restoreUser(
  dataDir: string,
  user: string,
  backupFile: string,
  now = new Date(),
): { restored: string; keptAside: string | null } {
  verifyBackup(backupFile);
  const target = userDbFile(dataDir, user);
  let keptAside: string | null = null;
  if (existsSync(target)) {
    keptAside = `${target}.replaced-${stamp(now)}`;
    renameSync(target, keptAside);
    for (const suffix of ['-wal', '-shm'])
      if (existsSync(target + suffix)) renameSync(target + suffix, keptAside + suffix);
  }
  makePrivateDir(join(target, '..'));
  copyFileSync(backupFile, target);
  makePrivateFile(target);
  return { restored: target, keptAside };
}

/** Runs backupAll every `intervalHours`; returns a stop function. */
export function scheduleBackups(
  memory: MemoryService,
  dataDir: string,
  intervalHours: number,
  retain: number,
  log: (level: 'info' | 'error', msg: string, f?: Record<string, unknown>) => void,
): () => void {
  if (intervalHours <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    backupAll(engineStores(memory), dataDir, retain)
      .then((r) =>
        log('info', 'backup done', {
          dir: r.dir,
          users: r.users.length,
          ms: Math.round(r.ms),
          pruned: r.pruned.length,
        }),
      )
      .catch((err) => log('error', 'backup failed', { error: (err as Error).message }))
      .finally(() => {
        running = false;
      });
  }, intervalHours * 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
