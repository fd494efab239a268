#!/usr/bin/env node
// The `memoryos` command: serve (default), keys, connect, backup, restore, migrate-to-postgres.
import { ConfigError, loadConfig } from '../config/load.js';
import { AppError } from '../errors.js';
import { helpText } from './help.js';
import { runBackup, runRestore } from './backup.js';
import { runConnect } from './connect.js';
import { runKeys } from './keys.js';
import { runMigrateToPostgres } from './migrate.js';
import { runHttp, runStdio } from './serve.js';
import { VERSION } from '../version.js';

async function main(argv: string[]): Promise<number | null> {
  const [first, ...rest] = argv;
  if (argv.includes('--help') || argv.includes('-h')) {
    if (first !== 'connect') {
      process.stdout.write(helpText());
      return 0;
    }
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  switch (first) {
    case 'keys':
      return runKeys(rest);
    case 'connect':
      return runConnect(rest);
    case 'backup':
      return runBackup(rest);
    case 'restore':
      return runRestore(rest);
    case 'migrate-to-postgres':
      return runMigrateToPostgres(rest);
    default: {
      const args = first === 'serve' ? rest : argv;
      const { config } = loadConfig(args);
      if (config.serverMode === 'stdio') await runStdio(config);
      else await runHttp(config);
      return null;
    }
  }
}

// Everything this process creates is private to its account (folders 0700, files 0600): memories
// are personal. Each writer also sets the modes itself (main/privateFs.ts); this covers the rest.
process.umask(0o077);

process.on('unhandledRejection', (err) => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'unhandled rejection', error: String((err as Error)?.message ?? err) })}\n`,
  );
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof AppError;
    process.stderr.write(`memoryos: ${known ? (err as Error).message : ((err as Error)?.stack ?? String(err))}\n`);
    process.exit(known ? 2 : 1);
  },
);
