// `memoryos migrate-to-postgres`: moves a data folder's keys and every user's memories into the
// PostgreSQL of a team server (DATABASE_URL). It only reads the folder, so it may run beside a
// server; run it again at any time (after an interruption, too): what is already there is skipped.
import { resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { InvalidInputError } from '../errors.js';
import { runningServer } from '../memory/dataLock.js';
import { listUserStores } from '../memory/service.js';
import { moveUserMemories } from '../memory/store/postgres/fromSqlite.js';
import { openDatabase } from '../postgres/teamStores.js';
import { readStoredKeys, transferKeys } from '../postgres/transfer.js';
import { createLogger } from '../server/logger.js';

export async function runMigrateToPostgres(args: string[]): Promise<number> {
  const { config } = loadConfig(args);
  if (!config.databaseUrl)
    throw new InvalidInputError(
      'migrate-to-postgres needs the database: --database-url postgres://USER:PASSWORD@HOST:PORT/DATABASE ' +
        '(or DATABASE_URL)',
    );
  const folder = resolve(config.dataDir);
  const server = runningServer(folder);
  if (server)
    console.log(
      `Warning: a server (pid ${server.pid}, ${server.url}) still uses ${folder}; what it adds after this run ` +
        'stays behind. Stop it, then run this again: a second run only adds what is missing.',
    );
  const db = await openDatabase(config.databaseUrl, createLogger('warn'));
  try {
    const keys = await transferKeys(db, readStoredKeys(folder));
    console.log(
      `Keys from ${folder} to PostgreSQL at ${db.where}: ${keys.moved.length} moved, ` +
        `${keys.present.length} already there.`,
    );
    for (const name of keys.conflicting)
      console.log(
        `  "${name}": the database has another key of that name; kept it (rename one of them and run this again).`,
      );
    console.log(
      '  Keys from MCP_API_KEY/MCP_API_KEYS are not in the folder: give the replicas the same environment.\n' +
        '  settings.json holds per-process settings (host, port, models): give them to each replica instead.',
    );
    const users = listUserStores(folder);
    console.log(`Memories of ${users.length} user(s):`);
    let pages = 0;
    const started = performance.now();
    for (const user of users) {
      const moved = await moveUserMemories(db, folder, user);
      const a = moved.added;
      pages += a.pages;
      console.log(
        `  ${user}: ${a.pages} pages, ${a.segments} segments, ${a.knowledge} knowledge, ${a.profile} profile ` +
          `versions, ${a.vectors} vectors, ${a.jobs} jobs moved; ${moved.present} rows already there` +
          (moved.renumbered ? `; ${moved.renumbered} renumbered after the database's own` : ''),
      );
    }
    const seconds = (performance.now() - started) / 1000;
    if (pages > 0) console.log(`  ${pages} pages in ${seconds.toFixed(1)} s (${Math.round(pages / seconds)} pages/s).`);
    return keys.conflicting.length ? 1 : 0;
  } finally {
    await db.close();
  }
}
