// A replica's data folder keeps only its own settings and statistics: its keys and memories are in
// PostgreSQL. The folder says so (team.json, where the database is, without a password), so a
// command run on it without DATABASE_URL is refused instead of writing a key no replica reads.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidInputError } from '../errors.js';
import { PRIVATE_FILE_MODE } from '../privateFs.js';
import { describeUrl } from './database.js';

const markerFile = (dataDir: string) => join(resolve(dataDir), 'team.json');

export function markTeamFolder(dataDir: string, databaseUrl: string): void {
  writeFileSync(markerFile(dataDir), `${JSON.stringify({ database: describeUrl(databaseUrl) })}\n`, {
    mode: PRIVATE_FILE_MODE,
  });
}

/** Throws when `dataDir` belongs to a team server and the command was not given its database. */
export function refuseTeamFolderWithoutDatabase(dataDir: string, command: string): void {
  if (!existsSync(markerFile(dataDir))) return;
  let database = 'PostgreSQL';
  try {
    database = `PostgreSQL at ${(JSON.parse(readFileSync(markerFile(dataDir), 'utf8')) as { database: string }).database}`;
  } catch {
    // the marker's text is only for the message
  }
  throw new InvalidInputError(
    `the data folder ${resolve(dataDir)} belongs to a team server whose keys and memories are in ${database}: ` +
      `run ${command} with DATABASE_URL=postgres://... (or --database-url), as the replicas run`,
  );
}
