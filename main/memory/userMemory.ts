// One user's memory over its store (a SQLite file, or its rows in PostgreSQL): the UserMemory
// contract. Writes are serialised by a per-user lock; tier moves run from the persisted job queue
// after the reply. This file orchestrates: the SQL lives in store/, behind the MemoryStore interface.
import { refusalOf } from '../../shared/validation.js';
import { z } from 'zod';
import type { KnowledgeKind, ProfileVersion } from '../../shared/memory.js';
import {
  addMemoryInput,
  getUserProfileInput,
  retrieveMemoryInput,
  type AddMemoryArgs,
  type GetUserProfileArgs,
  type RetrieveMemoryArgs,
} from '../../shared/tools.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { isoNow, type MemoryContext } from './context.js';
import { addPage, indexPage } from './ingest.js';
import { runJobs } from './jobRunner.js';
import { removeKnowledge, removePage } from './records.js';
import { vectorsPending } from './reembed.js';
import { retrieve } from './retrieval.js';
import { toKnowledge, toPage, toSegment } from './store/rows.js';
import { exportLines, importLines } from './transfer.js';
import type { ImportReport, ListOptions, PagePatch, UserMemory } from './types.js';
import { catchUp, loadIndexes, putVector } from './vectors.js';
import { flushVisits } from './visits.js';
import { WriteLock } from './writeLock.js';

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidInputError(refusalOf(r.error).message);
  return r.data;
}

const paging = (o?: ListOptions) => ({
  offset: Math.max(0, o?.offset ?? 0),
  limit: Math.min(500, Math.max(1, o?.limit ?? 50)),
});

const knowledgeText = z.string().trim().min(1, 'knowledge text cannot be empty').max(2000);
const profileText = z.string().trim().max(20_000);

export class StoreUserMemory implements UserMemory {
  private readonly lock = new WriteLock();
  /** Settles when the store is ready: indexes loaded, a re-embedding queued if one is due. */
  readonly ready: Promise<void>;
  private worker: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly ctx: MemoryContext) {
    this.ready = this.open();
    // Handled by whoever awaits it; not an unhandled rejection meanwhile.
    this.ready.catch(() => undefined);
    this.kick();
  }

  get user(): string {
    return this.ctx.user;
  }

  private async open(): Promise<void> {
    try {
      await loadIndexes(this.ctx);
    } catch (err) {
      throw this.ctx.store.failure(err);
    }
    // Vectors of another embedder (or none): queue the re-embedding before the worker starts.
    // A store that cannot be written still opens for reading; its writes will say why.
    try {
      if ((await vectorsPending(this.ctx)) > 0)
        await this.ctx.store.transaction((tx) => tx.jobs.enqueue('reembed', isoNow(this.ctx)));
    } catch (err) {
      this.ctx.log('warn', 're-embedding could not be queued', { user: this.ctx.user, error: (err as Error).message });
    }
  }

  /** Runs an operation once the store is ready, mapping its failures (full disk, read-only, corrupt, unreachable). */
  private async guard<T>(fn: () => Promise<T> | T): Promise<T> {
    await this.ready;
    try {
      return await fn();
    } catch (err) {
      throw this.ctx.store.failure(err);
    }
  }

  /** Runs the queued jobs now, unless they are running. */
  wake(): void {
    this.kick();
  }

  private kick(): void {
    if (this.worker || this.closed) return;
    this.worker = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.ready)
      .then(() => runJobs(this.ctx, this.lock))
      .catch((err) =>
        this.ctx.log('error', 'memory worker stopped', { user: this.ctx.user, error: (err as Error).message }),
      )
      .finally(() => {
        this.worker = null;
      });
  }

  async add(input: AddMemoryArgs) {
    const args = parse(addMemoryInput, input);
    return this.lock.run(() =>
      this.guard(async () => {
        const row = await addPage(this.ctx, args);
        const shortCount = Math.min(this.ctx.settings.shortTermCapacity, await this.ctx.store.pages.count('short'));
        this.kick();
        return {
          status: 'success' as const,
          memory_id: row.id,
          timestamp: row.timestamp,
          short_term_count: shortCount,
          message: 'Memory stored.',
        };
      }),
    );
  }

  async retrieve(input: RetrieveMemoryArgs) {
    const args = parse(retrieveMemoryInput, input);
    if (args.since && args.until && Date.parse(args.since) > Date.parse(args.until))
      throw new InvalidInputError('since must not be after until');
    return this.guard(() => retrieve(this.ctx, args));
  }

  async profile(input: GetUserProfileArgs) {
    const args = parse(getUserProfileInput, input);
    const history = await this.profileHistory();
    const latest = history[0];
    return {
      status: 'success' as const,
      user: this.ctx.user,
      profile: latest?.text ?? '',
      profile_updated_at: latest?.created_at ?? null,
      user_knowledge: args.include_knowledge ? (await this.listKnowledge('user', { limit: 500 })).items : [],
      assistant_knowledge: args.include_knowledge ? (await this.listKnowledge('assistant', { limit: 500 })).items : [],
      history: args.include_history ? history : [],
    };
  }

  async delete(memoryId: string) {
    return this.lock.run(() =>
      this.guard(async () => {
        const kind = await this.ctx.store.transaction(async (tx) =>
          (await removePage(this.ctx, tx, memoryId))
            ? ('page' as const)
            : (await removeKnowledge(this.ctx, tx, memoryId))
              ? ('knowledge' as const)
              : null,
        );
        if (!kind) throw new NotFoundError(`no memory with id "${memoryId}"`);
        return { status: 'success' as const, memory_id: memoryId, deleted: true as const, kind };
      }),
    );
  }

  counts() {
    return this.guard(() =>
      this.ctx.store.read(async (r) => {
        await catchUp(this.ctx, r);
        return {
          short_term: await r.pages.count('short'),
          mid_term_pages: await r.pages.count('mid'),
          segments: await r.segments.count(),
          user_knowledge: await r.knowledge.count('user'),
          assistant_knowledge: await r.knowledge.count('assistant'),
          queued_jobs: await r.jobs.count(),
          vectors_pending: await vectorsPending(this.ctx, r),
        };
      }),
    );
  }

  listShortTerm() {
    return this.guard(async () => (await this.ctx.store.pages.shortTerm()).map(toPage));
  }

  listSegments(opts?: ListOptions) {
    return this.guard(async () => {
      await flushVisits(this.ctx);
      const { offset, limit } = paging(opts);
      return this.ctx.store.read(async (r) => ({
        items: (await r.segments.list(this.ctx.settings, this.ctx.now(), offset, limit)).map(toSegment),
        total: await r.segments.count(),
      }));
    });
  }

  segmentPages(segmentId: string, opts?: ListOptions) {
    return this.guard(() =>
      this.ctx.store.read(async (r) => {
        if (!(await r.segments.get(segmentId))) throw new NotFoundError(`no segment with id "${segmentId}"`);
        const { offset, limit } = paging(opts);
        return {
          items: (await r.pages.ofSegment(segmentId, offset, limit)).map(toPage),
          total: await r.pages.countOfSegment(segmentId),
        };
      }),
    );
  }

  listPages(opts?: ListOptions & { tier?: 'short' | 'mid' }) {
    const { offset, limit } = paging(opts);
    return this.guard(() =>
      this.ctx.store.read(async (r) => ({
        items: (await r.pages.list(offset, limit, opts?.tier)).map(toPage),
        total: await r.pages.count(opts?.tier),
      })),
    );
  }

  getPage(id: string) {
    return this.guard(async () => {
      const r = await this.ctx.store.pages.get(id);
      if (!r) throw new NotFoundError(`no memory with id "${id}"`);
      return toPage(r);
    });
  }

  async updatePage(id: string, patch: PagePatch) {
    const current = await this.getPage(id);
    const merged = parse(addMemoryInput, {
      user_input: patch.user_input ?? current.user_input,
      agent_response: patch.agent_response ?? current.agent_response,
      memory_type: patch.memory_type ?? current.memory_type,
      tags: patch.tags ?? current.tags,
      timestamp: patch.timestamp ?? current.timestamp,
    });
    return this.lock.run(() =>
      this.guard(async () => {
        const ts = new Date(merged.timestamp!);
        const content = {
          user_input: merged.user_input,
          agent_response: merged.agent_response,
          memory_type: merged.memory_type,
          tags: JSON.stringify([...new Set(merged.tags)]),
          timestamp: ts.toISOString(),
          ts_ms: ts.getTime(),
          updated_at: isoNow(this.ctx),
        };
        await this.ctx.store.transaction((tx) => tx.pages.updateContent(id, content));
        const row = await this.ctx.store.pages.get(id);
        if (!row) throw new NotFoundError(`no memory with id "${id}"`);
        await indexPage(this.ctx, row);
        return toPage(row);
      }),
    );
  }

  listKnowledge(kind: KnowledgeKind, opts?: ListOptions) {
    const { offset, limit } = paging(opts);
    return this.guard(() =>
      this.ctx.store.read(async (r) => ({
        items: (await r.knowledge.list(kind, offset, limit)).map(toKnowledge),
        total: await r.knowledge.count(kind),
      })),
    );
  }

  async updateKnowledge(id: string, text: string) {
    const clean = parse(knowledgeText, text);
    const [vector] = await this.ctx.embedder.embed([clean]);
    return this.lock.run(() =>
      this.guard(() =>
        this.ctx.store.transaction(async (tx) => {
          if (!(await tx.knowledge.get(id))) throw new NotFoundError(`no knowledge entry with id "${id}"`);
          await tx.knowledge.updateText(id, clean);
          await putVector(this.ctx, tx, 'knowledge', id, vector!);
          return toKnowledge((await tx.knowledge.get(id))!);
        }),
      ),
    );
  }

  profileHistory(): Promise<ProfileVersion[]> {
    return this.guard(() => this.ctx.store.profile.history());
  }

  async setProfile(text: string): Promise<ProfileVersion> {
    return this.changeProfile(() => text);
  }

  async changeProfile(change: (current: string) => string): Promise<ProfileVersion> {
    return this.guard(() =>
      this.ctx.store.transaction(async (tx) => {
        const clean = parse(profileText, change(await tx.profile.current()));
        return tx.profile.insert(clean, 'edit', isoNow(this.ctx));
      }),
    );
  }

  async *exportLines() {
    await this.ready;
    try {
      yield* exportLines(this.ctx);
    } catch (err) {
      throw this.ctx.store.failure(err);
    }
  }

  async importLines(lines: Iterable<unknown>): Promise<ImportReport> {
    try {
      return await this.guard(() => importLines(this.ctx, this.lock, lines));
    } finally {
      this.kick();
    }
  }

  async drain(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      this.kick();
      if (this.worker) await this.worker;
      if (this.closed || (await this.guard(() => this.ctx.store.jobs.count())) === 0) return;
      // Left queued: a job that failed (tried again now), or one another replica is running.
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async backup(toFile: string): Promise<void> {
    await this.guard(async () => {
      await flushVisits(this.ctx);
      await this.ctx.store.backup(toFile);
    });
  }

  async closeAfterWork(): Promise<void> {
    if (this.worker) await this.worker.catch(() => undefined);
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.ready.catch(() => undefined);
    await flushVisits(this.ctx);
    await this.ctx.store.close();
  }
}
