// How a page is found: its own words plus the context it sits in (neighbouring exchanges of the same
// conversation, its chain's meta info, its segment's keywords, its month). Questions name people,
// times and topics that often live in a page's context rather than in its own words.
import type { MemoryContext } from './context.js';
import { keywordsOf, pageBody, type PageRow } from './store/rows.js';
import type { ReadTables, Tables } from './store/types.js';
import { putVector } from './vectors.js';

const NEIGHBOUR_GAP_MS = 6 * 3600_000;
const NEIGHBOUR_CHARS = 600;
const CONTEXT_WEIGHT = 0.5;

/** The pages just before and after one, when they belong to the same conversation (close in time). */
async function neighbours(r: ReadTables, p: PageRow): Promise<PageRow[]> {
  const { prev, next } = await r.pages.adjacent(p.seq);
  return [prev, next].filter((n): n is PageRow => n !== undefined && Math.abs(n.ts_ms - p.ts_ms) <= NEIGHBOUR_GAP_MS);
}

async function contextText(r: ReadTables, p: PageRow): Promise<string> {
  const parts = (await neighbours(r, p)).map((n) => pageBody(n).slice(0, NEIGHBOUR_CHARS));
  if (p.meta_info) parts.push(p.meta_info);
  const segment = p.segment_id ? await r.segments.get(p.segment_id) : undefined;
  if (segment) parts.push(keywordsOf(segment).join(' '));
  const d = new Date(p.ts_ms);
  parts.push(d.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  return parts.join('\n');
}

/** Blend of a page's own vector with its context's, so a page can be found by its neighbours' words. */
function blend(own: Float32Array, context: Float32Array | undefined, weight: number): Float32Array {
  if (!context) return own;
  const v = new Float32Array(own.length);
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = own[i]! + weight * context[i]!;
    norm += v[i]! * v[i]!;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export interface PreparedIndex {
  id: string;
  seq: number;
  body: string;
  context: string;
  vector: Float32Array;
}

/** Reads what is needed and embeds; async, outside any transaction. */
export async function prepareIndex(ctx: MemoryContext, rows: PageRow[]): Promise<PreparedIndex[]> {
  const bodies = rows.map(pageBody);
  const contexts = await ctx.store.read(async (r) => {
    const out: string[] = [];
    for (const row of rows) out.push(await contextText(r, row));
    return out;
  });
  const vectors = await ctx.embedder.embed([...bodies, ...contexts]);
  return rows.map((r, i) => ({
    id: r.id,
    seq: r.seq,
    body: bodies[i]!,
    context: contexts[i]!,
    vector: blend(vectors[i]!, contexts[i] ? vectors[rows.length + i] : undefined, CONTEXT_WEIGHT),
  }));
}

/** Writes prepared index entries; call inside the caller's transaction. Skips pages deleted meanwhile. */
export async function writeIndex(ctx: MemoryContext, tx: Tables, prepared: PreparedIndex[]): Promise<void> {
  for (const p of prepared) {
    if (!(await tx.pages.exists(p.id))) continue;
    await tx.pages.writeIndex(p.seq, p.id, p.body, p.context);
    await putVector(ctx, tx, 'page', p.id, p.vector);
  }
}

/** A page and the neighbours whose context mentions it. */
export async function withNeighbours(ctx: MemoryContext, p: PageRow): Promise<PageRow[]> {
  return [p, ...(await neighbours(ctx.store, p))];
}
