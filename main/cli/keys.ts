// `memoryos keys list|create|revoke`: manage the stored keys of a data folder.
import { InvalidInputError } from '../errors.js';
import { loadConfig } from '../config/load.js';
import { FileKeyStore } from '../security/keyStore.js';

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
  const store = new FileKeyStore({ config, generate: false });
  switch (action) {
    case 'list': {
      const rows = store.list();
      if (rows.length === 0)
        console.log('No keys yet. Start the server once, or: npm run memoryos -- keys create NAME --admin');
      for (const k of rows)
        console.log(
          `${k.name.padEnd(20)} ${`${k.prefix}…`.padEnd(9)} ${k.admin ? 'admin' : 'user '} ${k.source.padEnd(9)} ` +
            `${k.revoked ? 'REVOKED' : 'active '} ` +
            `${(k.rate_limit ? `${k.rate_limit.requests}/${k.rate_limit.windowSeconds}s` : 'default limit').padEnd(14)} ` +
            `used ${k.request_count}× last ${k.last_used_at ?? 'never'}`,
        );
      return 0;
    }
    case 'create': {
      const name = positional[0];
      if (!name) throw new InvalidInputError('usage: memoryos keys create NAME [--admin] [--rate-limit N/SECONDS]');
      const created = store.create({ name, admin, rate_limit: rateLimit });
      console.log(
        `Created key "${created.info.name}"${admin ? ' (admin)' : ''}. It is shown this once; only its hash is stored:\n\n  ${created.key}\n`,
      );
      return 0;
    }
    case 'revoke': {
      const name = positional[0];
      if (!name) throw new InvalidInputError('usage: memoryos keys revoke NAME');
      store.revoke(name);
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
