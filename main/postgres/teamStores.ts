// Everything replicas of a team server share, opened from DATABASE_URL: the connection pool (after
// the migrations), the keys, the rate-limit windows and the authentication-failure throttle (one
// window table, their names never overlap), the session registry and the default rate limit.
import type { ServerConfig } from '../../shared/config.js';
import { connectDatabase, type Database, type Log } from './database.js';
import { PgKeyStore } from './keyStore.js';
import { migrate } from './migrations.js';
import { PgRateLimits } from './rateLimits.js';
import { PgSessions } from './sessions.js';
import { PgWindowStore } from './windowStore.js';

export interface TeamStores {
  database: Database;
  keys: PgKeyStore;
  windows: PgWindowStore;
  sessions: PgSessions;
  rateLimits: PgRateLimits;
  close(): Promise<void>;
}

/** Connects and migrates; a database that cannot be reached is an AppError('unavailable') naming it. */
export async function openDatabase(url: string, log: Log): Promise<Database> {
  const database = await connectDatabase({ url, log });
  try {
    const { from, to } = await migrate(database);
    if (from !== to) log('info', 'database schema migrated', { database: database.where, from, to });
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}

export async function openTeamStores(
  config: Pick<ServerConfig, 'databaseUrl' | 'apiKey' | 'apiKeys' | 'adminKeyNames' | 'rateLimit'>,
  log: Log,
): Promise<TeamStores> {
  if (!config.databaseUrl) throw new Error('openTeamStores needs DATABASE_URL');
  const database = await openDatabase(config.databaseUrl, log);
  const opened: { close(): unknown }[] = [];
  try {
    const keys = await PgKeyStore.open(database, { config, log });
    opened.push(keys);
    const rateLimits = await PgRateLimits.open(database, config.rateLimit, (msg, fields) => log('warn', msg, fields));
    opened.push(rateLimits);
    const windows = new PgWindowStore(database);
    log('info', 'team server: keys, sessions and rate limits are in PostgreSQL', { database: database.where });
    return {
      database,
      keys,
      windows,
      sessions: new PgSessions(database),
      rateLimits,
      async close() {
        windows.close();
        rateLimits.close();
        await keys.close();
        await database.close();
      },
    };
  } catch (err) {
    for (const part of opened) await part.close();
    await database.close();
    throw err;
  }
}
