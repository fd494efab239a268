// How a page is found: its own words plus the context it sits in (neighbouring exchanges of the same
// conversation, its chain's meta info, its segment's keywords). Questions name people, times and
// topics that often live in a page's context rather than in its own words.
import { blend, pageBody, putVector, type MemoryContext } from './context.js';
import type { PageRow } from './store/rows.js';

const NEIGHBOUR_GAP_MS = 6 * 3600_000;
const NEIGHBOUR_CHARS = 600;
const CONTEXT_WEIGHT = 0.5;

function neighbours(ctx: MemoryContext, p: PageRow): PageRow[] {
  const prev = ctx.db.prepare('SELECT * FROM pages WHERE seq < ? ORDER BY seq DESC LIMIT 1').get(p.seq) as
    PageRow | undefined;
  const next = ctx.db.prepare('SELECT * FROM pages WHERE seq > ? ORDER BY seq ASC LIMIT 1').get(p.seq) as
    PageRow | undefined;
  return [prev, next].filter((n): n is PageRow => n !== undefined && Math.abs(n.ts_ms - p.ts_ms) <= NEIGHBOUR_GAP_MS);
}

export function contextText(ctx: MemoryContext, p: PageRow): string {
  const parts = neighbours(ctx, p).map((n) => pageBody(n).slice(0, NEIGHBOUR_CHARS));
  if (p.meta_info) parts.push(p.meta_info);
  if (p.segment_id) {
    const seg = ctx.db.prepare('SELECT keywords FROM segments WHERE id = ?').get(p.segment_id) as
      { keywords: string } | undefined;
    if (seg) parts.push((JSON.parse(seg.keywords) as string[]).join(' '));
  }
  const d = new Date(p.ts_ms);
  parts.push(d.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  return parts.join('\n');
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
  const exists = ctx.db.prepare('SELECT 1 FROM pages WHERE id = ?');
  const del = ctx.db.prepare('DELETE FROM pages_fts WHERE rowid = ?');
  const ins = ctx.db.prepare('INSERT INTO pages_fts (rowid, id, body, context) VALUES (?, ?, ?, ?)');
  for (const p of prepared) {
    if (!exists.get(p.id)) continue;
    del.run(p.seq);
    ins.run(p.seq, p.id, p.body, p.context);
    putVector(ctx, 'page', p.id, p.vector);
  }
}

export function pageRow(ctx: MemoryContext, id: string): PageRow | undefined {
  return ctx.db.prepare('SELECT * FROM pages WHERE id = ?').get(id) as PageRow | undefined;
}

/** A page and the neighbours whose context mentions it. */
export function withNeighbours(ctx: MemoryContext, p: PageRow): PageRow[] {
  return [p, ...neighbours(ctx, p)];
}
