// Everything MemoryOS writes is private to the account that runs it: folders 0700, files 0600,
// whoever made the parent folder and whatever the umask (a Docker bind mount, a folder made by
// hand, a backup CLI run first). Memories are personal; other local users must not read them.
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents) as 0700; every folder it creates is chmod-ed too. */
export function makePrivateDir(path: string): void {
  const target = resolve(path);
  const first = mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return;
  // Fix the mode of each folder made now (mkdir's mode is masked by the umask), from the first down.
  for (let dir = target; dir.length >= first.length; dir = dirname(dir)) {
    chmodSync(dir, PRIVATE_DIR_MODE);
    if (dir === first) break;
  }
}

/** Makes an existing file (a store, a backup) readable by its owner only. */
export function makePrivateFile(path: string): void {
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** True when the group or others may read, write or enter the path (POSIX; never on Windows). */
export function openToOthers(path: string): boolean {
  if (process.platform === 'win32') return false;
  return (statSync(path).mode & 0o077) !== 0;
}
