// Hot mid-term segments -> long-term memory: the user's profile and the two knowledge bases, run
// from the job queue. Every hot segment is analysed (the reference took only the hottest, and an
// analysed hot segment blocked the others).
import { randomUUID } from 'node:crypto';
import { isoNow, type MemoryContext } from './context.js';
import { asText, hotSegments } from './consolidation.js';
import { addKnowledge, removeKnowledge } from './records.js';
import { inTransaction } from './store/database.js';
import * as jobs from './store/jobs.js';
import * as knowledge from './store/knowledge.js';
import * as pages from './store/pages.js';
import * as profile from './store/profile.js';
import * as segments from './store/segments.js';
import type { WriteLock } from './writeLock.js';

const PROFILE_MIN_CHARS = 30;
const KNOWLEDGE_MAX_CHARS = 2000;

export async function analyze(ctx: MemoryContext, lock: WriteLock, jobId: number): Promise<void> {
  for (const seg of hotSegments(ctx, ctx.now())) {
    const batch = pages.unanalysedOfSegment(ctx.db, seg.id);
    if (batch.length === 0) continue;
    const current = profile.current(ctx.db);
    const merged = await ctx.llm.profile(current, batch.map(asText));
    const found = (await ctx.llm.knowledge(batch.map(asText))).value;
    const entries = [
      ...found.user.map((text) => ({ kind: 'user' as const, text: text.trim() })),
      ...found.assistant.map((text) => ({ kind: 'assistant' as const, text: text.trim() })),
    ].filter((e) => e.text.length > 0 && e.text.length <= KNOWLEDGE_MAX_CHARS);
    const vectors = await ctx.embedder.embed(entries.map((e) => e.text));
    await lock.run(() =>
      inTransaction(ctx.db, () => {
        const nowIso = isoNow(ctx);
        const text = merged.value.trim();
        // Kept only when substantive (the reference's rule), and only when it changed.
        if (text.length >= PROFILE_MIN_CHARS && text.toLowerCase() !== 'none' && text !== current)
          profile.insert(ctx.db, text, merged.source, nowIso);
        const sources = JSON.stringify(batch.map((p) => p.id));
        entries.forEach((e, i) =>
          addKnowledge(
            ctx,
            { id: `kn_${randomUUID()}`, kind: e.kind, text: e.text, source_page_ids: sources, created_at: nowIso },
            vectors[i]!,
          ),
        );
        trimKnowledge(ctx);
        pages.markAnalyzed(
          ctx.db,
          batch.map((p) => p.id),
        );
        segments.resetCounters(ctx.db, seg.id);
      }),
    );
  }
  jobs.remove(ctx.db, jobId);
}

/** Knowledge bases keep their newest `knowledgeCapacity` entries per kind. */
function trimKnowledge(ctx: MemoryContext): void {
  for (const kind of ['user', 'assistant'] as const)
    for (const id of knowledge.beyond(ctx.db, kind, ctx.settings.knowledgeCapacity)) removeKnowledge(ctx, id);
}
