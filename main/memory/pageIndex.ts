// How a page is found: its own words plus the context it sits in (neighbouring exchanges of the same
// conversation, its chain's meta info, its segment's keywords, its month). Questions name people,
// times and topics that often live in a page's context rather than in its own words.
import type { MemoryContext } from './context.js';
import * as pages from './store/pages.js';
import { pageBody, type PageRow } from './store/pages.js';
import * as segments from './store/segments.js';
import { putVector } from './vectors.js';

const NEIGHBOUR_GAP_MS = 6 * 3600_000;
const NEIGHBOUR_CHARS = 600;
const CONTEXT_WEIGHT = 0.5;

/** The pages just before and after one, when they belong to the same conversation (close in time). */
function neighbours(ctx: MemoryContext, p: PageRow): PageRow[] {
  const { prev, next } = pages.adjacent(ctx.db, p.seq);
  return [prev, next].filter((n): n is PageRow => n !== undefined && Math.abs(n.ts_ms - p.ts_ms) <= NEIGHBOUR_GAP_MS);
}

function contextText(ctx: MemoryContext, p: PageRow): string {
  const parts = neighbours(ctx, p).map((n) => pageBody(n).slice(0, NEIGHBOUR_CHARS));
  if (p.meta_info) parts.push(p.meta_info);
  const segment = p.segment_id ? segments.get(ctx.db, p.segment_id) : undefined;
  if (segment) parts.push(segments.keywordsOf(segment).join(' '));
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
  const contexts = rows.map((r) => contextText(ctx, r));
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
export function writeIndex(ctx: MemoryContext, prepared: PreparedIndex[]): void {
  for (const p of prepared) {
    if (!pages.exists(ctx.db, p.id)) continue;
    pages.writeIndex(ctx.db, p.seq, p.id, p.body, p.context);
    putVector(ctx, 'page', p.id, p.vector);
  }
}

/** A page and the neighbours whose context mentions it. */
export function withNeighbours(ctx: MemoryContext, p: PageRow): PageRow[] {
  return [p, ...neighbours(ctx, p)];
}
