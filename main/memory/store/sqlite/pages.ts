// The `pages` table and its full-text index `pages_fts` (body: the exchange; context: what the page
// sits in, at a lower weight), and the chain pointer to the last page evicted from short-term memory.
import type { FoundPage, PageBody, PageContent, PageFilter, PageRow, Placement, TextHit } from '../rows.js';
import { pageBody } from '../rows.js';
import type { Db } from './database.js';
import * as embeddings from './embeddings.js';
import * as segments from './segments.js';

/** bm25 weights of pages_fts's columns (id, body, context): a page's own words count most. */
const BM25 = 'bm25(pages_fts, 0.0, 1.0, 0.4)';

// Reads

export function get(db: Db, id: string): PageRow | undefined {
  return db.prepare('SELECT * FROM pages WHERE id = ?').get(id) as PageRow | undefined;
}

export function exists(db: Db, id: string): boolean {
  return !!db.prepare('SELECT 1 FROM pages WHERE id = ?').get(id);
}

export function count(db: Db, tier?: 'short' | 'mid'): number {
  const row = tier
    ? db.prepare('SELECT count(*) AS n FROM pages WHERE tier = ?').get(tier)
    : db.prepare('SELECT count(*) AS n FROM pages').get();
  return (row as { n: number }).n;
}

/** Short-term pages, oldest first. */
export function shortTerm(db: Db): PageRow[] {
  return db.prepare("SELECT * FROM pages WHERE tier = 'short' ORDER BY seq").all() as PageRow[];
}

/**
 * Newest first by when each exchange happened (its timestamp, which an import or a client may set in
 * the past), then by when it was stored: a timeline by day never shows the same day twice.
 */
export function list(db: Db, offset: number, limit: number, tier?: 'short' | 'mid'): PageRow[] {
  return (
    tier
      ? db
          .prepare('SELECT * FROM pages WHERE tier = ? ORDER BY ts_ms DESC, seq DESC LIMIT ? OFFSET ?')
          .all(tier, limit, offset)
      : db.prepare('SELECT * FROM pages ORDER BY ts_ms DESC, seq DESC LIMIT ? OFFSET ?').all(limit, offset)
  ) as PageRow[];
}

/** A segment's pages in the order they were added. */
export function ofSegment(db: Db, segmentId: string, offset = 0, limit = -1): PageRow[] {
  return db
    .prepare('SELECT * FROM pages WHERE segment_id = ? ORDER BY seq LIMIT ? OFFSET ?')
    .all(segmentId, limit, offset) as PageRow[];
}

export function countOfSegment(db: Db, segmentId: string): number {
  return (db.prepare('SELECT count(*) AS n FROM pages WHERE segment_id = ?').get(segmentId) as { n: number }).n;
}

export function unanalysedOfSegment(db: Db, segmentId: string): PageRow[] {
  return db
    .prepare('SELECT * FROM pages WHERE segment_id = ? AND analyzed = 0 ORDER BY seq')
    .all(segmentId) as PageRow[];
}

/** The pages added just before and just after one, whatever their tier. */
export function adjacent(db: Db, seq: number): { prev?: PageRow; next?: PageRow } {
  return {
    prev: db.prepare('SELECT * FROM pages WHERE seq < ? ORDER BY seq DESC LIMIT 1').get(seq) as PageRow | undefined,
    next: db.prepare('SELECT * FROM pages WHERE seq > ? ORDER BY seq ASC LIMIT 1').get(seq) as PageRow | undefined,
  };
}

const FOUND =
  'p.id, p.user_input, p.agent_response, p.timestamp, p.memory_type, p.tags, p.meta_info, p.segment_id, p.tier';

export function found(db: Db, ids: string[]): FoundPage[] {
  return db
    .prepare(`SELECT ${FOUND} FROM pages p WHERE p.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as FoundPage[];
}

export function bodies(db: Db, ids: string[]): PageBody[] {
  return db
    .prepare('SELECT id, user_input, agent_response FROM pages WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as PageBody[];
}

export function after(db: Db, seq: number, limit: number): PageRow[] {
  return db.prepare('SELECT * FROM pages WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as PageRow[];
}

/** Pages without a vector of the given embedder, oldest first. */
export function lackingVector(db: Db, embedder: string, limit: number): PageRow[] {
  return db
    .prepare(`SELECT t.* FROM pages t WHERE ${embeddings.lacksVector('page')} ORDER BY t.seq LIMIT ?`)
    .all(embedder, limit) as PageRow[];
}

/** Stemmed term -> number of pages holding it, from the full-text index's vocabulary. */
export function termDocCounts(db: Db): [string, number][] {
  return db.prepare('SELECT term, doc FROM pages_fts_vocab').raw().all() as [string, number][];
}

export function lastEvicted(db: Db): string | undefined {
  return (db.prepare("SELECT value FROM state WHERE key = 'last_evicted_page'").get() as { value: string } | undefined)
    ?.value;
}

// Retrieval

interface Sql {
  sql: string;
  params: unknown[];
}

function where(f: PageFilter): Sql {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (f.memoryType !== undefined) {
    clauses.push('p.memory_type = ?');
    params.push(f.memoryType);
  }
  for (const tag of f.tags ?? []) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(p.tags) WHERE value = ?)');
    params.push(tag);
  }
  if (f.sinceMs !== undefined) {
    clauses.push('p.ts_ms >= ?');
    params.push(f.sinceMs);
  }
  if (f.untilMs !== undefined) {
    clauses.push('p.ts_ms <= ?');
    params.push(f.untilMs);
  }
  if (f.windows && f.windows.length > 0) {
    clauses.push(`(${f.windows.map(() => '(p.ts_ms BETWEEN ? AND ?)').join(' OR ')})`);
    params.push(...f.windows.flatMap((w) => [w.fromMs, w.toMs]));
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

/** Ordering by distance in time to the nearest of some moments. */
function closestTo(moments: number[]): Sql {
  // min() with one argument is SQLite's aggregate, hence the single-moment form.
  return {
    sql: moments.length === 1 ? 'abs(p.ts_ms - ?)' : `min(${moments.map(() => 'abs(p.ts_ms - ?)').join(', ')})`,
    params: moments,
  };
}

/** An FTS5 MATCH expression for any of the words: each a quoted term (a phrase if it holds several), OR-ed. */
export function fts5AnyOf(ws: string[]): string {
  return ws.map((w) => `"${w.replace(/"/g, '')}"`).join(' OR ');
}

/**
 * The best pages for any of the words under a filter, with their bm25 scores (lower is better),
 * ties broken by closeness to `moments`. Without a filter the FTS table alone answers (its id
 * column), with no join per match.
 */
export function match(db: Db, words: string[], filter: PageFilter, limit: number, moments?: number[]): TextHit[] {
  if (words.length === 0) return [];
  const ftsMatch = fts5AnyOf(words);
  const w = where(filter);
  const tie = moments && moments.length > 0 ? closestTo(moments) : undefined;
  const order = tie ? `s, ${tie.sql}` : 's';
  const sql =
    w.params.length > 0
      ? `SELECT p.id, ${BM25} AS s FROM pages_fts f JOIN pages p ON p.seq = f.rowid WHERE pages_fts MATCH ? AND ${w.sql} ORDER BY ${order} LIMIT ${limit}`
      : `SELECT f.id, ${BM25} AS s FROM pages_fts f WHERE pages_fts MATCH ? ORDER BY ${order} LIMIT ${limit}`;
  return db.prepare(sql).all(ftsMatch, ...w.params, ...(tie?.params ?? [])) as TextHit[];
}

/** Pages under a filter, closest in time to `moments` first. */
export function closest(db: Db, filter: PageFilter, moments: number[], limit: number): string[] {
  const w = where(filter);
  const c = closestTo(moments);
  return (
    db
      .prepare(`SELECT p.id FROM pages p WHERE ${w.sql} ORDER BY ${c.sql} LIMIT ${limit}`)
      .all(...w.params, ...c.params) as { id: string }[]
  ).map((r) => r.id);
}

export function idsWhere(db: Db, filter: PageFilter): Set<string> {
  const w = where(filter);
  return new Set(
    (db.prepare(`SELECT p.id FROM pages p WHERE ${w.sql}`).all(...w.params) as { id: string }[]).map((r) => r.id),
  );
}

/** The newest short-term pages under a filter, newest first. */
export function newestShortTerm(db: Db, filter: PageFilter, limit: number): FoundPage[] {
  const w = where(filter);
  return db
    .prepare(`SELECT ${FOUND} FROM pages p WHERE p.tier = 'short' AND ${w.sql} ORDER BY p.seq DESC LIMIT ?`)
    .all(...w.params, limit) as FoundPage[];
}

// Writes

function nextSeq(db: Db): number {
  return ((db.prepare('SELECT max(seq) AS m FROM pages').get() as { m: number | null }).m ?? 0) + 1;
}

/** A new short-term page, found by its own words until it is indexed with its context; returns its seq. */
export function insert(db: Db, page: PageRow): number {
  const row = { ...page, seq: nextSeq(db) };
  db.prepare(
    `INSERT INTO pages (id, seq, user_input, agent_response, timestamp, ts_ms, memory_type, tags, tier, meta_info,
       segment_id, pre_page, next_page, analyzed, created_at, updated_at)
     VALUES (@id, @seq, @user_input, @agent_response, @timestamp, @ts_ms, @memory_type, @tags, @tier, @meta_info,
       @segment_id, @pre_page, @next_page, @analyzed, @created_at, @updated_at)`,
  ).run(row);
  writeIndex(db, row.seq, row.id, pageBody(row), '');
  return row.seq;
}

/** Replaces a page's full-text row. */
export function writeIndex(db: Db, seq: number, id: string, body: string, context: string): void {
  db.prepare('DELETE FROM pages_fts WHERE rowid = ?').run(seq);
  db.prepare('INSERT INTO pages_fts (rowid, id, body, context) VALUES (?, ?, ?, ?)').run(seq, id, body, context);
}

export function updateContent(db: Db, id: string, c: PageContent): void {
  db.prepare(
    `UPDATE pages SET user_input = @user_input, agent_response = @agent_response, memory_type = @memory_type,
       tags = @tags, timestamp = @timestamp, ts_ms = @ts_ms, updated_at = @updated_at WHERE id = @id`,
  ).run({ ...c, id });
}

/** Moves a short-term page into a segment, chained after `prePage` when it continues it. */
export function place(db: Db, id: string, p: Placement): void {
  db.prepare(
    "UPDATE pages SET tier = 'mid', segment_id = ?, meta_info = ?, pre_page = ?, updated_at = ? WHERE id = ?",
  ).run(p.segmentId, p.metaInfo, p.prePage, p.updatedAt, id);
  if (p.prePage) db.prepare('UPDATE pages SET next_page = ? WHERE id = ?').run(id, p.prePage);
}

export function setLastEvicted(db: Db, id: string): void {
  db.prepare("INSERT OR REPLACE INTO state (key, value) VALUES ('last_evicted_page', ?)").run(id);
}

export function markAnalyzed(db: Db, ids: string[]): void {
  const mark = db.prepare('UPDATE pages SET analyzed = 1 WHERE id = ?');
  for (const id of ids) mark.run(id);
}

/**
 * Removes a page and everything that points at it: its chain neighbours are linked to each other,
 * its full-text row and vector go, the last-evicted pointer is cleared if it named it, and a segment
 * left without pages goes too. Returns the removed page and the emptied segment (null if none), or
 * undefined when there was no such page. Call inside the caller's transaction.
 */
export function remove(db: Db, id: string): { page: PageRow; emptiedSegment: string | null } | undefined {
  const page = get(db, id);
  if (!page) return undefined;
  if (page.pre_page) db.prepare('UPDATE pages SET next_page = ? WHERE id = ?').run(page.next_page, page.pre_page);
  if (page.next_page) db.prepare('UPDATE pages SET pre_page = ? WHERE id = ?').run(page.pre_page, page.next_page);
  db.prepare('DELETE FROM pages_fts WHERE rowid = ?').run(page.seq);
  embeddings.drop(db, 'page', page.id);
  db.prepare('DELETE FROM pages WHERE id = ?').run(page.id);
  db.prepare("DELETE FROM state WHERE key = 'last_evicted_page' AND value = ?").run(page.id);
  let emptiedSegment: string | null = null;
  if (page.segment_id && countOfSegment(db, page.segment_id) === 0) {
    segments.remove(db, page.segment_id);
    emptiedSegment = page.segment_id;
  }
  return { page, emptiedSegment };
}
