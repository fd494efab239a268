// `memoryos keys list|create|revoke`: manage the stored keys of a data folder, or of a team
// server's PostgreSQL when DATABASE_URL is set (every replica sees the change within seconds).
import { InvalidInputError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import type { KeyStore } from '../ports.js';
import { PgKeyStore } from '../postgres/keyStore.js';
import { refuseTeamFolderWithoutDatabase } from '../postgres/teamFolder.js';
import { openDatabase } from '../postgres/teamStores.js';
import { FileKeyStore } from '../security/keyStore.js';
import { createLogger } from '../server/logger.js';

function parseRateLimit(text: string): { requests: number; windowSeconds: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new InvalidInputError(`--rate-limit takes REQUESTS/SECONDS, e.g. 500/3600; got "${text}"`);
  return { requests: Number(m[1]), windowSeconds: Number(m[2]) };
}

export async function runKeys(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const positional = rest.filter((a, i) => !a.startsWith('--') && !(i > 0 && rest[i - 1] === '--rate-limit'));
  const flagArgs: string[] = [];
  let admin = false;
  let rateLimit: { requests: number; windowSeconds: number } | null = null;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--admin') admin = true;
    else if (a === '--rate-limit') rateLimit = parseRateLimit(rest[++i] ?? '');
    else if (a.startsWith('--'))
      flagArgs.push(a, ...(rest[i + 1] && !rest[i + 1]!.startsWith('--') && !a.includes('=') ? [rest[++i]!] : []));
  }
  const { config } = loadConfig(flagArgs);
  if (!config.databaseUrl) refuseTeamFolderWithoutDatabase(config.dataDir, 'the keys command');
  if (!config.databaseUrl)
    return keysCommand(action, positional, admin, rateLimit, new FileKeyStore({ config, generate: false }));
  const log = createLogger('warn');
  const db = await openDatabase(config.databaseUrl, log);
  try {
    const store = await PgKeyStore.open(db, { config, log, generate: false });
    try {
      const code = await keysCommand(action, positional, admin, rateLimit, store);
      if (code === 0 && (action === 'create' || action === 'revoke'))
        console.log('Every replica takes this change within 2 s.');
      return code;
    } finally {
      await store.close();
    }
  } finally {
    await db.close();
  }
}

async function keysCommand(
  action: string | undefined,
  positional: string[],
  admin: boolean,
  rateLimit: { requests: number; windowSeconds: number } | null,
  store: KeyStore,
): Promise<number> {
  switch (action) {
    case 'list': {
      const rows = store.list();
      if (rows.length === 0)
        console.log('No keys yet. Start the server once, or: npm run memoryos -- keys create NAME --admin');
      const line = (cells: string[]) =>
        console.log(
          cells
            .map((c, i) => c.padEnd([20, 9, 5, 9, 7, 14][i] ?? 0))
            .join(' ')
            .trimEnd(),
        );
      if (rows.length > 0) line(['NAME', 'PREFIX', 'ROLE', 'SOURCE', 'STATE', 'LIMIT', 'USE BY CLIENTS']);
      for (const k of rows)
        line([
          k.name,
          `${k.prefix}…`,
          k.admin ? 'admin' : 'user',
          k.source,
          k.revoked ? 'REVOKED' : 'active',
          k.rate_limit ? `${k.rate_limit.requests}/${k.rate_limit.windowSeconds}s` : 'default limit',
          `used ${k.request_count}× last ${k.last_used_at ?? 'never'}`,
        ]);
      if (rows.length > 0)
        console.log(
          '\nSOURCE: generated = made by the first start; stored = created here or in the dashboard; env = ' +
            'MCP_API_KEY(S), not stored. Dashboard sign-ins are not counted as use.',
        );
      return 0;
    }
    case 'create': {
      const name = positional[0];
      if (!name) throw new InvalidInputError('usage: memoryos keys create NAME [--admin] [--rate-limit N/SECONDS]');
      const created = await store.create({ name, admin, rate_limit: rateLimit });
      console.log(
        `Created key "${created.info.name}"${admin ? ' (admin)' : ''}. It is shown this once; only its hash is stored:\n\n  ${created.key}\n`,
      );
      return 0;
    }
    case 'revoke': {
      const name = positional[0];
      if (!name) throw new InvalidInputError('usage: memoryos keys revoke NAME');
      await store.revoke(name);
      console.log(
        `Revoked key "${name}". Clients using it are refused from now on (a running server notices within a few seconds).`,
      );
      return 0;
    }
    default:
      throw new InvalidInputError(
        'usage: memoryos keys list | create NAME [--admin] [--rate-limit N/SECONDS] | revoke NAME',
      );
  }
}
