// `memoryos backup [--out DIR]` and `memoryos restore USER FILE`.
import { resolve } from 'node:path';
import { backupAll, backupsDir, restoreUser, storeFiles } from '../backup/backups.js';
import { loadConfig } from '../config/load.js';
import { InvalidInputError } from '../errors.js';
import { lockDataFolder } from '../memory/dataLock.js';
import { listUserStores } from '../memory/service.js';
import { FileKeyStore } from '../security/keyStore.js';

function split(args: string[]): { positional: string[]; out?: string; flags: string[] } {
  const positional: string[] = [];
  const flags: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--out') out = args[++i];
    else if (a.startsWith('--'))
      flags.push(
        a,
        ...(a.includes('=') || args[i + 1]?.startsWith('--') || args[i + 1] === undefined ? [] : [args[++i]!]),
      );
    else positional.push(a);
  }
  return { positional, out, flags };
}

/** Safe beside a running server: the stores are read, never written (see storeFiles). */
export async function runBackup(args: string[]): Promise<number> {
  const { out, flags } = split(args);
  const { config } = loadConfig(flags);
  const r = await backupAll(
    storeFiles(config.dataDir),
    config.dataDir,
    config.backup.retain,
    new Date(),
    out ?? backupsDir(config.dataDir),
  );
  console.log(
    `Backed up ${r.users.length} user(s)${r.files.length ? ` and ${r.files.join(' and ')}` : ''} to ${r.dir} in ${Math.round(r.ms)} ms${r.pruned.length ? `; removed ${r.pruned.length} old backup(s)` : ''}.`,
  );
  return 0;
}

/** Replaces a store, so it needs the data folder to itself: refused while a server runs on it. */
export async function runRestore(args: string[]): Promise<number> {
  const { positional, flags } = split(args);
  const [user, file] = positional;
  if (!user || !file) throw new InvalidInputError('usage: memoryos restore USER BACKUP_FILE   (stop the server first)');
  const { config } = loadConfig(flags);
  const lock = lockDataFolder(config.dataDir, 'memoryos restore');
  try {
    // A store nobody can reach is a mistake (a typo in USER), not a restore: refuse it.
    const hasKey = new FileKeyStore({ config, generate: false }).list().some((k) => k.name === user && !k.revoked);
    if (!hasKey && !listUserStores(config.dataDir).includes(user))
      throw new InvalidInputError(
        `there is no key and no store named "${user}" in ${resolve(config.dataDir)}, so nobody could reach a ` +
          `restored store; check the name with: npm run memoryos -- keys list, or create the key first: npm run memoryos -- keys create ${user}`,
      );
    const r = restoreUser(config.dataDir, user, file);
    console.log(
      `Restored ${user} from ${file} into ${r.restored}.${r.keptAside ? ` The replaced store is kept at ${r.keptAside}.` : ''}`,
    );
    return 0;
  } finally {
    lock.release();
  }
}
