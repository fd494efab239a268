// One user's memory over one SQLite file: the UserMemory contract. Writes are serialised by a
// per-user lock; tier moves run from the persisted job queue after the reply.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { exportLineSchema, type ExportLine, type KnowledgeKind, type ProfileVersion } from '../../shared/memory.js';
import {
  addMemoryInput,
  getUserProfileInput,
  retrieveMemoryInput,
  type AddMemoryArgs,
  type GetUserProfileArgs,
  type RetrieveMemoryArgs,
} from '../../shared/tools.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { dropVector, putVector, type MemoryContext } from './context.js';
import { enqueue, runJobs } from './consolidation.js';
import { pageRow, prepareIndex, withNeighbours, writeIndex } from './pageIndex.js';
import { vectorsPending } from './reembed.js';
import { retrieve } from './retrieval.js';
import { storageFailure } from './store/database.js';
import {
  toKnowledge,
  toPage,
  toProfileVersion,
  toSegment,
  type KnowledgeRow,
  type PageRow,
  type SegmentRow,
} from './store/rows.js';
import type { ImportReport, ListOptions, PagePatch, UserMemory } from './types.js';
import { flushVisits } from './visits.js';
import { WriteLock } from './writeLock.js';

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new InvalidInputError(z.prettifyError(r.error));
  return r.data;
}

const paging = (o?: ListOptions) => ({
  offset: Math.max(0, o?.offset ?? 0),
  limit: Math.min(500, Math.max(1, o?.limit ?? 50)),
});

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
  private guard<T>(fn: () => T): T {
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
      const now = this.ctx.now();
      const nowIso = new Date(now).toISOString();
      const ts = args.timestamp ? new Date(args.timestamp) : new Date(now);
      const id = `mem_${randomUUID()}`;
      const db = this.ctx.db;
      const seq = ((db.prepare('SELECT max(seq) AS m FROM pages').get() as { m: number | null }).m ?? 0) + 1;
      const row: PageRow = {
        id,
        seq,
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
      this.guard(() =>
        db.transaction(() => {
          db.prepare(
            `INSERT INTO pages (id, seq, user_input, agent_response, timestamp, ts_ms, memory_type, tags, tier, created_at, updated_at)
             VALUES (@id, @seq, @user_input, @agent_response, @timestamp, @ts_ms, @memory_type, @tags, 'short', @created_at, @updated_at)`,
          ).run(row);
          db.prepare('INSERT INTO pages_fts (rowid, id, body, context) VALUES (?, ?, ?, ?)').run(
            seq,
            id,
            `${row.user_input}\n${row.agent_response}`,
            '',
          );
          const short = (db.prepare("SELECT count(*) AS n FROM pages WHERE tier = 'short'").get() as { n: number }).n;
          if (short > this.ctx.settings.shortTermCapacity) enqueue(this.ctx, 'consolidate');
        })(),
      );
      // Committed above: from here on the memory survives a crash. Indexing with neighbour context follows.
      try {
        const prepared = await prepareIndex(this.ctx, withNeighbours(this.ctx, row));
        this.guard(() => db.transaction(() => writeIndex(this.ctx, prepared))());
      } catch (err) {
        this.ctx.log(
          'warn',
          'indexing a new memory failed; it is stored, found by full-text search, and embedded again later',
          { user: this.ctx.user, error: (err as Error).message },
        );
        try {
          enqueue(this.ctx, 'reembed');
        } catch {
          // the store refuses writes: the next open queues it
        }
      }
      const shortCount = Math.min(
        this.ctx.settings.shortTermCapacity,
        (db.prepare("SELECT count(*) AS n FROM pages WHERE tier = 'short'").get() as { n: number }).n,
      );
      this.kick();
      return {
        status: 'success' as const,
        memory_id: id,
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
    return retrieve(this.ctx, args).catch((err) => {
      throw storageFailure(err, this.ctx.file);
    });
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
      this.guard(() => {
        const db = this.ctx.db;
        const page = pageRow(this.ctx, memoryId);
        if (page) {
          db.transaction(() => {
            if (page.pre_page)
              db.prepare('UPDATE pages SET next_page = ? WHERE id = ?').run(page.next_page, page.pre_page);
            if (page.next_page)
              db.prepare('UPDATE pages SET pre_page = ? WHERE id = ?').run(page.pre_page, page.next_page);
            db.prepare('DELETE FROM pages_fts WHERE rowid = ?').run(page.seq);
            dropVector(this.ctx, 'page', page.id);
            db.prepare('DELETE FROM pages WHERE id = ?').run(page.id);
            db.prepare("DELETE FROM state WHERE key = 'last_evicted_page' AND value = ?").run(page.id);
            if (page.segment_id && !db.prepare('SELECT 1 FROM pages WHERE segment_id = ?').get(page.segment_id)) {
              dropVector(this.ctx, 'segment', page.segment_id);
              db.prepare('DELETE FROM segments WHERE id = ?').run(page.segment_id);
            }
          })();
          return { status: 'success' as const, memory_id: memoryId, deleted: true as const, kind: 'page' as const };
        }
        const k = db.prepare('SELECT id FROM knowledge WHERE id = ?').get(memoryId);
        if (!k) throw new NotFoundError(`no memory with id "${memoryId}"`);
        db.transaction(() => {
          db.prepare('DELETE FROM knowledge_fts WHERE id = ?').run(memoryId);
          dropVector(this.ctx, 'knowledge', memoryId);
          db.prepare('DELETE FROM knowledge WHERE id = ?').run(memoryId);
        })();
        return { status: 'success' as const, memory_id: memoryId, deleted: true as const, kind: 'knowledge' as const };
      }),
    );
  }

  counts() {
    const n = (sql: string, ...p: unknown[]) => (this.ctx.db.prepare(sql).get(...p) as { n: number }).n;
    return {
      short_term: n("SELECT count(*) AS n FROM pages WHERE tier = 'short'"),
      mid_term_pages: n("SELECT count(*) AS n FROM pages WHERE tier = 'mid'"),
      segments: n('SELECT count(*) AS n FROM segments'),
      user_knowledge: n("SELECT count(*) AS n FROM knowledge WHERE kind = 'user'"),
      assistant_knowledge: n("SELECT count(*) AS n FROM knowledge WHERE kind = 'assistant'"),
      queued_jobs: n('SELECT count(*) AS n FROM jobs'),
      vectors_pending: vectorsPending(this.ctx),
    };
  }

  listShortTerm() {
    return (this.ctx.db.prepare("SELECT * FROM pages WHERE tier = 'short' ORDER BY seq").all() as PageRow[]).map(
      toPage,
    );
  }

  listSegments(opts?: ListOptions) {
    flushVisits(this.ctx);
    const { offset, limit } = paging(opts);
    const rows = this.ctx.db
      .prepare(
        'SELECT s.*, (SELECT count(*) FROM pages p WHERE p.segment_id = s.id) AS page_count FROM segments s ORDER BY s.last_visit_ms DESC LIMIT ? OFFSET ?',
      )
      .all(limit, offset) as SegmentRow[];
    const total = (this.ctx.db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n;
    const now = this.ctx.now();
    return { items: rows.map((r) => toSegment(r, this.ctx.settings, now)).sort((a, b) => b.heat - a.heat), total };
  }

  segmentPages(segmentId: string, opts?: ListOptions) {
    if (!this.ctx.db.prepare('SELECT 1 FROM segments WHERE id = ?').get(segmentId))
      throw new NotFoundError(`no segment with id "${segmentId}"`);
    const { offset, limit } = paging(opts);
    const items = (
      this.ctx.db
        .prepare('SELECT * FROM pages WHERE segment_id = ? ORDER BY seq LIMIT ? OFFSET ?')
        .all(segmentId, limit, offset) as PageRow[]
    ).map(toPage);
    const total = (
      this.ctx.db.prepare('SELECT count(*) AS n FROM pages WHERE segment_id = ?').get(segmentId) as { n: number }
    ).n;
    return { items, total };
  }

  listPages(opts?: ListOptions & { tier?: 'short' | 'mid' }) {
    const { offset, limit } = paging(opts);
    const where = opts?.tier ? 'WHERE tier = ?' : '';
    const params = opts?.tier ? [opts.tier] : [];
    const items = (
      this.ctx.db
        .prepare(`SELECT * FROM pages ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`)
        .all(...params, limit, offset) as PageRow[]
    ).map(toPage);
    const total = (this.ctx.db.prepare(`SELECT count(*) AS n FROM pages ${where}`).get(...params) as { n: number }).n;
    return { items, total };
  }

  getPage(id: string) {
    const r = pageRow(this.ctx, id);
    if (!r) throw new NotFoundError(`no memory with id "${id}"`);
    return toPage(r);
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
      this.guard(() =>
        this.ctx.db
          .prepare(
            'UPDATE pages SET user_input = ?, agent_response = ?, memory_type = ?, tags = ?, timestamp = ?, ts_ms = ?, updated_at = ? WHERE id = ?',
          )
          .run(
            merged.user_input,
            merged.agent_response,
            merged.memory_type,
            JSON.stringify([...new Set(merged.tags)]),
            ts.toISOString(),
            ts.getTime(),
            new Date(this.ctx.now()).toISOString(),
            id,
          ),
      );
      const row = pageRow(this.ctx, id);
      if (!row) throw new NotFoundError(`no memory with id "${id}"`);
      const prepared = await prepareIndex(this.ctx, withNeighbours(this.ctx, row));
      this.guard(() => this.ctx.db.transaction(() => writeIndex(this.ctx, prepared))());
      return toPage(row);
    });
  }

  listKnowledge(kind: KnowledgeKind, opts?: ListOptions) {
    const { offset, limit } = paging(opts);
    const items = (
      this.ctx.db
        .prepare('SELECT * FROM knowledge WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?')
        .all(kind, limit, offset) as KnowledgeRow[]
    ).map(toKnowledge);
    const total = (this.ctx.db.prepare('SELECT count(*) AS n FROM knowledge WHERE kind = ?').get(kind) as { n: number })
      .n;
    return { items, total };
  }

  async updateKnowledge(id: string, text: string) {
    const clean = parse(z.string().trim().min(1, 'knowledge text cannot be empty').max(2000), text);
    const [vector] = await this.ctx.embedder.embed([clean]);
    return this.lock.run(() =>
      this.guard(() => {
        const db = this.ctx.db;
        if (!db.prepare('SELECT 1 FROM knowledge WHERE id = ?').get(id))
          throw new NotFoundError(`no knowledge entry with id "${id}"`);
        db.transaction(() => {
          db.prepare('UPDATE knowledge SET text = ? WHERE id = ?').run(clean, id);
          db.prepare('DELETE FROM knowledge_fts WHERE id = ?').run(id);
          db.prepare('INSERT INTO knowledge_fts (id, text) VALUES (?, ?)').run(id, clean);
          putVector(this.ctx, 'knowledge', id, vector!);
        })();
        return toKnowledge(db.prepare('SELECT * FROM knowledge WHERE id = ?').get(id) as KnowledgeRow);
      }),
    );
  }

  profileHistory(): ProfileVersion[] {
    return (
      this.ctx.db.prepare('SELECT * FROM profile_versions ORDER BY version DESC').all() as Parameters<
        typeof toProfileVersion
      >[0][]
    ).map(toProfileVersion);
  }

  setProfile(text: string): ProfileVersion {
    const clean = parse(z.string().trim().max(20_000), text);
    return this.guard(() => {
      const info = this.ctx.db
        .prepare("INSERT INTO profile_versions (text, source, created_at) VALUES (?, 'edit', ?)")
        .run(clean, new Date(this.ctx.now()).toISOString());
      return toProfileVersion(
        this.ctx.db.prepare('SELECT * FROM profile_versions WHERE version = ?').get(info.lastInsertRowid) as Parameters<
          typeof toProfileVersion
        >[0],
      );
    });
  }

  *exportLines(): Iterable<ExportLine> {
    flushVisits(this.ctx);
    for (const r of this.ctx.db.prepare('SELECT * FROM pages ORDER BY seq').iterate() as Iterable<PageRow>)
      yield { type: 'page', page: toPage(r) };
    for (const r of this.ctx.db
      .prepare('SELECT * FROM knowledge ORDER BY created_at')
      .iterate() as Iterable<KnowledgeRow>)
      yield { type: 'knowledge', knowledge: toKnowledge(r) };
    for (const r of [...this.profileHistory()].reverse()) yield { type: 'profile', profile: r };
  }

  async importLines(lines: Iterable<unknown>): Promise<ImportReport> {
    const report: ImportReport = { pages: 0, knowledge: 0, profiles: 0, skipped: 0, errors: [] };
    let n = 0;
    for (const raw of lines) {
      n++;
      const parsed = exportLineSchema.safeParse(raw);
      if (!parsed.success) {
        report.skipped++;
        if (report.errors.length < 20) report.errors.push(`line ${n}: ${z.prettifyError(parsed.error)}`);
        continue;
      }
      const line = parsed.data;
      try {
        if (line.type === 'page') {
          const p = line.page;
          if (pageRow(this.ctx, p.id)) {
            report.skipped++;
            continue;
          }
          await this.add({
            user_input: p.user_input,
            agent_response: p.agent_response,
            memory_type: p.memory_type,
            tags: p.tags,
            timestamp: p.timestamp,
          });
          report.pages++;
        } else if (line.type === 'knowledge') {
          const k = line.knowledge;
          const [vector] = await this.ctx.embedder.embed([k.text]);
          const added = await this.lock.run(() =>
            this.guard(() =>
              this.ctx.db.transaction(() => {
                const res = this.ctx.db
                  .prepare(
                    'INSERT OR IGNORE INTO knowledge (id, kind, text, source_page_ids, created_at) VALUES (?, ?, ?, ?, ?)',
                  )
                  .run(k.id, k.kind, k.text, JSON.stringify(k.source_page_ids), k.created_at);
                if (res.changes === 0) return false;
                this.ctx.db.prepare('INSERT INTO knowledge_fts (id, text) VALUES (?, ?)').run(k.id, k.text);
                putVector(this.ctx, 'knowledge', k.id, vector!);
                return true;
              })(),
            ),
          );
          if (added) report.knowledge++;
          else report.skipped++;
        } else {
          this.guard(() =>
            this.ctx.db
              .prepare("INSERT INTO profile_versions (text, source, created_at) VALUES (?, 'import', ?)")
              .run(line.profile.text, line.profile.created_at),
          );
          report.profiles++;
        }
      } catch (err) {
        report.skipped++;
        if (report.errors.length < 20) report.errors.push(`line ${n}: ${(err as Error).message}`);
      }
    }
    return report;
  }

  async drain(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      this.kick();
      if (this.worker) await this.worker;
      const jobs = this.ctx.db.prepare('SELECT count(*) AS n, max(attempts) AS a FROM jobs').get() as {
        n: number;
        a: number | null;
      };
      if (jobs.n === 0 || this.closed) return;
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
