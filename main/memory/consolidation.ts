// Short-term overflow -> mid-term segments (continuity, meta info, themes), run from the job queue
// after the reply. The job's writes and its removal commit together, so a crash re-runs it from the
// start and never applies it twice.
import { randomUUID } from 'node:crypto';
import { isoNow, type MemoryContext } from './context.js';
import type { PageText, Theme } from './llm/types.js';
import { prepareIndex, writeIndex } from './pageIndex.js';
import { noteIndexWrites } from './compaction.js';
import { removeSegment } from './records.js';
import { inTransaction } from './store/database.js';
import * as jobs from './store/jobs.js';
import * as pages from './store/pages.js';
import { pageBody, type PageRow } from './store/pages.js';
import * as segments from './store/segments.js';
import { segmentText } from './store/segments.js';
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
  const lastId = pages.lastEvicted(ctx.db);
  let prev = lastId ? pages.get(ctx.db, lastId) : undefined;
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
  const short = pages.shortTerm(ctx.db);
  const excess = short.length - ctx.settings.shortTermCapacity;
  if (excess <= 0) return jobs.remove(ctx.db, jobId);
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
    inTransaction(ctx.db, () => {
      themes.forEach((theme, ti) => {
        const live = placements.filter((m, i) => themeOf[i] === ti && pages.get(ctx.db, m.page.id)?.tier === 'short');
        if (live.length === 0) return;
        const placed = placeInSegment(ctx, theme, themeVectors[ti]!, live.length, now);
        if (placed.merged) merged.add(placed.id);
        for (const m of live)
          pages.place(ctx.db, m.page.id, {
            segmentId: placed.id,
            metaInfo: m.metaInfo,
            prePage: m.prePage,
            updatedAt: new Date(now).toISOString(),
          });
      });
      pages.setLastEvicted(ctx.db, batch[batch.length - 1]!.id);
      evictColdSegments(ctx, now);
      if (hotSegments(ctx, now).length > 0) jobs.enqueue(ctx.db, 'analyze', isoNow(ctx));
    });
  });

  // The moved pages now carry meta info and segment keywords: re-index them with that context. A
  // segment that took in new keywords is embedded again from its summary and keywords, as at its
  // creation and at a re-embedding, so its vector always means the same thing.
  const moved = batch.map((p) => pages.get(ctx.db, p.id)).filter((p): p is PageRow => !!p);
  const prepared = await prepareIndex(ctx, moved);
  const grown = [...merged].map((id) => segments.get(ctx.db, id)).filter((s) => s !== undefined);
  const grownVectors = await ctx.embedder.embed(grown.map((s) => segmentText(s.summary, segments.keywordsOf(s))));
  await lock.run(() =>
    inTransaction(ctx.db, () => {
      writeIndex(ctx, prepared);
      grown.forEach((s, i) => segments.get(ctx.db, s.id) && putVector(ctx, 'segment', s.id, grownVectors[i]!));
      noteIndexWrites(ctx, moved.length);
      jobs.remove(ctx.db, jobId);
      if (pages.count(ctx.db, 'short') > ctx.settings.shortTermCapacity)
        jobs.enqueue(ctx.db, 'consolidate', isoNow(ctx));
    }),
  );
}

/**
 * The best segment for a theme, by cos(summary, theme) + Jaccard(keywords), if it reaches the
 * threshold (the theme's pages join it); else a new segment.
 */
function placeInSegment(
  ctx: MemoryContext,
  theme: Theme,
  vector: Float32Array,
  pageCount: number,
  now: number,
): { id: string; merged: boolean } {
  const themeKeywords = theme.keywords.map((k) => k.toLowerCase());
  let best: { row: segments.SegmentRow; score: number } | null = null;
  for (const c of ctx.segments.search(vector, 20)) {
    const row = segments.get(ctx.db, c.id);
    if (!row) continue;
    const score =
      c.score +
      jaccard(
        segments.keywordsOf(row).map((k) => k.toLowerCase()),
        themeKeywords,
      );
    if (!best || score > best.score) best = { row, score };
  }
  if (best && best.score >= ctx.settings.midTermSimilarityThreshold) {
    const keywords = [...new Set([...segments.keywordsOf(best.row), ...theme.keywords])].slice(0, MAX_SEGMENT_KEYWORDS);
    segments.merge(ctx.db, best.row.id, { pages: pageCount, nowMs: now, keywords });
    return { id: best.row.id, merged: true };
  }
  const id = `seg_${randomUUID()}`;
  segments.insert(ctx.db, {
    id,
    summary: themeSummary(theme),
    keywords: JSON.stringify(theme.keywords),
    n_visit: 0,
    l_interaction: pageCount,
    last_visit_ms: now,
    created_at: new Date(now).toISOString(),
  });
  putVector(ctx, 'segment', id, vector);
  return { id, merged: false };
}

/** Over capacity, the segments with the lowest heat leave mid-term memory with their pages. */
function evictColdSegments(ctx: MemoryContext, now: number): void {
  const over = segments.count(ctx.db) - ctx.settings.midTermCapacity;
  if (over <= 0) return;
  flushVisits(ctx);
  for (const r of segments.coldest(ctx.db, ctx.settings, now, over)) {
    const removed = removeSegment(ctx, r.id);
    ctx.log('info', 'evicted the coldest mid-term segment', { user: ctx.user, segment: r.id, pages: removed });
  }
}

/** Segments over the heat threshold with pages not analysed yet. */
export function hotSegments(ctx: MemoryContext, now: number): segments.SegmentRow[] {
  flushVisits(ctx);
  return segments.hotWithUnanalysedPages(ctx.db, ctx.settings, now, ctx.settings.midTermHeatThreshold);
}
