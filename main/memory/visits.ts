// Segment visits from retrieval (MemoryOS's N_visit and last-visit time, which make a segment hot),
// gathered in memory and written in one transaction at most a second later, instead of a write
// transaction per retrieve_memory. Anything that reads heat (consolidation, the segment list,
// export, backup) flushes first, and so does closing the store; a crash can lose at most the last
// second's visit counts — heat is a ranking hint, never a memory.
import type { MemoryContext } from './context.js';
import type { Tables } from './store/types.js';

const FLUSH_DELAY_MS = 1000;

interface Pending {
  visits: Map<string, { count: number; lastMs: number }>;
  timer: NodeJS.Timeout | null;
}

const pendingOf = new WeakMap<MemoryContext, Pending>();

export function recordVisits(ctx: MemoryContext, segmentIds: Iterable<string>, nowMs: number): void {
  let p = pendingOf.get(ctx);
  if (!p) pendingOf.set(ctx, (p = { visits: new Map(), timer: null }));
  for (const id of segmentIds) {
    const v = p.visits.get(id);
    if (v) {
      v.count++;
      v.lastMs = Math.max(v.lastMs, nowMs);
    } else p.visits.set(id, { count: 1, lastMs: nowMs });
  }
  if (!p.timer && p.visits.size > 0) {
    p.timer = setTimeout(() => void flushVisits(ctx), FLUSH_DELAY_MS);
    p.timer.unref();
  }
}

/**
 * Writes the gathered visits now, in the caller's transaction or in one of their own. Segments gone
 * meanwhile (merged, deleted) are skipped. On its own it never throws (visits are a hint, a failure
 * is logged); inside a caller's transaction a failure is the caller's, which rolls back and says why.
 */
export async function flushVisits(ctx: MemoryContext, tx?: Tables): Promise<void> {
  const p = pendingOf.get(ctx);
  if (!p) return;
  if (p.timer) clearTimeout(p.timer);
  p.timer = null;
  if (p.visits.size === 0 || !ctx.store.isOpen) return p.visits.clear();
  const visits = [...p.visits];
  p.visits.clear();
  try {
    if (tx) await tx.segments.addVisits(visits);
    else await ctx.store.transaction((t) => t.segments.addVisits(visits));
  } catch (err) {
    if (tx) throw err;
    ctx.log('warn', 'segment visit counts could not be saved', {
      user: ctx.user,
      segments: visits.length,
      error: (err as Error).message,
    });
  }
}
