// Merging the full-text indexes in the background: consolidation counts the pages it indexed again,
// and when they reach a tenth of the store (at least MIN_WRITES) a `compact` job merges the index
// segments in small steps, one per turn of the event loop, so requests are served in between.
// Measured on stores filled one add at a time: a full-text match costs 433 -> 288 µs of CPU at 3,000
// pages and 224 -> 124 µs at 340 once the index is merged; merging 3,000 pages takes about 20 ms.
import { isoNow, type MemoryContext } from './context.js';
import type { FullTextIndex } from './store/rows.js';
import type { Tables } from './store/types.js';
import type { WriteLock } from './writeLock.js';

const MIN_WRITES = 50;
const GROWTH_SHARE = 0.1;
/** Leaf pages written per step: a few milliseconds of work. */
const STEP_PAGES = 200;

const writesSince = new WeakMap<MemoryContext, number>();

/**
 * Counts index writes; queues a compaction when enough have gathered. Call inside a write
 * transaction. A store whose indexes keep themselves (PostgreSQL's GIN) needs none.
 */
export async function noteIndexWrites(ctx: MemoryContext, tx: Tables, n: number): Promise<void> {
  if (!tx.fullText.merges) return;
  const total = (writesSince.get(ctx) ?? 0) + n;
  if (total < Math.max(MIN_WRITES, GROWTH_SHARE * (await tx.pages.count()))) return void writesSince.set(ctx, total);
  writesSince.set(ctx, 0);
  await tx.jobs.enqueue('compact', isoNow(ctx));
}

/**
 * Merges each index in steps until it is one segment, or until the steps have written about the
 * index's size: adds that arrive meanwhile write new segments, and merging those as they come would
 * rewrite the index again and again (measured: 33 s of steps while a store was being filled).
 */
export async function compact(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  for (const index of ['pages_fts', 'knowledge_fts'] as FullTextIndex[]) {
    const maxSteps = Math.ceil((await ctx.store.fullText.leafPages(index)) / STEP_PAGES) + 1;
    for (let step = 0; step < maxSteps; step++) {
      if (!(await lock.run(() => ctx.store.transaction((tx) => tx.fullText.mergeStep(index, STEP_PAGES))))) break;
      await new Promise((r) => setImmediate(r));
    }
  }
  await ctx.store.transaction((tx) => tx.jobs.remove(jobId));
}
