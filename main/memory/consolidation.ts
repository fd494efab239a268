// Short-term overflow -> mid-term segments (continuity, meta info, themes), run from the job queue
// after the reply. The job's writes and its removal commit together, so a crash re-runs it from the
// start and never applies it twice.
import { randomUUID } from 'node:crypto';
import { isoNow, type MemoryContext } from './context.js';
import type { PageText, Theme } from './llm/types.js';
import { prepareIndex, writeIndex } from './pageIndex.js';
import { noteIndexWrites } from './compaction.js';
import { removeSegment } from './records.js';
import { keywordsOf, pageBody, segmentText, type PageRow, type SegmentRow } from './store/rows.js';
import type { ReadTables, Tables } from './store/types.js';
import { jaccard } from './text.js';
import { putVector } from './vectors.js';
import { flushVisits } from './visits.js';
import type { WriteLock } from './writeLock.js';

const MAX_SEGMENT_KEYWORDS = 16;

export const asText = (p: PageRow): PageText => ({
  user_input: p.user_input,
  agent_response: p.agent_response,
  timestamp: p.timestamp,
  meta_info: p.meta_info,
});

interface Placement {
  page: PageRow;
  metaInfo: string;
  prePage: string | null;
}

/** Continuity with the previous evicted page (persisted, so chains survive restarts) and meta info. */
async function chain(ctx: MemoryContext, batch: PageRow[]): Promise<Placement[]> {
  const lastId = await ctx.store.pages.lastEvicted();
  let prev = lastId ? await ctx.store.pages.get(lastId) : undefined;
  let prevMeta = prev?.meta_info ?? null;
  const out: Placement[] = [];
  for (const page of batch) {
    const continues = prev ? (await ctx.llm.continuity(asText(prev), asText(page))).value : false;
    const meta = (await ctx.llm.metaInfo(continues ? prevMeta : null, asText(page))).value;
    out.push({ page, metaInfo: meta, prePage: continues && prev ? prev.id : null });
    prev = page;
    prevMeta = meta;
  }
  return out;
}

/** A theme as a segment would hold it: the summary stored and the text embedded. */
const themeSummary = (t: Theme) => t.content || t.theme;
const themeText = (t: Theme) => segmentText(themeSummary(t), t.keywords);

export async function consolidate(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  const short = await ctx.store.pages.shortTerm();
  const excess = short.length - ctx.settings.shortTermCapacity;
  if (excess <= 0) return ctx.store.transaction((tx) => tx.jobs.remove(jobId));
  const batch = short.slice(0, excess);
  const placements = await chain(ctx, batch);
  const themes = (await ctx.llm.summarize(batch.map(asText), ctx.settings.maxThemes)).value;
  const themeVectors = await ctx.embedder.embed(themes.map(themeText));
  // Every page goes to exactly one theme (the reference inserted pages once per theme).
  const pageVectors = await ctx.embedder.embed(batch.map(pageBody));
  const themeOf = pageVectors.map((pv) => {
    let best = 0;
    let bestScore = -Infinity;
    themeVectors.forEach((tv, i) => {
      let s = 0;
      for (let j = 0; j < tv.length; j++) s += tv[j]! * pv[j]!;
      if (s > bestScore) [best, bestScore] = [i, s];
    });
    return best;
  });

  const merged = new Set<string>();
  await lock.run(() => {
    const now = ctx.now();
    return ctx.store.transaction(async (tx) => {
      for (const [ti, theme] of themes.entries()) {
        const live: Placement[] = [];
        for (const [i, m] of placements.entries())
          if (themeOf[i] === ti && (await tx.pages.get(m.page.id))?.tier === 'short') live.push(m);
        if (live.length === 0) continue;
        const placed = await placeInSegment(ctx, tx, theme, themeVectors[ti]!, live.length, now);
        if (placed.merged) merged.add(placed.id);
        for (const m of live)
          await tx.pages.place(m.page.id, {
            segmentId: placed.id,
            metaInfo: m.metaInfo,
            prePage: m.prePage,
            updatedAt: new Date(now).toISOString(),
          });
      }
      await tx.pages.setLastEvicted(batch[batch.length - 1]!.id);
      await evictColdSegments(ctx, tx, now);
      if ((await hotSegments(ctx, tx, now)).length > 0) await tx.jobs.enqueue('analyze', isoNow(ctx));
    });
  });

  // The moved pages now carry meta info and segment keywords: re-index them with that context. A
  // segment that took in new keywords is embedded again from its summary and keywords, as at its
  // creation and at a re-embedding, so its vector always means the same thing.
  const moved = await present(
    batch.map((p) => p.id),
    (id) => ctx.store.pages.get(id),
  );
  const prepared = await prepareIndex(ctx, moved);
  const grown = await present([...merged], (id) => ctx.store.segments.get(id));
  const grownVectors = await ctx.embedder.embed(grown.map((s) => segmentText(s.summary, keywordsOf(s))));
  await lock.run(() =>
    ctx.store.transaction(async (tx) => {
      await writeIndex(ctx, tx, prepared);
      for (const [i, s] of grown.entries())
        if (await tx.segments.get(s.id)) await putVector(ctx, tx, 'segment', s.id, grownVectors[i]!);
      await noteIndexWrites(ctx, tx, moved.length);
      await tx.jobs.remove(jobId);
      if ((await tx.pages.count('short')) > ctx.settings.shortTermCapacity)
        await tx.jobs.enqueue('consolidate', isoNow(ctx));
    }),
  );
}

/** The rows of those ids still present, in order. */
async function present<T>(ids: string[], get: (id: string) => Promise<T | undefined>): Promise<T[]> {
  const out: T[] = [];
  for (const id of ids) {
    const row = await get(id);
    if (row !== undefined) out.push(row);
  }
  return out;
}

/**
 * The best segment for a theme, by cos(summary, theme) + Jaccard(keywords), if it reaches the
 * threshold (the theme's pages join it); else a new segment.
 */
async function placeInSegment(
  ctx: MemoryContext,
  tx: Tables,
  theme: Theme,
  vector: Float32Array,
  pageCount: number,
  now: number,
): Promise<{ id: string; merged: boolean }> {
  const themeKeywords = theme.keywords.map((k) => k.toLowerCase());
  let best: { row: SegmentRow; score: number } | null = null;
  for (const c of ctx.segments.search(vector, 20)) {
    const row = await tx.segments.get(c.id);
    if (!row) continue;
    const score =
      c.score +
      jaccard(
        keywordsOf(row).map((k) => k.toLowerCase()),
        themeKeywords,
      );
    if (!best || score > best.score) best = { row, score };
  }
  if (best && best.score >= ctx.settings.midTermSimilarityThreshold) {
    const keywords = [...new Set([...keywordsOf(best.row), ...theme.keywords])].slice(0, MAX_SEGMENT_KEYWORDS);
    await tx.segments.merge(best.row.id, { pages: pageCount, nowMs: now, keywords });
    return { id: best.row.id, merged: true };
  }
  const id = `seg_${randomUUID()}`;
  await tx.segments.insert({
    id,
    summary: themeSummary(theme),
    keywords: JSON.stringify(theme.keywords),
    n_visit: 0,
    l_interaction: pageCount,
    last_visit_ms: now,
    created_at: new Date(now).toISOString(),
  });
  await putVector(ctx, tx, 'segment', id, vector);
  return { id, merged: false };
}

/** Over capacity, the segments with the lowest heat leave mid-term memory with their pages. */
async function evictColdSegments(ctx: MemoryContext, tx: Tables, now: number): Promise<void> {
  const over = (await tx.segments.count()) - ctx.settings.midTermCapacity;
  if (over <= 0) return;
  await flushVisits(ctx, tx);
  for (const r of await tx.segments.coldest(ctx.settings, now, over)) {
    const removed = await removeSegment(ctx, tx, r.id);
    ctx.log('info', 'evicted the coldest mid-term segment', { user: ctx.user, segment: r.id, pages: removed });
  }
}

/**
 * Segments over the heat threshold with pages not analysed yet; the visits gathered so far are
 * written first (in the caller's transaction, if it has one).
 */
export async function hotSegments(ctx: MemoryContext, tx: Tables | null, now: number): Promise<SegmentRow[]> {
  await flushVisits(ctx, tx ?? undefined);
  const r: ReadTables = tx ?? ctx.store;
  return r.segments.hotWithUnanalysedPages(ctx.settings, now, ctx.settings.midTermHeatThreshold);
}
