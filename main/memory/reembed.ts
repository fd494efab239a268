// A change of embedder (provider, model or size: its id) leaves stored vectors of the old one, which
// the indexes no longer load. This job embeds again, in batches off the request path, every page,
// segment and knowledge entry without a vector of the current embedder; each batch commits on its
// own, so a restart resumes where it stopped. Until it is done, the pages still waiting are found
// by full-text search. Progress is the number left (counts().vectors_pending, shown in the dashboard).
// The job's own selection asks the store which rows lack a vector; the count of what is left comes
// from the in-memory indexes.
import type { MemoryContext } from './context.js';
import { prepareIndex, writeIndex } from './pageIndex.js';
import { inTransaction } from './store/database.js';
import * as jobs from './store/jobs.js';
import * as knowledge from './store/knowledge.js';
import * as pages from './store/pages.js';
import * as segments from './store/segments.js';
import { putVector } from './vectors.js';
import type { WriteLock } from './writeLock.js';

const BATCH = 64;

/**
 * How many pages, segments and knowledge entries still lack a vector of the current embedder: rows
 * less the vectors the indexes hold (loaded at open for this embedder only, kept in step by every
 * write since), so it costs three counts, not a scan of every row.
 */
export function vectorsPending(ctx: MemoryContext): number {
  return (
    Math.max(0, pages.count(ctx.db) - ctx.pages.size) +
    Math.max(0, segments.count(ctx.db) - ctx.segments.size) +
    Math.max(0, knowledge.count(ctx.db) - ctx.knowledge.size)
  );
}

/** Embeds one batch; false when nothing was left. */
async function step(ctx: MemoryContext, lock: WriteLock): Promise<boolean> {
  const id = ctx.embedder.id;
  const waiting = pages.lackingVector(ctx.db, id, BATCH);
  if (waiting.length > 0) {
    const prepared = await prepareIndex(ctx, waiting);
    await lock.run(() => inTransaction(ctx.db, () => writeIndex(ctx, prepared)));
    return true;
  }
  const segs = segments.lackingVector(ctx.db, id, BATCH);
  const entries = knowledge.lackingVector(ctx.db, id, BATCH);
  if (segs.length + entries.length === 0) return false;
  const vectors = await ctx.embedder.embed([
    ...segs.map((s) => segments.segmentText(s.summary, segments.keywordsOf(s))),
    ...entries.map((k) => k.text),
  ]);
  await lock.run(() =>
    inTransaction(ctx.db, () => {
      segs.forEach((s, i) => segments.get(ctx.db, s.id) && putVector(ctx, 'segment', s.id, vectors[i]!));
      entries.forEach(
        (k, i) => knowledge.get(ctx.db, k.id) && putVector(ctx, 'knowledge', k.id, vectors[segs.length + i]!),
      );
    }),
  );
  return true;
}

export async function reembed(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  const total = vectorsPending(ctx);
  if (total > 0)
    ctx.log('info', 're-embedding memories for a new embedder', {
      user: ctx.user,
      embedder: ctx.embedder.id,
      pending: total,
    });
  while (await step(ctx, lock)) {
    // one batch per turn of the event loop, so requests are served in between
    await new Promise((r) => setImmediate(r));
  }
  jobs.remove(ctx.db, jobId);
  if (total > 0) ctx.log('info', 're-embedding done', { user: ctx.user, embedder: ctx.embedder.id, embedded: total });
}
