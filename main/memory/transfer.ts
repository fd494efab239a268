// Export to JSONL lines and import from them. Import is idempotent: pages and knowledge keep the ids
// they were exported with and profile versions are known by text and time, so importing the same
// lines again adds nothing; the report counts what was added, skipped (already present) and refused.
import { refusalOf } from '../../shared/validation.js';
import { exportLineSchema, type ExportLine, type Page } from '../../shared/memory.js';
import { addMemoryInput } from '../../shared/tools.js';
import { type MemoryContext } from './context.js';
import { addPage } from './ingest.js';
import { addKnowledge } from './records.js';
import { toKnowledge, toPage, type KnowledgeRow } from './store/rows.js';
import type { ImportReport } from './types.js';
import { flushVisits } from './visits.js';
import type { WriteLock } from './writeLock.js';

const MAX_ERRORS = 20;
const ID = /^[A-Za-z0-9_-]{1,128}$/;
const KNOWLEDGE_MAX_CHARS = 2000;

/** Pages read per step of an export. */
const EXPORT_BATCH = 500;

export async function* exportLines(ctx: MemoryContext): AsyncIterable<ExportLine> {
  await flushVisits(ctx);
  for (let seq = 0; ;) {
    const batch = await ctx.store.pages.after(seq, EXPORT_BATCH);
    for (const r of batch) yield { type: 'page', page: toPage(r) };
    if (batch.length < EXPORT_BATCH) break;
    seq = batch[batch.length - 1]!.seq;
  }
  for (const r of await ctx.store.knowledge.all()) yield { type: 'knowledge', knowledge: toKnowledge(r) };
  for (const p of (await ctx.store.profile.history()).reverse()) yield { type: 'profile', profile: p };
}

class Refusal extends Error {}

function refuseUnless(ok: boolean, message: string): void {
  if (!ok) throw new Refusal(message);
}

async function importPage(ctx: MemoryContext, lock: WriteLock, p: Page): Promise<boolean> {
  refuseUnless(ID.test(p.id), `page id "${p.id.slice(0, 40)}" is not a memory id`);
  const args = addMemoryInput.safeParse({
    user_input: p.user_input,
    agent_response: p.agent_response,
    memory_type: p.memory_type,
    tags: p.tags,
    timestamp: p.timestamp,
  });
  refuseUnless(args.success, args.success ? '' : refusalOf(args.error).message);
  return lock.run(async () => {
    if ((await ctx.store.pages.exists(p.id)) || (await ctx.store.knowledge.get(p.id))) return false;
    await addPage(ctx, args.data!, p.id);
    return true;
  });
}

async function importKnowledge(ctx: MemoryContext, lock: WriteLock, k: KnowledgeRow): Promise<boolean> {
  refuseUnless(ID.test(k.id), `knowledge id "${k.id.slice(0, 40)}" is not a memory id`);
  const text = k.text.trim();
  refuseUnless(text.length > 0 && text.length <= KNOWLEDGE_MAX_CHARS, 'knowledge text must be 1 to 2000 characters');
  const [vector] = await ctx.embedder.embed([text]);
  return lock.run(() =>
    ctx.store.transaction(
      async (tx) => !(await tx.pages.exists(k.id)) && addKnowledge(ctx, tx, { ...k, text }, vector!),
    ),
  );
}

function importProfile(ctx: MemoryContext, text: string, createdAt: string): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    if (await tx.profile.has(text, createdAt)) return false;
    await tx.profile.insert(text, 'import', createdAt);
    return true;
  });
}

/** Imports lines one at a time; a bad line is refused with its reason and stops nothing else. */
export async function importLines(
  ctx: MemoryContext,
  lock: WriteLock,
  lines: Iterable<unknown>,
): Promise<ImportReport> {
  const report: ImportReport = { pages: 0, knowledge: 0, profiles: 0, skipped: 0, refused: 0, errors: [] };
  const refuse = (n: number, message: string) => {
    report.refused++;
    if (report.errors.length < MAX_ERRORS) report.errors.push(`line ${n}: ${message}`);
  };
  let n = 0;
  for (const raw of lines) {
    n++;
    if (typeof raw === 'object' && raw !== null && typeof (raw as { invalid?: unknown }).invalid === 'string') {
      refuse(n, 'it is not JSON (each line of an export is one JSON object)');
      continue;
    }
    const parsed = exportLineSchema.safeParse(raw);
    if (!parsed.success) {
      refuse(n, refusalOf(parsed.error).message);
      continue;
    }
    const line = parsed.data;
    try {
      const added =
        line.type === 'page'
          ? await importPage(ctx, lock, line.page)
          : line.type === 'knowledge'
            ? await importKnowledge(ctx, lock, {
                ...line.knowledge,
                source_page_ids: JSON.stringify(line.knowledge.source_page_ids),
              })
            : await lock.run(() => importProfile(ctx, line.profile.text, line.profile.created_at));
      if (!added) report.skipped++;
      else if (line.type === 'page') report.pages++;
      else if (line.type === 'knowledge') report.knowledge++;
      else report.profiles++;
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      refuse(n, err.message);
    }
  }
  return report;
}
