// Stored vectors and the in-memory indexes searched at retrieval, kept in step: every vector
// written or dropped goes through here. Where other processes write the same store (replicas of a
// team server on PostgreSQL), `catchUp` applies what they changed since this process last looked.
import type { MemoryContext } from './context.js';
import type { OwnerKind } from './store/rows.js';
import type { ReadTables, Tables } from './store/types.js';
import type { VectorIndex } from './vectorIndex.js';

function indexFor(ctx: MemoryContext, kind: OwnerKind): VectorIndex {
  return kind === 'page' ? ctx.pages : kind === 'segment' ? ctx.segments : ctx.knowledge;
}

/** The store's vector revision the indexes reflect. */
const revisionOf = new WeakMap<MemoryContext, number>();

/** Stores a vector and updates its index. Call inside the caller's transaction. */
export async function putVector(ctx: MemoryContext, tx: Tables, kind: OwnerKind, id: string, v: Float32Array) {
  await tx.embeddings.put(kind, id, ctx.embedder.id, v);
  indexFor(ctx, kind).upsert(id, v);
}

/** Takes out of the index a vector whose row the store has removed. */
export function unindex(ctx: MemoryContext, kind: OwnerKind, id: string): void {
  indexFor(ctx, kind).remove(id);
}

/** Loads each index with the current embedder's vectors. */
export async function loadIndexes(ctx: MemoryContext): Promise<void> {
  // Read first: whatever is written while loading is applied again by the next catchUp.
  const rev = await ctx.store.embeddings.revision();
  for (const kind of ['page', 'segment', 'knowledge'] as const) {
    // Streamed straight into the index's matrix: no array of all rows, no Float32Array per row
    // (at 100k pages those copies tripled the memory the index needs while loading).
    const { count, rows } = await ctx.store.embeddings.load(kind, ctx.embedder.id);
    indexFor(ctx, kind).loadBlobs(rows, count);
  }
  revisionOf.set(ctx, rev);
}

/**
 * Brings the indexes up to what the store holds when another process may have written it: the
 * vectors put and dropped since the last look, or everything again when the store's change log no
 * longer reaches back that far. Nothing to do for a store only this process writes.
 */
export async function catchUp(ctx: MemoryContext, r: ReadTables): Promise<void> {
  const since = revisionOf.get(ctx) ?? 0;
  const found = await r.embeddings.changes(since);
  if (!found) return loadIndexes(ctx);
  if (found.rev <= since) return;
  for (const c of found.changes) {
    const index = indexFor(ctx, c.kind);
    if (!c.vector) index.remove(c.id);
    else if (c.embedder === ctx.embedder.id) index.upsertBlob(c.id, c.vector);
  }
  revisionOf.set(ctx, found.rev);
}
