// Everything one user's memory works with, passed to the parts (records, consolidation, retrieval).
import type { MemorySettings } from '../../shared/config.js';
import type { Embedder } from './embed/types.js';
import type { MemoryLlm } from './llm/types.js';
import type { Db } from './store/database.js';
import type { TermStats } from './termStats.js';
import { VectorIndex } from './vectorIndex.js';

export type Log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface MemoryContext {
  user: string;
  file: string;
  db: Db;
  settings: MemorySettings;
  embedder: Embedder;
  llm: MemoryLlm;
  pages: VectorIndex;
  segments: VectorIndex;
  knowledge: VectorIndex;
  /** Document frequencies of the page index's terms, for query pruning and feedback. */
  terms: TermStats;
  now: () => number;
  log: Log;
}

export type OwnerKind = 'page' | 'segment' | 'knowledge';

export function vectorToBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function indexFor(ctx: MemoryContext, kind: OwnerKind): VectorIndex {
  return kind === 'page' ? ctx.pages : kind === 'segment' ? ctx.segments : ctx.knowledge;
}

/** Stores a vector and keeps the in-memory index in step. Call inside the caller's transaction. */
export function putVector(ctx: MemoryContext, kind: OwnerKind, id: string, v: Float32Array): void {
  ctx.db
    .prepare('INSERT OR REPLACE INTO embeddings (owner_kind, owner_id, embedder, dim, vector) VALUES (?, ?, ?, ?, ?)')
    .run(kind, id, ctx.embedder.id, v.length, vectorToBlob(v));
  indexFor(ctx, kind).upsert(id, v);
}

export function dropVector(ctx: MemoryContext, kind: OwnerKind, id: string): void {
  ctx.db.prepare('DELETE FROM embeddings WHERE owner_kind = ? AND owner_id = ?').run(kind, id);
  indexFor(ctx, kind).remove(id);
}

export function loadIndexes(ctx: MemoryContext): void {
  for (const kind of ['page', 'segment', 'knowledge'] as const) {
    // Streamed straight into the index's matrix: no array of all rows, no Float32Array per row
    // (at 100k pages those copies tripled the memory the index needs while loading).
    const count = (
      ctx.db
        .prepare('SELECT count(*) AS n FROM embeddings WHERE owner_kind = ? AND embedder = ?')
        .get(kind, ctx.embedder.id) as { n: number }
    ).n;
    const rows = ctx.db
      .prepare('SELECT owner_id AS id, vector FROM embeddings WHERE owner_kind = ? AND embedder = ?')
      .iterate(kind, ctx.embedder.id) as IterableIterator<{ id: string; vector: Buffer }>;
    indexFor(ctx, kind).loadBlobs(rows, count);
  }
}

export function newIndexes(dimensions: number): Pick<MemoryContext, 'pages' | 'segments' | 'knowledge'> {
  return {
    pages: new VectorIndex(dimensions),
    segments: new VectorIndex(dimensions),
    knowledge: new VectorIndex(dimensions),
  };
}

/** The text a page is embedded and indexed by. */
export function pageBody(p: { user_input: string; agent_response: string }): string {
  return `${p.user_input}\n${p.agent_response}`;
}

/** Blend of a page's own vector with its context's, so a page can be found by its neighbours' words. */
export function blend(own: Float32Array, context: Float32Array | undefined, weight: number): Float32Array {
  if (!context) return own;
  const v = new Float32Array(own.length);
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = own[i]! + weight * context[i]!;
    norm += v[i]! * v[i]!;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
