// The work that moves memory between tiers, run off the request path from the persisted `jobs`
// table: short-term overflow -> mid-term segments (continuity, meta info, themes), then hot segments
// -> long-term profile and knowledge. Each job's writes and its removal commit together, so a crash
// re-runs it from the start and never applies it twice.
import { randomUUID } from 'node:crypto';
import { dropVector, putVector, type MemoryContext } from './context.js';
import type { PageText, Theme } from './llm/types.js';
import { prepareIndex, writeIndex } from './pageIndex.js';
import { reembed } from './reembed.js';
import { segmentHeat, type PageRow, type SegmentRow } from './store/rows.js';
import { jaccard } from './text.js';
import { flushVisits } from './visits.js';
import type { WriteLock } from './writeLock.js';

export type JobKind = 'consolidate' | 'analyze' | 'reembed';
const MAX_ATTEMPTS = 5;
const PROFILE_MIN_CHARS = 30;

export function enqueue(ctx: MemoryContext, kind: JobKind): void {
  const pending = ctx.db.prepare('SELECT 1 FROM jobs WHERE kind = ?').get(kind);
  if (!pending)
    ctx.db.prepare('INSERT INTO jobs (kind, created_at) VALUES (?, ?)').run(kind, new Date(ctx.now()).toISOString());
}

const asText = (p: PageRow): PageText => ({
  user_input: p.user_input,
  agent_response: p.agent_response,
  timestamp: p.timestamp,
  meta_info: p.meta_info,
});

/** Runs queued jobs until none is left. */
export async function runJobs(ctx: MemoryContext, lock: WriteLock): Promise<void> {
  for (;;) {
    const job = ctx.db.prepare('SELECT id, kind, attempts FROM jobs ORDER BY id LIMIT 1').get() as
      { id: number; kind: JobKind; attempts: number } | undefined;
    if (!job) return;
    try {
      if (job.kind === 'consolidate') await consolidate(ctx, lock, job.id);
      else if (job.kind === 'reembed') await reembed(ctx, lock, job.id);
      else await analyze(ctx, lock, job.id);
    } catch (err) {
      const attempts = job.attempts + 1;
      ctx.log('error', 'memory job failed', { user: ctx.user, job: job.kind, attempts, error: (err as Error).message });
      // A job that keeps failing is dropped, not retried forever: pages stay where they are (nothing is
      // lost) and the next add queues it again.
      if (attempts >= MAX_ATTEMPTS) ctx.db.prepare('DELETE FROM jobs WHERE id = ?').run(job.id);
      else ctx.db.prepare('UPDATE jobs SET attempts = ? WHERE id = ?').run(attempts, job.id);
      if (attempts < MAX_ATTEMPTS) return;
    }
  }
}

interface Placement {
  page: PageRow;
  metaInfo: string;
  prePage: string | null;
}

async function chain(ctx: MemoryContext, batch: PageRow[]): Promise<Placement[]> {
  const lastId = (
    ctx.db.prepare("SELECT value FROM state WHERE key = 'last_evicted_page'").get() as { value: string } | undefined
  )?.value;
  let prev = lastId
    ? (ctx.db.prepare('SELECT * FROM pages WHERE id = ?').get(lastId) as PageRow | undefined)
    : undefined;
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

function themeText(t: Theme): string {
  return `${t.theme}\n${t.keywords.join(' ')}\n${t.content}`;
}

async function consolidate(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  const short = ctx.db.prepare("SELECT * FROM pages WHERE tier = 'short' ORDER BY seq").all() as PageRow[];
  const excess = short.length - ctx.settings.shortTermCapacity;
  if (excess <= 0) {
    ctx.db.prepare('DELETE FROM jobs WHERE id = ?').run(jobId);
    return;
  }
  const batch = short.slice(0, excess);
  const placements = await chain(ctx, batch);
  const themes = (await ctx.llm.summarize(batch.map(asText), ctx.settings.maxThemes)).value;
  const themeVectors = await ctx.embedder.embed(themes.map(themeText));
  // Every page goes to exactly one theme (the reference inserted pages once per theme).
  const pageVectors = await ctx.embedder.embed(batch.map((p) => `${p.user_input}\n${p.agent_response}`));
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

  await lock.run(() => {
    const now = ctx.now();
    const nowIso = new Date(now).toISOString();
    ctx.db.transaction(() => {
      themes.forEach((theme, ti) => {
        const members = placements.filter((_, i) => themeOf[i] === ti);
        const live = members.filter(
          (m) =>
            (ctx.db.prepare('SELECT tier FROM pages WHERE id = ?').get(m.page.id) as { tier: string } | undefined)
              ?.tier === 'short',
        );
        if (live.length === 0) return;
        const segmentId = placeInSegment(ctx, theme, themeVectors[ti]!, live.length, now, nowIso);
        for (const m of live) {
          ctx.db
            .prepare(
              "UPDATE pages SET tier = 'mid', segment_id = ?, meta_info = ?, pre_page = ?, updated_at = ? WHERE id = ?",
            )
            .run(segmentId, m.metaInfo, m.prePage, nowIso, m.page.id);
          if (m.prePage) ctx.db.prepare('UPDATE pages SET next_page = ? WHERE id = ?').run(m.page.id, m.prePage);
        }
      });
      const last = batch[batch.length - 1]!;
      ctx.db.prepare("INSERT OR REPLACE INTO state (key, value) VALUES ('last_evicted_page', ?)").run(last.id);
      evictColdSegments(ctx, now);
      if (hotSegments(ctx, now).length > 0) enqueue(ctx, 'analyze');
    })();
  });
  // The moved pages now carry meta info and segment keywords: re-index them with that context.
  const moved = batch
    .map((p) => ctx.db.prepare('SELECT * FROM pages WHERE id = ?').get(p.id) as PageRow | undefined)
    .filter((p): p is PageRow => !!p);
  const prepared = await prepareIndex(ctx, moved);
  await lock.run(() =>
    ctx.db.transaction(() => {
      writeIndex(ctx, prepared);
      ctx.db.prepare('DELETE FROM jobs WHERE id = ?').run(jobId);
      const remaining = ctx.db.prepare("SELECT count(*) AS n FROM pages WHERE tier = 'short'").get() as { n: number };
      if (remaining.n > ctx.settings.shortTermCapacity) enqueue(ctx, 'consolidate');
    })(),
  );
}

function placeInSegment(
  ctx: MemoryContext,
  theme: Theme,
  vector: Float32Array,
  pages: number,
  now: number,
  nowIso: string,
): string {
  const candidates = ctx.segments.search(vector, 20);
  let best: { id: string; score: number } | null = null;
  for (const c of candidates) {
    const seg = ctx.db.prepare('SELECT keywords FROM segments WHERE id = ?').get(c.id) as
      { keywords: string } | undefined;
    if (!seg) continue;
    const score =
      c.score +
      jaccard(
        (JSON.parse(seg.keywords) as string[]).map((k) => k.toLowerCase()),
        theme.keywords.map((k) => k.toLowerCase()),
      );
    if (!best || score > best.score) best = { id: c.id, score };
  }
  if (best && best.score >= ctx.settings.midTermSimilarityThreshold) {
    const seg = ctx.db.prepare('SELECT keywords FROM segments WHERE id = ?').get(best.id) as { keywords: string };
    const keywords = [...new Set([...(JSON.parse(seg.keywords) as string[]), ...theme.keywords])].slice(0, 16);
    ctx.db
      .prepare('UPDATE segments SET l_interaction = l_interaction + ?, last_visit_ms = ?, keywords = ? WHERE id = ?')
      .run(pages, now, JSON.stringify(keywords), best.id);
    return best.id;
  }
  const id = `seg_${randomUUID()}`;
  ctx.db
    .prepare(
      'INSERT INTO segments (id, summary, keywords, n_visit, l_interaction, last_visit_ms, created_at) VALUES (?, ?, ?, 0, ?, ?, ?)',
    )
    .run(id, theme.content || theme.theme, JSON.stringify(theme.keywords), pages, now, nowIso);
  putVector(ctx, 'segment', id, vector);
  return id;
}

/** Over capacity, the segments with the lowest heat leave mid-term memory with their pages. */
function evictColdSegments(ctx: MemoryContext, now: number): void {
  const rows = ctx.db.prepare('SELECT * FROM segments').all() as SegmentRow[];
  const over = rows.length - ctx.settings.midTermCapacity;
  if (over <= 0) return;
  const coldest = rows
    .map((r) => ({ r, heat: segmentHeat(r, ctx.settings, now).heat }))
    .sort((a, b) => a.heat - b.heat)
    .slice(0, over);
  for (const { r } of coldest) {
    const pages = ctx.db.prepare('SELECT id, seq FROM pages WHERE segment_id = ?').all(r.id) as {
      id: string;
      seq: number;
    }[];
    for (const p of pages) {
      ctx.db.prepare('DELETE FROM pages_fts WHERE rowid = ?').run(p.seq);
      dropVector(ctx, 'page', p.id);
      ctx.db.prepare('DELETE FROM pages WHERE id = ?').run(p.id);
    }
    dropVector(ctx, 'segment', r.id);
    ctx.db.prepare('DELETE FROM segments WHERE id = ?').run(r.id);
    ctx.log('info', 'evicted the coldest mid-term segment', { user: ctx.user, segment: r.id, pages: pages.length });
  }
}

function hotSegments(ctx: MemoryContext, now: number): SegmentRow[] {
  flushVisits(ctx);
  const rows = ctx.db
    .prepare(
      'SELECT s.* FROM segments s WHERE EXISTS (SELECT 1 FROM pages p WHERE p.segment_id = s.id AND p.analyzed = 0)',
    )
    .all() as SegmentRow[];
  return rows.filter((r) => segmentHeat(r, ctx.settings, now).heat >= ctx.settings.midTermHeatThreshold);
}

/** Every hot segment (not only the hottest) feeds the profile and the knowledge bases. */
async function analyze(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  for (const seg of hotSegments(ctx, ctx.now())) {
    const pages = ctx.db
      .prepare('SELECT * FROM pages WHERE segment_id = ? AND analyzed = 0 ORDER BY seq')
      .all(seg.id) as PageRow[];
    if (pages.length === 0) continue;
    const current =
      (
        ctx.db.prepare('SELECT text FROM profile_versions ORDER BY version DESC LIMIT 1').get() as
          { text: string } | undefined
      )?.text ?? '';
    const profile = await ctx.llm.profile(current, pages.map(asText));
    const knowledge = (await ctx.llm.knowledge(pages.map(asText))).value;
    const entries = [
      ...knowledge.user.map((text) => ({ kind: 'user' as const, text: text.trim() })),
      ...knowledge.assistant.map((text) => ({ kind: 'assistant' as const, text: text.trim() })),
    ].filter((e) => e.text.length > 0 && e.text.length <= 2000);
    const vectors = await ctx.embedder.embed(entries.map((e) => e.text));
    await lock.run(() =>
      ctx.db.transaction(() => {
        const nowIso = new Date(ctx.now()).toISOString();
        const text = profile.value.trim();
        if (text.length >= PROFILE_MIN_CHARS && text.toLowerCase() !== 'none' && text !== current) {
          ctx.db
            .prepare('INSERT INTO profile_versions (text, source, created_at) VALUES (?, ?, ?)')
            .run(text, profile.source, nowIso);
        }
        const sources = JSON.stringify(pages.map((p) => p.id));
        entries.forEach((e, i) => {
          const id = `kn_${randomUUID()}`;
          const res = ctx.db
            .prepare(
              'INSERT OR IGNORE INTO knowledge (id, kind, text, source_page_ids, created_at) VALUES (?, ?, ?, ?, ?)',
            )
            .run(id, e.kind, e.text, sources, nowIso);
          if (res.changes === 0) return;
          ctx.db.prepare('INSERT INTO knowledge_fts (id, text) VALUES (?, ?)').run(id, e.text);
          putVector(ctx, 'knowledge', id, vectors[i]!);
        });
        trimKnowledge(ctx);
        const mark = ctx.db.prepare('UPDATE pages SET analyzed = 1 WHERE id = ?');
        for (const p of pages) mark.run(p.id);
        ctx.db.prepare('UPDATE segments SET n_visit = 0, l_interaction = 0 WHERE id = ?').run(seg.id);
      })(),
    );
  }
  ctx.db.prepare('DELETE FROM jobs WHERE id = ?').run(jobId);
}

/** Knowledge bases keep their newest `knowledgeCapacity` entries per kind. */
function trimKnowledge(ctx: MemoryContext): void {
  for (const kind of ['user', 'assistant']) {
    const old = ctx.db
      .prepare('SELECT id FROM knowledge WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?')
      .all(kind, ctx.settings.knowledgeCapacity) as { id: string }[];
    for (const { id } of old) {
      ctx.db.prepare('DELETE FROM knowledge WHERE id = ?').run(id);
      ctx.db.prepare('DELETE FROM knowledge_fts WHERE id = ?').run(id);
      dropVector(ctx, 'knowledge', id);
    }
  }
}
