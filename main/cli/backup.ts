// `memoryos backup [--out DIR]` and `memoryos restore USER FILE`.
import { backupAll, backupsDir, restoreUser } from '../backup/backups.js';
import { loadConfig } from '../config/load.js';
import { InvalidInputError } from '../errors.js';
import { openMemoryService } from '../memory/service.js';

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

export async function runBackup(args: string[]): Promise<number> {
  const { out, flags } = split(args);
  const { config } = loadConfig(flags);
  const memory = openMemoryService({
    dataDir: config.dataDir,
    memory: config.memory,
    llm: config.llm,
    embedding: config.embedding,
  });
  try {
    const r = await backupAll(
      memory,
      config.dataDir,
      config.backup.retain,
      new Date(),
      out ?? backupsDir(config.dataDir),
    );
    console.log(
      `Backed up ${r.users.length} user(s) to ${r.dir} in ${Math.round(r.ms)} ms${r.pruned.length ? `; removed ${r.pruned.length} old backup(s)` : ''}.`,
    );
    return 0;
  } finally {
    await memory.close();
  }
}

export async function runRestore(args: string[]): Promise<number> {
  const { positional, flags } = split(args);
  const [user, file] = positional;
  if (!user || !file) throw new InvalidInputError('usage: memoryos restore USER BACKUP_FILE   (stop the server first)');
  const { config } = loadConfig(flags);
  const r = restoreUser(config.dataDir, user, file);
  console.log(
    `Restored ${user} from ${file} into ${r.restored}.${r.keptAside ? ` The replaced store is kept at ${r.keptAside}.` : ''}`,
  );
  return 0;
}
