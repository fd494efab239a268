// Hot mid-term segments -> long-term memory: the user's profile and the two knowledge bases, run
// from the job queue. Every hot segment is analysed (the reference took only the hottest, and an
// analysed hot segment blocked the others).
import { randomUUID } from 'node:crypto';
import { isoNow, type MemoryContext } from './context.js';
import { asText, hotSegments } from './consolidation.js';
import { addKnowledge, removeKnowledge } from './records.js';
import type { Tables } from './store/types.js';
import type { WriteLock } from './writeLock.js';

const PROFILE_MIN_CHARS = 30;
const KNOWLEDGE_MAX_CHARS = 2000;

export async function analyze(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  for (const seg of await hotSegments(ctx, null, ctx.now())) {
    const batch = await ctx.store.pages.unanalysedOfSegment(seg.id);
    if (batch.length === 0) continue;
    const current = await ctx.store.profile.current();
    const merged = await ctx.llm.profile(current, batch.map(asText));
    const found = (await ctx.llm.knowledge(batch.map(asText))).value;
    const entries = [
      ...found.user.map((text) => ({ kind: 'user' as const, text: text.trim() })),
      ...found.assistant.map((text) => ({ kind: 'assistant' as const, text: text.trim() })),
    ].filter((e) => e.text.length > 0 && e.text.length <= KNOWLEDGE_MAX_CHARS);
    const vectors = await ctx.embedder.embed(entries.map((e) => e.text));
    await lock.run(() =>
      ctx.store.transaction(async (tx) => {
        const nowIso = isoNow(ctx);
        const text = merged.value.trim();
        // Kept only when substantive (the reference's rule), and only when it changed.
        if (text.length >= PROFILE_MIN_CHARS && text.toLowerCase() !== 'none' && text !== current)
          await tx.profile.insert(text, merged.source, nowIso);
        const sources = JSON.stringify(batch.map((p) => p.id));
        for (const [i, e] of entries.entries())
          await addKnowledge(
            ctx,
            tx,
            { id: `kn_${randomUUID()}`, kind: e.kind, text: e.text, source_page_ids: sources, created_at: nowIso },
            vectors[i]!,
          );
        await trimKnowledge(ctx, tx);
        await tx.pages.markAnalyzed(batch.map((p) => p.id));
        await tx.segments.resetCounters(seg.id);
      }),
    );
  }
  await ctx.store.transaction((tx) => tx.jobs.remove(jobId));
}

/** Knowledge bases keep their newest `knowledgeCapacity` entries per kind. */
async function trimKnowledge(ctx: MemoryContext, tx: Tables): Promise<void> {
  for (const kind of ['user', 'assistant'] as const)
    for (const id of await tx.knowledge.beyond(kind, ctx.settings.knowledgeCapacity))
      await removeKnowledge(ctx, tx, id);
}
