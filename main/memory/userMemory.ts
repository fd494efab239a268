// One user's memory over one SQLite file: the UserMemory contract. Writes are serialised by a
// per-user lock; tier moves run from the persisted job queue after the reply. This file orchestrates:
// the SQL lives in store/, one module per table.
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
import { inTransaction, storageFailure } from './store/database.js';
import * as jobs from './store/jobs.js';
import * as knowledge from './store/knowledge.js';
import * as pages from './store/pages.js';
import * as profile from './store/profile.js';
import * as segments from './store/segments.js';
import { exportLines, importLines } from './transfer.js';
import type { ImportReport, ListOptions, PagePatch, UserMemory } from './types.js';
import { putVector } from './vectors.js';
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

export class SqliteUserMemory implements UserMemory {
  private readonly lock = new WriteLock();
  private worker: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly ctx: MemoryContext) {
    this.kick();
  }

  get user(): string {
    return this.ctx.user;
  }

  /** Runs an operation, mapping SQLite failures (full disk, read-only, corrupt) to StorageError. */
  private async guard<T>(fn: () => Promise<T> | T): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storageFailure(err, this.ctx.file);
    }
  }

  private guardSync<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw storageFailure(err, this.ctx.file);
    }
  }

  private kick(): void {
    if (this.worker || this.closed) return;
    this.worker = new Promise<void>((resolve) => setImmediate(resolve))
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
    return this.lock.run(async () => {
      const row = await this.guard(() => addPage(this.ctx, args));
      const shortCount = Math.min(this.ctx.settings.shortTermCapacity, pages.count(this.ctx.db, 'short'));
      this.kick();
      return {
        status: 'success' as const,
        memory_id: row.id,
        timestamp: row.timestamp,
        short_term_count: shortCount,
        message: 'Memory stored.',
      };
    });
  }

  async retrieve(input: RetrieveMemoryArgs) {
    const args = parse(retrieveMemoryInput, input);
    if (args.since && args.until && Date.parse(args.since) > Date.parse(args.until))
      throw new InvalidInputError('since must not be after until');
    return this.guard(() => retrieve(this.ctx, args));
  }

  async profile(input: GetUserProfileArgs) {
    const args = parse(getUserProfileInput, input);
    const history = this.profileHistory();
    const latest = history[0];
    return {
      status: 'success' as const,
      user: this.ctx.user,
      profile: latest?.text ?? '',
      profile_updated_at: latest?.created_at ?? null,
      user_knowledge: args.include_knowledge ? this.listKnowledge('user', { limit: 500 }).items : [],
      assistant_knowledge: args.include_knowledge ? this.listKnowledge('assistant', { limit: 500 }).items : [],
      history: args.include_history ? history : [],
    };
  }

  async delete(memoryId: string) {
    return this.lock.run(() =>
      this.guardSync(() => {
        const kind = inTransaction(this.ctx.db, () =>
          removePage(this.ctx, memoryId)
            ? ('page' as const)
            : removeKnowledge(this.ctx, memoryId)
              ? ('knowledge' as const)
              : null,
        );
        if (!kind) throw new NotFoundError(`no memory with id "${memoryId}"`);
        return { status: 'success' as const, memory_id: memoryId, deleted: true as const, kind };
      }),
    );
  }

  counts() {
    const db = this.ctx.db;
    return {
      short_term: pages.count(db, 'short'),
      mid_term_pages: pages.count(db, 'mid'),
      segments: segments.count(db),
      user_knowledge: knowledge.count(db, 'user'),
      assistant_knowledge: knowledge.count(db, 'assistant'),
      queued_jobs: jobs.count(db),
      vectors_pending: vectorsPending(this.ctx),
    };
  }

  listShortTerm() {
    return pages.shortTerm(this.ctx.db).map(pages.toPage);
  }

  listSegments(opts?: ListOptions) {
    flushVisits(this.ctx);
    const { offset, limit } = paging(opts);
    const items = segments.list(this.ctx.db, this.ctx.settings, this.ctx.now(), offset, limit).map(segments.toSegment);
    return { items, total: segments.count(this.ctx.db) };
  }

  segmentPages(segmentId: string, opts?: ListOptions) {
    if (!segments.get(this.ctx.db, segmentId)) throw new NotFoundError(`no segment with id "${segmentId}"`);
    const { offset, limit } = paging(opts);
    return {
      items: pages.ofSegment(this.ctx.db, segmentId, offset, limit).map(pages.toPage),
      total: pages.countOfSegment(this.ctx.db, segmentId),
    };
  }

  listPages(opts?: ListOptions & { tier?: 'short' | 'mid' }) {
    const { offset, limit } = paging(opts);
    return {
      items: pages.list(this.ctx.db, offset, limit, opts?.tier).map(pages.toPage),
      total: pages.count(this.ctx.db, opts?.tier),
    };
  }

  getPage(id: string) {
    const r = pages.get(this.ctx.db, id);
    if (!r) throw new NotFoundError(`no memory with id "${id}"`);
    return pages.toPage(r);
  }

  async updatePage(id: string, patch: PagePatch) {
    const current = this.getPage(id);
    const merged = parse(addMemoryInput, {
      user_input: patch.user_input ?? current.user_input,
      agent_response: patch.agent_response ?? current.agent_response,
      memory_type: patch.memory_type ?? current.memory_type,
      tags: patch.tags ?? current.tags,
      timestamp: patch.timestamp ?? current.timestamp,
    });
    return this.lock.run(async () => {
      const ts = new Date(merged.timestamp!);
      this.guardSync(() =>
        pages.updateContent(this.ctx.db, id, {
          user_input: merged.user_input,
          agent_response: merged.agent_response,
          memory_type: merged.memory_type,
          tags: JSON.stringify([...new Set(merged.tags)]),
          timestamp: ts.toISOString(),
          ts_ms: ts.getTime(),
          updated_at: isoNow(this.ctx),
        }),
      );
      const row = pages.get(this.ctx.db, id);
      if (!row) throw new NotFoundError(`no memory with id "${id}"`);
      await this.guard(() => indexPage(this.ctx, row));
      return pages.toPage(row);
    });
  }

  listKnowledge(kind: KnowledgeKind, opts?: ListOptions) {
    const { offset, limit } = paging(opts);
    return {
      items: knowledge.list(this.ctx.db, kind, offset, limit).map(knowledge.toKnowledge),
      total: knowledge.count(this.ctx.db, kind),
    };
  }

  async updateKnowledge(id: string, text: string) {
    const clean = parse(knowledgeText, text);
    const [vector] = await this.ctx.embedder.embed([clean]);
    return this.lock.run(() =>
      this.guardSync(() => {
        if (!knowledge.get(this.ctx.db, id)) throw new NotFoundError(`no knowledge entry with id "${id}"`);
        inTransaction(this.ctx.db, () => {
          knowledge.updateText(this.ctx.db, id, clean);
          putVector(this.ctx, 'knowledge', id, vector!);
        });
        return knowledge.toKnowledge(knowledge.get(this.ctx.db, id)!);
      }),
    );
  }

  profileHistory(): ProfileVersion[] {
    return profile.history(this.ctx.db);
  }

  setProfile(text: string): ProfileVersion {
    const clean = parse(z.string().trim().max(20_000), text);
    return this.guardSync(() => profile.insert(this.ctx.db, clean, 'edit', isoNow(this.ctx)));
  }

  exportLines() {
    return exportLines(this.ctx);
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
      if (jobs.count(this.ctx.db) === 0 || this.closed) return;
    }
  }

  async backup(toFile: string): Promise<void> {
    flushVisits(this.ctx);
    await this.ctx.db.backup(toFile);
  }

  async closeAfterWork(): Promise<void> {
    if (this.worker) await this.worker.catch(() => undefined);
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    flushVisits(this.ctx);
    this.ctx.db.close();
  }
}
