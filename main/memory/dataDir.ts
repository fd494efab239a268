// The data folder must be writable before the server accepts a single memory: a read-only folder
// found at the first add_memory would mean a server that looks healthy and loses every write.
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StorageError } from '../errors.js';
import { makePrivateDir } from '../privateFs.js';

/** Creates the folder if needed and proves it writable with a probe file; a clear error otherwise. */
export function ensureWritableDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  const probe = join(dir, `.write-probe-${process.pid}`);
  try {
    makePrivateDir(join(dir, 'users'));
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EROFS'
          ? 'it is on a read-only file system'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'ENOTDIR' || code === 'EEXIST'
              ? 'a file is in the way'
              : (err as Error).message;
    throw new StorageError(
      `the data folder ${dir} could not be written (${why}). Nothing in it was changed. Give this user write access to it, or choose another folder with MEMORYOS_DATA_DIR or --data-dir.`,
    );
  }
}
