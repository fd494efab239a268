// The `profile_versions` table: every version of the user's profile, newest the current one.
import type { ProfileVersion } from '../../../../shared/memory.js';
import { toProfileVersion, type ProfileRow } from '../rows.js';
import type { Db } from './database.js';

/** Newest first. */
export function history(db: Db): ProfileVersion[] {
  return (db.prepare('SELECT * FROM profile_versions ORDER BY version DESC').all() as ProfileRow[]).map(
    toProfileVersion,
  );
}

/** The current profile text ('' when there is none). */
export function current(db: Db): string {
  return (
    (
      db.prepare('SELECT text FROM profile_versions ORDER BY version DESC LIMIT 1').get() as
        { text: string } | undefined
    )?.text ?? ''
  );
}

/** Whether a version with this text and time exists (an import seen before). */
export function has(db: Db, text: string, createdAt: string): boolean {
  return !!db.prepare('SELECT 1 FROM profile_versions WHERE text = ? AND created_at = ?').get(text, createdAt);
}

export function insert(db: Db, text: string, source: ProfileVersion['source'], createdAt: string): ProfileVersion {
  const info = db
    .prepare('INSERT INTO profile_versions (text, source, created_at) VALUES (?, ?, ?)')
    .run(text, source, createdAt);
  return toProfileVersion(
    db.prepare('SELECT * FROM profile_versions WHERE version = ?').get(info.lastInsertRowid) as ProfileRow,
  );
}
