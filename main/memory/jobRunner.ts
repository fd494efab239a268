// Runs the persisted job queue of one user, one job at a time, off the request path.
import { analyze } from './analysis.js';
import { compact } from './compaction.js';
import { consolidate } from './consolidation.js';
import type { MemoryContext } from './context.js';
import { reembed } from './reembed.js';
import type { WriteLock } from './writeLock.js';

const MAX_ATTEMPTS = 5;

/** Runs queued jobs until none is left. */
export async function runJobs(ctx: MemoryContext, lock: WriteLock): Promise<void> {
  for (;;) {
    const job = await ctx.store.transaction((tx) => tx.jobs.claim());
    if (!job) return;
    try {
      if (job.kind === 'consolidate') await consolidate(ctx, lock, job.id);
      else if (job.kind === 'reembed') await reembed(ctx, lock, job.id);
      else if (job.kind === 'compact') await compact(ctx, lock, job.id);
      else await analyze(ctx, lock, job.id);
    } catch (err) {
      const attempts = job.attempts + 1;
      ctx.log('error', 'memory job failed', { user: ctx.user, job: job.kind, attempts, error: (err as Error).message });
      // A job that keeps failing is dropped, not retried forever: pages stay where they are (nothing is
      // lost) and the next add queues it again.
      await ctx.store.transaction((tx) =>
        attempts >= MAX_ATTEMPTS ? tx.jobs.remove(job.id) : tx.jobs.release(job.id, attempts),
      );
      if (attempts < MAX_ATTEMPTS) return;
    }
  }
}
