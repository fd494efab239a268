// The `embeddings` table: one vector per page, segment or knowledge entry, tagged with the embedder
// that made it. The in-memory indexes (vectorIndex.ts) are loaded from here and kept in step by
// main/memory/vectors.ts.
import { vectorToBlob, type OwnerKind, type StoredVector } from '../rows.js';
import type { Db } from './database.js';

export function put(db: Db, kind: OwnerKind, id: string, embedder: string, v: Float32Array): void {
  db.prepare(
    'INSERT OR REPLACE INTO embeddings (owner_kind, owner_id, embedder, dim, vector) VALUES (?, ?, ?, ?, ?)',
  ).run(kind, id, embedder, v.length, vectorToBlob(v));
}

export function drop(db: Db, kind: OwnerKind, id: string): void {
  db.prepare('DELETE FROM embeddings WHERE owner_kind = ? AND owner_id = ?').run(kind, id);
}

export function count(db: Db, kind: OwnerKind, embedder: string): number {
  return (
    db.prepare('SELECT count(*) AS n FROM embeddings WHERE owner_kind = ? AND embedder = ?').get(kind, embedder) as {
      n: number;
    }
  ).n;
}

/** The stored blobs of one kind and embedder, streamed (no array of every row). */
export function load(db: Db, kind: OwnerKind, embedder: string): { count: number; rows: Iterable<StoredVector> } {
  return {
    count: count(db, kind, embedder),
    rows: db
      .prepare('SELECT owner_id AS id, vector FROM embeddings WHERE owner_kind = ? AND embedder = ?')
      .iterate(kind, embedder) as IterableIterator<StoredVector>,
  };
}

/** SQL condition: row `t` of a table has no vector of the given embedder (the parameter). */
export const lacksVector = (kind: OwnerKind) =>
  `NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.owner_kind = '${kind}' AND e.owner_id = t.id AND e.embedder = ?)`;
