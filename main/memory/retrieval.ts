// Hybrid retrieval: FTS5 BM25 and exact vector cosine, fused by reciprocal rank, then MemoryOS's
// segment step (pages in the segments closest to the query rank higher; those segments get hotter)
// and the long-term knowledge.
import type { RetrieveMemoryArgs, RetrieveMemoryResult, RetrievedPage } from '../../shared/tools.js';
import type { MemoryContext } from './context.js';
import { toPage, type PageRow } from './store/rows.js';
import { TermStats } from './termStats.js';
import { isStopword, words } from './text.js';

const RRF_K = 60;
const CANDIDATES = 100;
/** The embedded vector is a weaker, mostly lexical signal than BM25: it refines, BM25 leads. */
const VECTOR_WEIGHT = 0.5;
const SEGMENT_SIMILARITY_MIN = 0.1;
const KNOWLEDGE_SIMILARITY_MIN = 0.01;
const termStats = new WeakMap<MemoryContext, TermStats>();

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
  const [queryVector] = await ctx.embedder.embed([args.query]);
  const filter = pageFilter(args);
  const match = ftsQuery(args.query);
  const stats = termStats.get(ctx) ?? termStats.set(ctx, new TermStats(ctx.db)).get(ctx)!;
  const pageMatch = ftsQuery(args.query, (ws) => stats.informative(ws));
  const scores = new Map<string, number>();

  const filtered = filter.params.length > 0;
  if (pageMatch) {
    // Without filters the FTS table alone answers (its id column), with no join per match.
    const sql = filtered
      ? `SELECT p.id FROM pages_fts f JOIN pages p ON p.seq = f.rowid WHERE pages_fts MATCH ? AND ${filter.sql} ORDER BY bm25(pages_fts, 0.0, 1.0, 0.4) LIMIT ${CANDIDATES}`
      : `SELECT id FROM pages_fts WHERE pages_fts MATCH ? ORDER BY bm25(pages_fts, 0.0, 1.0, 0.4) LIMIT ${CANDIDATES}`;
    const rows = ctx.db.prepare(sql).all(pageMatch, ...filter.params) as { id: string }[];
    addRanks(scores, rows.map((r) => r.id));
  }

  const allowed = filtered
    ? new Set((ctx.db.prepare(`SELECT p.id FROM pages p WHERE ${filter.sql}`).all(...filter.params) as { id: string }[]).map((r) => r.id))
    : null;
  const vectorHits = ctx.pages.search(queryVector!, CANDIDATES, allowed ? (id) => allowed.has(id) : undefined);
  addRanks(scores, vectorHits.map((h) => h.id), VECTOR_WEIGHT);

  // MemoryOS: the segments whose summaries are closest to the query lift their pages.
  const segmentHits = ctx.segments.search(queryVector!, ctx.settings.topSegments).filter((h) => h.score >= SEGMENT_SIMILARITY_MIN);
  const segmentRank = new Map(segmentHits.map((h, i) => [h.id, i]));

  // Ranking needs only each candidate's segment; full rows are read for the winners alone.
  const segmentOf = new Map(
    (ctx.db.prepare('SELECT id, segment_id FROM pages WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify([...scores.keys()])) as { id: string; segment_id: string | null }[]).map((r) => [r.id, r.segment_id]),
  );
  for (const [id, seg] of segmentOf) {
    const rank = seg ? segmentRank.get(seg) : undefined;
    if (rank !== undefined) scores.set(id, scores.get(id)! + 0.5 / (RRF_K + rank + 1));
  }
  const winners = [...segmentOf.keys()].sort((a, b) => scores.get(b)! - scores.get(a)!).slice(0, args.max_results);
  const full = new Map((ctx.db.prepare('SELECT * FROM pages WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(winners)) as PageRow[]).map((r) => [r.id, r]));
  const pages = winners.map((id) => asRetrieved(full.get(id)!, scores.get(id)!));

  const hitSegments = [...new Set(pages.map((p) => p.segment_id).filter((s): s is string => s !== null))];
  if (hitSegments.length > 0) {
    const now = ctx.now();
    const visit = ctx.db.prepare('UPDATE segments SET n_visit = n_visit + 1, last_visit_ms = ? WHERE id = ?');
    ctx.db.transaction(() => hitSegments.forEach((s) => visit.run(now, s)))();
  }

  const knowledge = retrieveKnowledge(ctx, args, queryVector!, match);
  const shortTerm = ctx.db
    .prepare(`SELECT p.* FROM pages p WHERE p.tier = 'short' AND ${filter.sql} ORDER BY p.seq DESC LIMIT ?`)
    .all(...filter.params, ctx.settings.shortTermCapacity) as PageRow[];
  const profile = ctx.db.prepare('SELECT text FROM profile_versions ORDER BY version DESC LIMIT 1').get() as { text: string } | undefined;

  return {
    status: 'success',
    query: args.query,
    user_profile: profile?.text ?? '',
    short_term_memory: shortTerm.reverse().map((r) => asRetrieved(r, 0)),
    retrieved_pages: pages,
    retrieved_user_knowledge: knowledge.filter((k) => k.kind === 'user'),
    retrieved_assistant_knowledge: knowledge.filter((k) => k.kind === 'assistant'),
    total_pages_found: segmentOf.size,
    took_ms: Number((performance.now() - started).toFixed(3)),
  };
}

function retrieveKnowledge(ctx: MemoryContext, args: RetrieveMemoryArgs, queryVector: Float32Array, match: string | null) {
  const scores = new Map<string, number>();
  if (match) {
    const rows = ctx.db.prepare(`SELECT id FROM knowledge_fts WHERE knowledge_fts MATCH ? ORDER BY rank LIMIT ${CANDIDATES}`).all(match) as { id: string }[];
    addRanks(scores, rows.map((r) => r.id));
  }
  addRanks(scores, ctx.knowledge.search(queryVector, CANDIDATES).filter((h) => h.score >= KNOWLEDGE_SIMILARITY_MIN).map((h) => h.id));
  const limit = Math.min(ctx.settings.topKnowledge, args.max_results);
  const get = ctx.db.prepare('SELECT id, kind, text, created_at FROM knowledge WHERE id = ?');
  const out: { id: string; kind: 'user' | 'assistant'; text: string; created_at: string; score: number }[] = [];
  for (const [id, score] of [...scores.entries()].sort((a, b) => b[1] - a[1])) {
    const r = get.get(id) as { id: string; kind: 'user' | 'assistant'; text: string; created_at: string } | undefined;
    if (r && out.filter((k) => k.kind === r.kind).length < limit) out.push({ ...r, score: Number(score.toFixed(6)) });
  }
  return out;
}
