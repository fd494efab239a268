// A change of embedder (provider, model or size: its id) leaves stored vectors of the old one, which
// the indexes no longer load. This job embeds again, in batches off the request path, every page,
// segment and knowledge entry without a vector of the current embedder; each batch commits on its
// own, so a restart resumes where it stopped. Until it is done, the pages still waiting are found
// by full-text search. Progress is the number left (counts().vectors_pending, shown in the dashboard).
// The job's own selection asks SQLite which rows lack a vector; the count of what is left comes
// from the in-memory indexes.
import { putVector, type MemoryContext } from './context.js';
import { prepareIndex, writeIndex } from './pageIndex.js';
import type { PageRow } from './store/rows.js';
import type { WriteLock } from './writeLock.js';

const BATCH = 64;

const missing = (kind: 'page' | 'segment' | 'knowledge', table: string) =>
  `FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.owner_kind = '${kind}' AND e.owner_id = t.id AND e.embedder = ?)`;

/**
 * How many pages, segments and knowledge entries still lack a vector of the current embedder: rows
 * less the vectors the indexes hold (loaded at open for this embedder only, kept in step by every
 * write since), so it costs three counts, not a scan of every row.
 */
export function vectorsPending(ctx: MemoryContext): number {
  const rows = (table: string) => (ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return (
    Math.max(0, rows('pages') - ctx.pages.size) +
    Math.max(0, rows('segments') - ctx.segments.size) +
    Math.max(0, rows('knowledge') - ctx.knowledge.size)
  );
}

/** Embeds one batch; false when nothing was left. */
async function step(ctx: MemoryContext, lock: WriteLock): Promise<boolean> {
  const id = ctx.embedder.id;
  const pages = ctx.db
    .prepare(`SELECT t.* ${missing('page', 'pages')} ORDER BY t.seq LIMIT ${BATCH}`)
    .all(id) as PageRow[];
  if (pages.length > 0) {
    const prepared = await prepareIndex(ctx, pages);
    await lock.run(() => ctx.db.transaction(() => writeIndex(ctx, prepared))());
    return true;
  }
  const segments = ctx.db
    .prepare(`SELECT t.id, t.summary, t.keywords ${missing('segment', 'segments')} LIMIT ${BATCH}`)
    .all(id) as { id: string; summary: string; keywords: string }[];
  const knowledge = ctx.db
    .prepare(`SELECT t.id, t.text ${missing('knowledge', 'knowledge')} LIMIT ${BATCH}`)
    .all(id) as { id: string; text: string }[];
  if (segments.length + knowledge.length === 0) return false;
  const texts = [
    ...segments.map((s) => `${s.summary}\n${(JSON.parse(s.keywords) as string[]).join(' ')}`),
    ...knowledge.map((k) => k.text),
  ];
  const vectors = await ctx.embedder.embed(texts);
  await lock.run(() =>
    ctx.db.transaction(() => {
      const segmentExists = ctx.db.prepare('SELECT 1 FROM segments WHERE id = ?');
      const knowledgeExists = ctx.db.prepare('SELECT 1 FROM knowledge WHERE id = ?');
      segments.forEach((s, i) => segmentExists.get(s.id) && putVector(ctx, 'segment', s.id, vectors[i]!));
      knowledge.forEach(
        (k, i) => knowledgeExists.get(k.id) && putVector(ctx, 'knowledge', k.id, vectors[segments.length + i]!),
      );
    })(),
  );
  return true;
}

export async function reembed(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  const total = vectorsPending(ctx);
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
  ctx.db.prepare('DELETE FROM jobs WHERE id = ?').run(jobId);
  if (total > 0) ctx.log('info', 're-embedding done', { user: ctx.user, embedder: ctx.embedder.id, embedded: total });
}
