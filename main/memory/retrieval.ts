// Hybrid retrieval, in named stages: the query is read; full-text (BM25), pseudo-relevance
// feedback, the times the query names and exact vector cosine each give a ranked list; the lists
// are fused by reciprocal rank; the segments of the pages found get hotter (MemoryOS's N_visit);
// then the long-term knowledge, the profile and the short-term pages as context.
import type { RetrieveMemoryArgs, RetrieveMemoryResult, RetrievedPage } from '../../shared/tools.js';
import type { MemoryContext } from './context.js';
import { FEEDBACK_PAGES, feedbackTerms } from './feedback.js';
import { queryWords, RankFusion } from './fusion.js';
import { isFiltered, type FoundPage, type PageFilter, type TextHit } from './store/rows.js';
import type { ReadTables } from './store/types.js';
import { words } from './text.js';
import { timeWindows, type TimeWindow } from './timeExpressions.js';
import { catchUp } from './vectors.js';
import { recordVisits } from './visits.js';
import type { Embedder } from './embed/types.js';

const CANDIDATES = 100;
/** The embedded vector is a weaker, mostly lexical signal than BM25: it refines, BM25 leads. */
const VECTOR_WEIGHT = 0.5;
const KNOWLEDGE_SIMILARITY_MIN = 0.01;
/** Pages the feedback words may hold between them: three times the candidates kept. */
const FEEDBACK_PAGE_BUDGET = 3 * CANDIDATES;
/** After the query embedder failed (a model server away), retrieval goes without it this long. */
const EMBEDDER_RETRY_MS = 30_000;
const embedderAwayUntil = new WeakMap<Embedder, number>();

interface Query {
  args: RetrieveMemoryArgs;
  now: number;
  /** The query's vector; null while the embedder cannot be reached (the other lists still rank). */
  vector: Float32Array | null;
  filter: PageFilter;
  /** The query's informative words to match (too common words dropped); none: no full-text list. */
  pageWords: string[];
  /** Every content word, for the knowledge bases (too small for pruning to matter). */
  knowledgeWords: string[];
  windows: TimeWindow[];
}

async function readQuery(
  ctx: MemoryContext,
  r: ReadTables,
  args: RetrieveMemoryArgs,
  vector: Float32Array | null,
): Promise<Query> {
  const now = ctx.now();
  const all = queryWords(args.query);
  return {
    args,
    now,
    vector,
    filter: {
      memoryType: args.memory_type,
      tags: args.tags,
      sinceMs: args.since ? Date.parse(args.since) : undefined,
      untilMs: args.until ? Date.parse(args.until) : undefined,
    },
    pageWords: await ctx.terms.informative(all, r),
    knowledgeWords: all,
    windows: timeWindows(args.query, now),
  };
}

/** The first full-text list, with bm25 scores (lower is better). */
function fullTextList(r: ReadTables, q: Query): Promise<TextHit[]> {
  return r.pages.match(q.pageWords, q.filter, CANDIDATES);
}

/**
 * The words that characterise the first pages found, as a second full-text list. FTS5's bm25() of
 * an OR query is the sum of its terms' scores, so the expanded query's ranking is the sum of the
 * first list's scores and those of a match on the new words alone — without scoring the query's own
 * words twice.
 */
async function feedbackList(ctx: MemoryContext, r: ReadTables, q: Query, first: TextHit[]): Promise<string[]> {
  if (first.length === 0) return [];
  const ids = first.slice(0, FEEDBACK_PAGES).map((h) => h.id);
  const expansion = await feedbackTerms(ctx, r, ids, new Set(words(q.args.query)), FEEDBACK_PAGE_BUDGET);
  if (expansion.length === 0) return [];
  const combined = new Map(first.map((h) => [h.id, h.s]));
  for (const h of await r.pages.match(expansion, q.filter, CANDIDATES))
    combined.set(h.id, (combined.get(h.id) ?? 0) + h.s);
  return [...combined]
    .sort((a, b) => a[1] - b[1])
    .slice(0, CANDIDATES)
    .map(([id]) => id);
}

/**
 * Times the query names ("on May 3, 2023", "in July 2023", "last week", "yesterday", relative to
 * now): the pages of those days, weeks or months, best full-text matches first, then the closest in
 * time to the middle of the named span (or to now, if sooner: a span still running is measured from
 * now, not from its middle in the future). The query's words stay in the full-text match too: a page
 * may say "last May" itself, and matching without them measured slightly worse (LoCoMo recall@10
 * 78.9 -> 78.7).
 */
async function dateList(r: ReadTables, q: Query): Promise<string[]> {
  if (q.windows.length === 0) return [];
  const inWindows: PageFilter = { ...q.filter, windows: q.windows };
  const moments = q.windows.map((w) => Math.min((w.fromMs + w.toMs) / 2, q.now));
  const matched = await r.pages.match(q.pageWords, inWindows, CANDIDATES, moments);
  return matched.length > 0 ? matched.map((h) => h.id) : r.pages.closest(inWindows, moments, CANDIDATES);
}

/**
 * The query's vector, or null when the embedder fails: a search must not fail because a model
 * server (EMBEDDING_PROVIDER=openai) is away, and while it is, queries do not wait for it again.
 */
async function queryVector(ctx: MemoryContext, query: string): Promise<Float32Array | null> {
  if ((embedderAwayUntil.get(ctx.embedder) ?? 0) > Date.now()) return null;
  try {
    const [vector] = await ctx.embedder.embed([query]);
    return vector ?? null;
  } catch (err) {
    embedderAwayUntil.set(ctx.embedder, Date.now() + EMBEDDER_RETRY_MS);
    ctx.log('warn', 'embedding a query failed; searching by full text, dates and feedback until it answers again', {
      user: ctx.user,
      error: (err as Error).message,
    });
    return null;
  }
}

async function vectorList(ctx: MemoryContext, r: ReadTables, q: Query): Promise<string[]> {
  if (!q.vector) return [];
  const allowed = isFiltered(q.filter) ? await r.pages.idsWhere(q.filter) : null;
  return ctx.pages.search(q.vector, CANDIDATES, allowed ? (id) => allowed.has(id) : undefined).map((h) => h.id);
}

/** The k best pages by fused score; a page deleted since it was matched is passed over. */
async function bestPages(r: ReadTables, fusion: RankFusion, k: number): Promise<RetrievedPage[]> {
  const ranked = fusion.ranked();
  const rowsOf = async (ids: string[]) => new Map((await r.pages.found(ids)).map((p) => [p.id, p]));
  let rows = await rowsOf(ranked.slice(0, k).map(([id]) => id));
  if (rows.size < Math.min(k, ranked.length)) rows = await rowsOf(ranked.map(([id]) => id));
  return ranked
    .filter(([id]) => rows.has(id))
    .slice(0, k)
    .map(([id, score]) => asRetrieved(rows.get(id)!, score));
}

/** Knowledge entries by full text and by vector, fused; at most `limit` of each kind. */
async function knowledgeList(ctx: MemoryContext, r: ReadTables, q: Query) {
  const fusion = new RankFusion();
  fusion.add(await r.knowledge.match(q.knowledgeWords, CANDIDATES));
  if (q.vector)
    fusion.add(
      ctx.knowledge
        .search(q.vector, CANDIDATES)
        .filter((h) => h.score >= KNOWLEDGE_SIMILARITY_MIN)
        .map((h) => h.id),
    );
  const limit = Math.min(ctx.settings.topKnowledge, q.args.max_results);
  const ranked = fusion.ranked();
  // The kinds of all candidates (a small read), then the texts of the winners alone.
  const kinds = await r.knowledge.kindsOf(ranked.map(([id]) => id));
  const taken = { user: 0, assistant: 0 };
  const winners = ranked.filter(([id]) => {
    const kind = kinds.get(id);
    return kind !== undefined && taken[kind]++ < limit;
  });
  const rows = new Map((await r.knowledge.byIds(winners.map(([id]) => id))).map((k) => [k.id, k]));
  const out = { user: [] as RetrievedKnowledge[], assistant: [] as RetrievedKnowledge[] };
  for (const [id, score] of winners) {
    const k = rows.get(id);
    if (k) out[k.kind].push({ id: k.id, kind: k.kind, text: k.text, created_at: k.created_at, score: round(score) });
  }
  return out;
}

type RetrievedKnowledge = RetrieveMemoryResult['retrieved_user_knowledge'][number];

const round = (x: number) => Number(x.toFixed(6));

const asRetrieved = (r: FoundPage, score: number): RetrievedPage => ({
  memory_id: r.id,
  user_input: r.user_input,
  agent_response: r.agent_response,
  timestamp: r.timestamp,
  memory_type: r.memory_type,
  tags: JSON.parse(r.tags) as string[],
  meta_info: r.meta_info,
  segment_id: r.segment_id,
  tier: r.tier,
  score: round(score),
});

export async function retrieve(ctx: MemoryContext, args: RetrieveMemoryArgs): Promise<RetrieveMemoryResult> {
  const started = performance.now();
  const vector = await queryVector(ctx, args.query);
  return ctx.store.read(async (r) => {
    await catchUp(ctx, r);
    const q = await readQuery(ctx, r, args, vector);

    const fusion = new RankFusion();
    const first = await fullTextList(r, q);
    fusion.add(first.map((h) => h.id));
    fusion.add(await feedbackList(ctx, r, q, first));
    fusion.add(await dateList(r, q));
    fusion.add(await vectorList(ctx, r, q), VECTOR_WEIGHT);
    const found = await bestPages(r, fusion, args.max_results);

    const hitSegments = new Set(found.map((p) => p.segment_id).filter((s): s is string => s !== null));
    if (hitSegments.size > 0) recordVisits(ctx, hitSegments, q.now);

    const known = await knowledgeList(ctx, r, q);
    const shortTerm = await r.pages.newestShortTerm(q.filter, ctx.settings.shortTermCapacity);
    return {
      status: 'success',
      query: args.query,
      user_profile: await r.profile.current(),
      short_term_memory: shortTerm.reverse().map((p) => asRetrieved(p, 0)),
      retrieved_pages: found,
      retrieved_user_knowledge: known.user,
      retrieved_assistant_knowledge: known.assistant,
      total_pages_found: fusion.scores.size,
      took_ms: Number((performance.now() - started).toFixed(3)),
    };
  });
}
