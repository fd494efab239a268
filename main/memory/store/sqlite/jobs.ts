// The `jobs` table: the persisted queue of background work (consolidate, analyze, reembed, compact).
import type { JobKind, JobRow } from '../rows.js';
import type { Db } from './database.js';

/** Queues a job unless one of its kind is already waiting. */
export function enqueue(db: Db, kind: JobKind, createdAt: string): void {
  if (!db.prepare('SELECT 1 FROM jobs WHERE kind = ?').get(kind))
    db.prepare('INSERT INTO jobs (kind, created_at) VALUES (?, ?)').run(kind, createdAt);
}

/** The oldest queued job (one process owns the file: nobody else runs it). */
export function claim(db: Db): JobRow | undefined {
  return db.prepare('SELECT id, kind, attempts FROM jobs ORDER BY id LIMIT 1').get() as JobRow | undefined;
}

export function count(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n;
}

export function remove(db: Db, id: number): void {
  db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
}

export function release(db: Db, id: number, attempts: number): void {
  db.prepare('UPDATE jobs SET attempts = ? WHERE id = ?').run(attempts, id);
}
