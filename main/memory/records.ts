// Writes that change a row together with its vector and what points at it, each written once and
// used by every caller (deletes, eviction, knowledge from analysis and from imports). Call inside
// the caller's transaction, with its tables.
import type { MemoryContext } from './context.js';
import type { KnowledgeRow } from './store/rows.js';
import type { Tables } from './store/types.js';
import { putVector, unindex } from './vectors.js';

/** Removes a page with its links, index entries, and its segment if it was the last page there. */
export async function removePage(ctx: MemoryContext, tx: Tables, id: string): Promise<boolean> {
  const removed = await tx.pages.remove(id);
  if (!removed) return false;
  unindex(ctx, 'page', id);
  if (removed.emptiedSegment) unindex(ctx, 'segment', removed.emptiedSegment);
  return true;
}

/** Removes a segment by removing its pages (the last one takes the segment with it). */
export async function removeSegment(ctx: MemoryContext, tx: Tables, segmentId: string): Promise<number> {
  const ids = (await tx.pages.ofSegment(segmentId)).map((p) => p.id);
  for (const id of ids) await removePage(ctx, tx, id);
  if (ids.length === 0) {
    await tx.segments.remove(segmentId);
    unindex(ctx, 'segment', segmentId);
  }
  return ids.length;
}

export async function addKnowledge(
  ctx: MemoryContext,
  tx: Tables,
  row: KnowledgeRow,
  vector: Float32Array,
): Promise<boolean> {
  if (!(await tx.knowledge.insert(row))) return false;
  await putVector(ctx, tx, 'knowledge', row.id, vector);
  return true;
}

export async function removeKnowledge(ctx: MemoryContext, tx: Tables, id: string): Promise<boolean> {
  const removed = await tx.knowledge.remove(id);
  unindex(ctx, 'knowledge', id);
  return removed;
}
