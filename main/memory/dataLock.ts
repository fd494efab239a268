// One process owns a data folder. Two servers on one folder (or a restore under a running server)
// would write the same stores behind each other's backs: "database is locked", duplicate ids, and
// memories acknowledged into a file that is then replaced. Every process that writes the stores
// (serve, the desktop app, restore) takes this lock first and refuses to start without it.
//
// The lock is an exclusive SQLite lock on <data>/memoryos.lock, i.e. an OS file lock, so it ends
// with the process however the process ends: a lock left by a killed server never blocks a restart.
// Who holds it is written beside it, for the message the next process prints.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.js';
import { makePrivateDir, makePrivateFile, PRIVATE_FILE_MODE } from '../privateFs.js';

export interface DataLock {
  /** The absolute data folder held. */
  dir: string;
  /** Says where this process answers, for `connect` run against the same folder. */
  announce(url: string): void;
  release(): void;
}

interface Holder {
  pid: number;
  command: string;
  host: string;
  startedAt: string;
  /** Where the server answers, once it listens (http://127.0.0.1:3000). */
  url?: string;
}

const lockFile = (dir: string) => join(dir, 'memoryos.lock');
const holderFile = (dir: string) => join(dir, 'memoryos.lock.json');

function describeHolder(dir: string): string {
  try {
    const h = JSON.parse(readFileSync(holderFile(dir), 'utf8')) as Holder;
    return `by ${h.command} (pid ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''}, since ${h.startedAt})`;
  } catch {
    return 'by another MemoryOS process';
  }
}

/** Takes the data folder for this process, or throws naming the folder and who holds it. */
export function lockDataFolder(dataDir: string, command: string): DataLock {
  const dir = resolve(dataDir);
  makePrivateDir(dir);
  const file = lockFile(dir);
  if (!existsSync(file)) writeFileSync(file, '', { mode: PRIVATE_FILE_MODE, flag: 'a' });
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this mode it is kept until the connection closes.
    db.exec('CREATE TABLE IF NOT EXISTS lock (id INTEGER PRIMARY KEY); BEGIN EXCLUSIVE; COMMIT;');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY'))
      throw new AppError(
        'conflict',
        `the data folder ${dir} is in use ${describeHolder(dir)}. One process owns a data folder: stop that ` +
          'one first, or choose another folder with MEMORYOS_DATA_DIR or --data-dir.',
      );
    throw err;
  }
  makePrivateFile(file);
  const holder: Holder = { pid: process.pid, command, host: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(holderFile(dir), `${JSON.stringify(holder)}\n`, { mode: PRIVATE_FILE_MODE });
  let held = true;
  return {
    dir,
    announce(url) {
      if (held) writeFileSync(holderFile(dir), `${JSON.stringify({ ...holder, url })}\n`, { mode: PRIVATE_FILE_MODE });
    },
    release() {
      if (!held) return;
      held = false;
      rmSync(holderFile(dir), { force: true });
      db.close();
    },
  };
}

/**
 * The server running on a data folder of this machine, and where it answers; null when none is
 * (no holder, another machine's, or its process gone).
 */
export function runningServer(dataDir: string): { url: string; pid: number } | null {
  let h: Holder;
  try {
    h = JSON.parse(readFileSync(holderFile(resolve(dataDir)), 'utf8')) as Holder;
  } catch {
    return null;
  }
  if (!h.url || h.host !== hostname()) return null;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as { code?: string }).code !== 'EPERM') return null;
  }
  return { url: h.url, pid: h.pid };
}
