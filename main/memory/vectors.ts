// Stored vectors and the in-memory indexes searched at retrieval, kept in step: every vector
// written or dropped goes through here.
import type { MemoryContext } from './context.js';
import * as embeddings from './store/embeddings.js';
import type { OwnerKind } from './store/embeddings.js';
import type { VectorIndex } from './vectorIndex.js';

function indexFor(ctx: MemoryContext, kind: OwnerKind): VectorIndex {
  return kind === 'page' ? ctx.pages : kind === 'segment' ? ctx.segments : ctx.knowledge;
}

/** Stores a vector and updates its index. Call inside the caller's transaction. */
export function putVector(ctx: MemoryContext, kind: OwnerKind, id: string, v: Float32Array): void {
  embeddings.put(ctx.db, kind, id, ctx.embedder.id, v);
  indexFor(ctx, kind).upsert(id, v);
}

/** Takes out of the index a vector whose row the store has removed. */
export function unindex(ctx: MemoryContext, kind: OwnerKind, id: string): void {
  indexFor(ctx, kind).remove(id);
}

/** Loads each index with the current embedder's vectors. */
export function loadIndexes(ctx: MemoryContext): void {
  for (const kind of ['page', 'segment', 'knowledge'] as const) {
    // Streamed straight into the index's matrix: no array of all rows, no Float32Array per row
    // (at 100k pages those copies tripled the memory the index needs while loading).
    const n = embeddings.count(ctx.db, kind, ctx.embedder.id);
    indexFor(ctx, kind).loadBlobs(embeddings.iterate(ctx.db, kind, ctx.embedder.id), n);
  }
}
