// The `knowledge` table (user facts and assistant knowledge, long-term memory) and its full-text
// index `knowledge_fts`.
import type { KnowledgeKind } from '../../../../shared/memory.js';
import type { KnowledgeRow } from '../rows.js';
import type { Db } from './database.js';
import * as embeddings from './embeddings.js';
import { fts5AnyOf } from './pages.js';

// Reads

export function get(db: Db, id: string): KnowledgeRow | undefined {
  return db.prepare('SELECT * FROM knowledge WHERE id = ?').get(id) as KnowledgeRow | undefined;
}

export function count(db: Db, kind?: KnowledgeKind): number {
  const row = kind
    ? db.prepare('SELECT count(*) AS n FROM knowledge WHERE kind = ?').get(kind)
    : db.prepare('SELECT count(*) AS n FROM knowledge').get();
  return (row as { n: number }).n;
}

/** Newest first. */
export function list(db: Db, kind: KnowledgeKind, offset: number, limit: number): KnowledgeRow[] {
  return db
    .prepare('SELECT * FROM knowledge WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?')
    .all(kind, limit, offset) as KnowledgeRow[];
}

/** The entries of a kind beyond the newest `keep`. */
export function beyond(db: Db, kind: KnowledgeKind, keep: number): string[] {
  return (
    db
      .prepare('SELECT id FROM knowledge WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?')
      .all(kind, keep) as { id: string }[]
  ).map((r) => r.id);
}

export function all(db: Db): KnowledgeRow[] {
  return db.prepare('SELECT * FROM knowledge ORDER BY created_at, rowid').all() as KnowledgeRow[];
}

export function byIds(db: Db, ids: string[]): KnowledgeRow[] {
  return db
    .prepare('SELECT * FROM knowledge WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as KnowledgeRow[];
}

export function kindsOf(db: Db, ids: string[]): Map<string, KnowledgeKind> {
  const rows = db
    .prepare('SELECT id, kind FROM knowledge WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as { id: string; kind: KnowledgeKind }[];
  return new Map(rows.map((r) => [r.id, r.kind]));
}

/** Ids of the best full-text matches of any of the words, best first. */
export function match(db: Db, words: string[], limit: number): string[] {
  if (words.length === 0) return [];
  return (
    db
      .prepare(`SELECT id FROM knowledge_fts WHERE knowledge_fts MATCH ? ORDER BY rank LIMIT ${limit}`)
      .all(fts5AnyOf(words)) as { id: string }[]
  ).map((r) => r.id);
}

export function lackingVector(db: Db, embedder: string, limit: number): KnowledgeRow[] {
  return db
    .prepare(`SELECT t.* FROM knowledge t WHERE ${embeddings.lacksVector('knowledge')} LIMIT ?`)
    .all(embedder, limit) as KnowledgeRow[];
}

// Writes

/** Adds an entry and its full-text row; false when its id, or the same text of the same kind, exists. */
export function insert(db: Db, r: KnowledgeRow): boolean {
  const res = db
    .prepare(
      'INSERT OR IGNORE INTO knowledge (id, kind, text, source_page_ids, created_at) VALUES (@id, @kind, @text, @source_page_ids, @created_at)',
    )
    .run(r);
  if (res.changes === 0) return false;
  db.prepare('INSERT INTO knowledge_fts (id, text) VALUES (?, ?)').run(r.id, r.text);
  return true;
}

export function updateText(db: Db, id: string, text: string): void {
  db.prepare('UPDATE knowledge SET text = ? WHERE id = ?').run(text, id);
  db.prepare('DELETE FROM knowledge_fts WHERE id = ?').run(id);
  db.prepare('INSERT INTO knowledge_fts (id, text) VALUES (?, ?)').run(id, text);
}

/** Removes an entry, its full-text row and its vector; false when there was none. */
export function remove(db: Db, id: string): boolean {
  db.prepare('DELETE FROM knowledge_fts WHERE id = ?').run(id);
  embeddings.drop(db, 'knowledge', id);
  return db.prepare('DELETE FROM knowledge WHERE id = ?').run(id).changes > 0;
}
