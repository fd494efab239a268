// Writes that change a row together with its vector and what points at it, each written once and
// used by every caller (deletes, eviction, knowledge from analysis and from imports). Call inside
// the caller's transaction.
import type { MemoryContext } from './context.js';
import * as knowledge from './store/knowledge.js';
import type { KnowledgeRow } from './store/knowledge.js';
import * as pages from './store/pages.js';
import * as segments from './store/segments.js';
import { putVector, unindex } from './vectors.js';

/** Removes a page with its links, index entries, and its segment if it was the last page there. */
export function removePage(ctx: MemoryContext, id: string): boolean {
  const removed = pages.remove(ctx.db, id);
  if (!removed) return false;
  unindex(ctx, 'page', id);
  if (removed.emptiedSegment) unindex(ctx, 'segment', removed.emptiedSegment);
  return true;
}

/** Removes a segment by removing its pages (the last one takes the segment with it). */
export function removeSegment(ctx: MemoryContext, segmentId: string): number {
  const ids = pages.ofSegment(ctx.db, segmentId).map((p) => p.id);
  for (const id of ids) removePage(ctx, id);
  if (ids.length === 0) {
    segments.remove(ctx.db, segmentId);
    unindex(ctx, 'segment', segmentId);
  }
  return ids.length;
}

export function addKnowledge(ctx: MemoryContext, row: KnowledgeRow, vector: Float32Array): boolean {
  if (!knowledge.insert(ctx.db, row)) return false;
  putVector(ctx, 'knowledge', row.id, vector);
  return true;
}

export function removeKnowledge(ctx: MemoryContext, id: string): boolean {
  const removed = knowledge.remove(ctx.db, id);
  unindex(ctx, 'knowledge', id);
  return removed;
}
