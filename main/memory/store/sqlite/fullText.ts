// Upkeep of the two FTS5 indexes (pages_fts, knowledge_fts). Every write transaction adds a small
// index segment, and a query reads every segment for each of its terms; FTS5's own merging keeps
// up to four segments per level, which left queries of a store filled one add at a time a third
// slower than over a merged index.
import type { FullTextIndex } from '../rows.js';
import type { Db } from './database.js';

/**
 * One bounded step of merging the index's segments into one (FTS5's 'merge' command with a
 * negative budget: up to `pages` leaf pages written). False when there was nothing left to merge:
 * FTS5 counts two or more changes for a merge that did work, one for a no-op.
 */
export function mergeStep(db: Db, index: FullTextIndex, pages: number): boolean {
  const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const before = changes();
  db.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('merge', ?)`).run(-pages);
  return changes() - before >= 2;
}

/** The index's stored blocks (leaf pages and their structure), about its size in pages. */
export function leafPages(db: Db, index: FullTextIndex): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${index}_data`).get() as { n: number }).n;
}
