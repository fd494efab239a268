// Hybrid retrieval: FTS5 BM25 and exact vector cosine, fused by reciprocal rank; the segments of the
// pages found get hotter (MemoryOS's N_visit); then the long-term knowledge.
import type { RetrieveMemoryArgs, RetrieveMemoryResult, RetrievedPage } from '../../shared/tools.js';
import type { MemoryContext } from './context.js';
import { toPage, type PageRow } from './store/rows.js';
import { COMMON_SHARE } from './termStats.js';
import { isStopword, words } from './text.js';
import { timeWindows } from './timeExpressions.js';
import { recordVisits } from './visits.js';

const RRF_K = 60;
const CANDIDATES = 100;
/** The embedded vector is a weaker, mostly lexical signal than BM25: it refines, BM25 leads. */
const VECTOR_WEIGHT = 0.5;
const KNOWLEDGE_SIMILARITY_MIN = 0.01;
/** RM3's usual feedback depth and breadth. */
const FEEDBACK_PAGES = 10;
const FEEDBACK_WORDS = 10;
/**
 * A bound on the expansion's cost: FTS5 scores every page holding any of its words, so words are
 * taken in order of weight while the pages holding them add up to no more than three times the
 * candidates kept. Stores of a few hundred pages are not limited by it; at 10k pages it keeps the
 * second match under a millisecond (retrieve p50 5.0 -> 4.4 ms) and favours the rarer, more telling
 * words.
 */
const FEEDBACK_PAGE_BUDGET = 3 * CANDIDATES;

/** An FTS5 MATCH expression: every content word as a quoted term, OR-ed; null when none. */
export function ftsQuery(text: string, keep: (ws: string[]) => string[] = (ws) => ws): string | null {
  const ws = keep([...new Set(words(text).filter((w) => w.length > 1 && !isStopword(w)))]);
  if (ws.length === 0) return null;
  return ws.map((w) => `"${w.replace(/"/g, '')}"`).join(' OR ');
}

interface Filter {
  sql: string;
  params: unknown[];
}

function pageFilter(args: RetrieveMemoryArgs): Filter {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (args.memory_type) {
    clauses.push('p.memory_type = ?');
    params.push(args.memory_type);
  }
  for (const tag of args.tags ?? []) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(p.tags) WHERE value = ?)');
    params.push(tag);
  }
  if (args.since) {
    clauses.push('p.ts_ms >= ?');
    params.push(Date.parse(args.since));
  }
  if (args.until) {
    clauses.push('p.ts_ms <= ?');
    params.push(Date.parse(args.until));
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params };
}

/**
 * The CANDIDATES best pages for an FTS5 match under a filter, with their bm25 scores (lower is
 * better), ties broken by `tieBreak`. Without a filter the FTS table alone answers (its id column),
 * with no join per match.
 */
function matchPages(ctx: MemoryContext, match: string, filter: Filter, tieBreak?: Filter): { id: string; s: number }[] {
  const bm25 = 'bm25(pages_fts, 0.0, 1.0, 0.4)';
  const order = tieBreak ? `s, ${tieBreak.sql}` : 's';
  const sql =
    filter.params.length > 0
      ? `SELECT p.id, ${bm25} AS s FROM pages_fts f JOIN pages p ON p.seq = f.rowid WHERE pages_fts MATCH ? AND ${filter.sql} ORDER BY ${order} LIMIT ${CANDIDATES}`
      : `SELECT f.id, ${bm25} AS s FROM pages_fts f WHERE pages_fts MATCH ? ORDER BY ${order} LIMIT ${CANDIDATES}`;
  return ctx.db.prepare(sql).all(match, ...filter.params, ...(tieBreak?.params ?? [])) as { id: string; s: number }[];
}

function addRanks(scores: Map<string, number>, ids: string[], weight = 1): void {
  ids.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (RRF_K + rank + 1)));
}

const asRetrieved = (r: PageRow, score: number): RetrievedPage => {
  const p = toPage(r);
  return {
    memory_id: p.id,
    user_input: p.user_input,
    agent_response: p.agent_response,
    timestamp: p.timestamp,
    memory_type: p.memory_type,
    tags: p.tags,
    meta_info: p.meta_info,
    segment_id: p.segment_id,
    tier: p.tier,
    score: Number(score.toFixed(6)),
  };
};

export async function retrieve(ctx: MemoryContext, args: RetrieveMemoryArgs): Promise<RetrieveMemoryResult> {
  const started = performance.now();
  const now = ctx.now();
  const [queryVector] = await ctx.embedder.embed([args.query]);
  const filter = pageFilter(args);
  const match = ftsQuery(args.query);
  const pageMatch = ftsQuery(args.query, (ws) => ctx.terms.informative(ws));
  const scores = new Map<string, number>();

  const filtered = filter.params.length > 0;
  if (pageMatch) {
    const rows = matchPages(ctx, pageMatch, filter);
    addRanks(
      scores,
      rows.map((r) => r.id),
    );
    // Pseudo-relevance feedback: the words that characterise the first pages found. FTS5's bm25()
    // of an OR query is the sum of its terms' scores, so the expanded query's ranking is the sum of
    // the first list's scores and those of a match on the new words alone — without scoring the
    // query's own words twice. It joins the fusion as a second full-text list of equal weight.
    const expansion =
      rows.length > 0
        ? feedbackTerms(
            ctx,
            rows.slice(0, FEEDBACK_PAGES).map((r) => r.id),
            new Set(words(args.query)),
          )
        : [];
    if (expansion.length > 0) {
      const combined = new Map(rows.map((r) => [r.id, r.s]));
      for (const r of matchPages(ctx, expansion.map((w) => `"${w}"`).join(' OR '), filter))
        combined.set(r.id, (combined.get(r.id) ?? 0) + r.s);
      addRanks(
        scores,
        [...combined]
          .sort((a, b) => a[1] - b[1])
          .slice(0, CANDIDATES)
          .map(([id]) => id),
      );
    }
  }

  // Times the query names ("on May 3, 2023", "in July 2023", "last week", "yesterday", relative
  // to now): the pages of those days, weeks or months, best full-text matches first, then the
  // closest in time to the middle of the named span (or to now, if sooner), as a further list.
  // The query's words stay in the full-text match too: a page may say "last May" itself, and
  // matching the query without them measured slightly worse (LoCoMo recall@10 78.9 -> 78.7).
  const windows = timeWindows(args.query, now);
  if (windows.length > 0) {
    const inWindows: Filter = {
      sql: `${filter.sql} AND (${windows.map(() => '(p.ts_ms BETWEEN ? AND ?)').join(' OR ')})`,
      params: [...filter.params, ...windows.flatMap((w) => [w.fromMs, w.toMs])],
    };
    // min() with one argument is SQLite's aggregate, hence the single-window form.
    const closest: Filter = {
      sql: windows.length === 1 ? 'abs(p.ts_ms - ?)' : `min(${windows.map(() => 'abs(p.ts_ms - ?)').join(', ')})`,
      // A span still running ("this week") is measured from now, not from its middle in the future.
      params: windows.map((w) => Math.min((w.fromMs + w.toMs) / 2, now)),
    };
    let dated: { id: string }[] = pageMatch ? matchPages(ctx, pageMatch, inWindows, closest) : [];
    if (dated.length === 0)
      dated = ctx.db
        .prepare(`SELECT p.id FROM pages p WHERE ${inWindows.sql} ORDER BY ${closest.sql} LIMIT ${CANDIDATES}`)
        .all(...inWindows.params, ...closest.params) as { id: string }[];
    addRanks(
      scores,
      dated.map((r) => r.id),
    );
  }

  const allowed = filtered
    ? new Set(
        (ctx.db.prepare(`SELECT p.id FROM pages p WHERE ${filter.sql}`).all(...filter.params) as { id: string }[]).map(
          (r) => r.id,
        ),
      )
    : null;
  const vectorHits = ctx.pages.search(queryVector!, CANDIDATES, allowed ? (id) => allowed.has(id) : undefined);
  addRanks(
    scores,
    vectorHits.map((h) => h.id),
    VECTOR_WEIGHT,
  );

  // The best pages by fused score; a page deleted since it was matched is passed over.
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const rowsOf = (ids: string[]) =>
    new Map(
      (
        ctx.db
          .prepare('SELECT * FROM pages WHERE id IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify(ids)) as PageRow[]
      ).map((r) => [r.id, r]),
    );
  let full = rowsOf(ranked.slice(0, args.max_results).map(([id]) => id));
  if (full.size < Math.min(args.max_results, ranked.length)) full = rowsOf(ranked.map(([id]) => id));
  const winners = ranked
    .map(([id]) => id)
    .filter((id) => full.has(id))
    .slice(0, args.max_results);
  const pages = winners.map((id) => asRetrieved(full.get(id)!, scores.get(id)!));

  const hitSegments = [...new Set(pages.map((p) => p.segment_id).filter((s): s is string => s !== null))];
  if (hitSegments.length > 0) recordVisits(ctx, hitSegments, now);

  const knowledge = retrieveKnowledge(ctx, args, queryVector!, match);
  const shortTerm = ctx.db
    .prepare(`SELECT p.* FROM pages p WHERE p.tier = 'short' AND ${filter.sql} ORDER BY p.seq DESC LIMIT ?`)
    .all(...filter.params, ctx.settings.shortTermCapacity) as PageRow[];
  const profile = ctx.db.prepare('SELECT text FROM profile_versions ORDER BY version DESC LIMIT 1').get() as
    { text: string } | undefined;

  return {
    status: 'success',
    query: args.query,
    user_profile: profile?.text ?? '',
    short_term_memory: shortTerm.reverse().map((r) => asRetrieved(r, 0)),
    retrieved_pages: pages,
    retrieved_user_knowledge: knowledge.filter((k) => k.kind === 'user'),
    retrieved_assistant_knowledge: knowledge.filter((k) => k.kind === 'assistant'),
    total_pages_found: scores.size,
    took_ms: Number((performance.now() - started).toFixed(3)),
  };
}

function retrieveKnowledge(
  ctx: MemoryContext,
  args: RetrieveMemoryArgs,
  queryVector: Float32Array,
  match: string | null,
) {
  const scores = new Map<string, number>();
  if (match) {
    const rows = ctx.db
      .prepare(`SELECT id FROM knowledge_fts WHERE knowledge_fts MATCH ? ORDER BY rank LIMIT ${CANDIDATES}`)
      .all(match) as { id: string }[];
    addRanks(
      scores,
      rows.map((r) => r.id),
    );
  }
  addRanks(
    scores,
    ctx.knowledge
      .search(queryVector, CANDIDATES)
      .filter((h) => h.score >= KNOWLEDGE_SIMILARITY_MIN)
      .map((h) => h.id),
  );
  const limit = Math.min(ctx.settings.topKnowledge, args.max_results);
  const get = ctx.db.prepare('SELECT id, kind, text, created_at FROM knowledge WHERE id = ?');
  const out: { id: string; kind: 'user' | 'assistant'; text: string; created_at: string; score: number }[] = [];
  for (const [id, score] of [...scores.entries()].sort((a, b) => b[1] - a[1])) {
    const r = get.get(id) as { id: string; kind: 'user' | 'assistant'; text: string; created_at: string } | undefined;
    if (r && out.filter((k) => k.kind === r.kind).length < limit) out.push({ ...r, score: Number(score.toFixed(6)) });
  }
  return out;
}

/**
 * Pseudo-relevance feedback, after RM3 (Lavrenko & Croft; Abdul-Jaleel et al. 2004) with its usual
 * settings: the first FEEDBACK_PAGES pages of the full-text list, each word weighted by its share of
 * a page's words and the page's rank, times its idf so that the discriminating words lead; the
 * FEEDBACK_WORDS best that are not in the query, not too common to match on, and within the budget.
 * Stores below termStats' minimum size have no document frequencies and get no feedback: with a
 * few dozen pages the first list already holds most of them.
 */
function feedbackTerms(ctx: MemoryContext, ids: string[], query: Set<string>): string[] {
  const stats = ctx.terms;
  const rows = ctx.db
    .prepare('SELECT id, user_input, agent_response FROM pages WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(ids)) as { id: string; user_input: string; agent_response: string }[];
  const rank = new Map(ids.map((id, i) => [id, i]));
  const weight = new Map<string, number>();
  for (const r of rows) {
    const ws = words(`${r.user_input} ${r.agent_response}`).filter(
      (w) => w.length > 2 && !isStopword(w) && !query.has(w) && !/^\d+$/.test(w),
    );
    const pageWeight = 1 / (1 + rank.get(r.id)!);
    for (const w of ws) weight.set(w, (weight.get(w) ?? 0) + pageWeight / ws.length);
  }
  const scored: [string, number][] = [];
  for (const [w, x] of weight) {
    const share = stats.share(w);
    if (share > 0 && share < COMMON_SHARE) scored.push([w, x * Math.log(1 / share)]);
  }
  const chosen: string[] = [];
  let budget = FEEDBACK_PAGE_BUDGET;
  for (const [w] of scored.sort((a, b) => b[1] - a[1])) {
    const pages = stats.pagesWith(w);
    if (pages > budget) continue;
    budget -= pages;
    chosen.push(w);
    if (chosen.length === FEEDBACK_WORDS) break;
  }
  return chosen;
}
