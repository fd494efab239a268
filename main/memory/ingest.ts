// add_memory: a page is committed (short-term tier, found by its own words) before the reply, then
// indexed with its context; short-term overflow queues consolidation.
import { randomUUID } from 'node:crypto';
import type { AddMemoryArgs } from '../../shared/tools.js';
import { isoNow, type MemoryContext } from './context.js';
import { prepareIndex, withNeighbours, writeIndex } from './pageIndex.js';
import type { PageRow } from './store/rows.js';

/**
 * Adds a page under a new id, or under `id` (an import keeps the ids it was exported with). Call
 * under the user's write lock. Storage failures are thrown as they come (the caller maps them).
 */
export async function addPage(ctx: MemoryContext, args: AddMemoryArgs, id = `mem_${randomUUID()}`): Promise<PageRow> {
  const nowIso = isoNow(ctx);
  const ts = args.timestamp ? new Date(args.timestamp) : new Date(ctx.now());
  const row: PageRow = {
    id,
    seq: 0,
    user_input: args.user_input,
    agent_response: args.agent_response,
    timestamp: ts.toISOString(),
    ts_ms: ts.getTime(),
    memory_type: args.memory_type,
    tags: JSON.stringify([...new Set(args.tags)]),
    tier: 'short',
    meta_info: null,
    segment_id: null,
    pre_page: null,
    next_page: null,
    analyzed: 0,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await ctx.store.transaction(async (tx) => {
    row.seq = await tx.pages.insert(row);
    if ((await tx.pages.count('short')) > ctx.settings.shortTermCapacity) await tx.jobs.enqueue('consolidate', nowIso);
  });
  // Committed above: from here on the memory survives a crash. Indexing with neighbour context follows.
  await indexPage(ctx, row);
  return row;
}

/** Indexes a page (and the neighbours whose context mentions it); a failure is logged and retried later. */
export async function indexPage(ctx: MemoryContext, row: PageRow): Promise<void> {
  try {
    const prepared = await prepareIndex(ctx, await withNeighbours(ctx, row));
    await ctx.store.transaction((tx) => writeIndex(ctx, tx, prepared));
  } catch (err) {
    ctx.log('warn', 'indexing a memory failed; it is stored, found by full-text search, and embedded again later', {
      user: ctx.user,
      error: (err as Error).message,
    });
    await ctx.store
      .transaction((tx) => tx.jobs.enqueue('reembed', isoNow(ctx)))
      .catch(() => {
        // the store refuses writes: the next open queues it
      });
  }
}
