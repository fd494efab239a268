// A change of embedder (provider, model or size: its id) leaves stored vectors of the old one, which
// the indexes no longer load. This job embeds again, in batches off the request path, every page,
// segment and knowledge entry without a vector of the current embedder; each batch commits on its
// own, so a restart resumes where it stopped. Until it is done, the pages still waiting are found
// by full-text search. Progress is the number left (counts().vectors_pending, shown in the dashboard).
// The job's own selection asks the store which rows lack a vector; the count of what is left comes
// from the in-memory indexes.
import type { MemoryContext } from './context.js';
import { prepareIndex, writeIndex } from './pageIndex.js';
import { keywordsOf, segmentText } from './store/rows.js';
import type { ReadTables } from './store/types.js';
import { putVector } from './vectors.js';
import type { WriteLock } from './writeLock.js';

const BATCH = 64;

/**
 * How many pages, segments and knowledge entries still lack a vector of the current embedder: rows
 * less the vectors the indexes hold (loaded at open for this embedder only, kept in step by every
 * write since), so it costs three counts, not a scan of every row.
 */
export async function vectorsPending(ctx: MemoryContext, r: ReadTables = ctx.store): Promise<number> {
  return (
    Math.max(0, (await r.pages.count()) - ctx.pages.size) +
    Math.max(0, (await r.segments.count()) - ctx.segments.size) +
    Math.max(0, (await r.knowledge.count()) - ctx.knowledge.size)
  );
}

/** Embeds one batch; false when nothing was left. */
async function step(ctx: MemoryContext, lock: WriteLock): Promise<boolean> {
  const id = ctx.embedder.id;
  const waiting = await ctx.store.pages.lackingVector(id, BATCH);
  if (waiting.length > 0) {
    const prepared = await prepareIndex(ctx, waiting);
    await lock.run(() => ctx.store.transaction((tx) => writeIndex(ctx, tx, prepared)));
    return true;
  }
  const segs = await ctx.store.segments.lackingVector(id, BATCH);
  const entries = await ctx.store.knowledge.lackingVector(id, BATCH);
  if (segs.length + entries.length === 0) return false;
  const vectors = await ctx.embedder.embed([
    ...segs.map((s) => segmentText(s.summary, keywordsOf(s))),
    ...entries.map((k) => k.text),
  ]);
  await lock.run(() =>
    ctx.store.transaction(async (tx) => {
      for (const [i, s] of segs.entries())
        if (await tx.segments.get(s.id)) await putVector(ctx, tx, 'segment', s.id, vectors[i]!);
      for (const [i, k] of entries.entries())
        if (await tx.knowledge.get(k.id)) await putVector(ctx, tx, 'knowledge', k.id, vectors[segs.length + i]!);
    }),
  );
  return true;
}

export async function reembed(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  const total = await vectorsPending(ctx);
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
  await ctx.store.transaction((tx) => tx.jobs.remove(jobId));
  if (total > 0) ctx.log('info', 're-embedding done', { user: ctx.user, embedder: ctx.embedder.id, embedded: total });
}
