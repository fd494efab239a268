// Moving the memories of a data folder (one SQLite file per user) into PostgreSQL, for
// `memoryos migrate-to-postgres`. Every row goes in by its own key with ON CONFLICT DO NOTHING, in
// batches that each commit, so a run that stopped part-way is simply run again: what is there is
// skipped, the rest goes in, and a second run over the same folder adds nothing.
//
// The files are only read (opened read-only), so this may run beside a server of the folder. Rows
// keep their ids, order (seq), times and vectors; the full-text entry of a page is built again from
// its body and the context SQLite indexed it with. A page or profile version whose number another
// one of the user already holds in the database (memories added there before the move) is given the
// next free number rather than dropped.
import Sqlite from 'better-sqlite3';
import { StorageError } from '../../../errors.js';
import type { Database } from '../../../postgres/database.js';
import { userDbFile } from '../../service.js';
import { pageBody, type KnowledgeRow, type PageRow, type ProfileRow, type SegmentRow } from '../rows.js';
import { LATEST_SCHEMA_VERSION } from '../sqlite/migrations.js';
import { indexed } from './fullText.js';
import type pg from 'pg';

/** Rows per batch (one statement and one commit each). */
const BATCH = 500;

export interface UserMove {
  user: string;
  /** Rows added now, per table. */
  added: Record<MovedTable, number>;
  /** Rows that were there already (an earlier run). */
  present: number;
  /** Pages and profile versions renumbered because the database had another of that number. */
  renumbered: number;
}

export type MovedTable = 'segments' | 'pages' | 'knowledge' | 'profile' | 'vectors' | 'jobs';

export interface MoveOptions {
  batch?: number;
  /** Called after each committed batch (a progress line; tests stop a run part-way from here). */
  onBatch?: (user: string, table: MovedTable, rows: number) => void;
}

/** Moves one user's memories; see the file comment. */
export async function moveUserMemories(
  db: Database,
  dataDir: string,
  user: string,
  opts: MoveOptions = {},
): Promise<UserMove> {
  const file = userDbFile(dataDir, user);
  let src: Sqlite.Database;
  try {
    src = new Sqlite(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new StorageError(`${file} could not be opened: ${(err as Error).message}`);
  }
  try {
    const version = src.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION)
      throw new StorageError(`${file} was written by a newer MemoryOS (schema ${version}); move it with that version`);
    return await new Mover(db, src, user, opts).run();
  } finally {
    src.close();
  }
}

type Insert = (client: pg.PoolClient, rows: Record<string, unknown>[]) => Promise<number>;

class Mover {
  private readonly report: UserMove;
  private readonly batch: number;

  constructor(
    private readonly db: Database,
    private readonly src: Sqlite.Database,
    private readonly user: string,
    private readonly opts: MoveOptions,
  ) {
    this.batch = opts.batch ?? BATCH;
    this.report = {
      user,
      added: { segments: 0, pages: 0, knowledge: 0, profile: 0, vectors: 0, jobs: 0 },
      present: 0,
      renumbered: 0,
    };
  }

  async run(): Promise<UserMove> {
    const u = this.user;
    // Segments before the pages that point at them; vectors last (they follow their owners).
    await this.copy('segments', 'SELECT * FROM segments ORDER BY rowid', (c, rows) =>
      count(
        c.query(
          `INSERT INTO memory_segments (user_name, id, summary, keywords, n_visit, l_interaction, last_visit_ms, created_at)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::float8[], $8::text[])
           ON CONFLICT DO NOTHING`,
          [u, ...columns(rows as unknown as SegmentRow[], SEGMENT_COLUMNS)],
        ),
      ),
    );
    await this.copy(
      'pages',
      'SELECT p.*, f.context AS context FROM pages p LEFT JOIN pages_fts f ON f.rowid = p.seq ORDER BY p.seq',
      (c, rows) => this.insertPages(c, rows as unknown as (PageRow & { context: string | null })[]),
    );
    await this.copy('knowledge', 'SELECT * FROM knowledge ORDER BY created_at, rowid', (c, rows) => {
      const list = rows as unknown as KnowledgeRow[];
      const index = list.map((k) => indexed(k.text));
      return count(
        c.query(
          `INSERT INTO memory_knowledge (user_name, id, kind, text, source_page_ids, created_at, tsv, doc_len)
           SELECT $1, id, kind, text, src, created_at, tsv::tsvector, len
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
             AS k(id, kind, text, src, created_at, tsv, len)
           ON CONFLICT DO NOTHING`,
          [
            u,
            ...columns(list, ['id', 'kind', 'text', 'source_page_ids', 'created_at']),
            index.map((i) => i.tsv),
            index.map((i) => i.length),
          ],
        ),
      );
    });
    await this.copy('profile', 'SELECT * FROM profile_versions ORDER BY version', (c, rows) =>
      this.insertProfile(c, rows as unknown as ProfileRow[]),
    );
    await this.copy('vectors', 'SELECT * FROM embeddings ORDER BY rowid', (c, rows) =>
      count(
        c.query(
          `INSERT INTO memory_embeddings (user_name, owner_kind, owner_id, embedder, dim, vector)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::bytea[])
           ON CONFLICT DO NOTHING`,
          [u, ...columns(rows, ['owner_kind', 'owner_id', 'embedder', 'dim', 'vector'])],
        ),
      ),
    );
    // Work the file had queued (a consolidation not run yet) is queued here too; and the chain's
    // last evicted page, so the next page evicted may continue it.
    await this.copy('jobs', 'SELECT * FROM jobs ORDER BY id', (c, rows) =>
      count(
        c.query(
          `INSERT INTO memory_jobs (user_name, kind, payload, attempts, created_at)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[]) ON CONFLICT DO NOTHING`,
          [u, ...columns(rows, ['kind', 'payload', 'attempts', 'created_at'])],
        ),
      ),
    );
    const last = this.src.prepare("SELECT value FROM state WHERE key = 'last_evicted_page'").get() as
      { value: string } | undefined;
    if (last)
      await this.db.query(
        `INSERT INTO memory_state (user_name, key, value) VALUES ($1, 'last_evicted_page', $2) ON CONFLICT DO NOTHING`,
        [u, last.value],
      );
    return this.report;
  }

  /** Reads `sql` in batches and inserts each in a transaction of its own. */
  private async copy(table: MovedTable, sql: string, insert: Insert): Promise<void> {
    let rows: Record<string, unknown>[] = [];
    const flush = async () => {
      if (rows.length === 0) return;
      const batch = rows;
      rows = [];
      const added = await this.db.transaction((client) => insert(client, batch));
      this.report.added[table] += added;
      this.report.present += batch.length - added;
      this.opts.onBatch?.(this.user, table, batch.length);
    };
    // The rows of one batch are read before it is written: no statement is left open across an await.
    const all = this.src.prepare(sql).all() as Record<string, unknown>[];
    for (const row of all) {
      rows.push(row);
      if (rows.length >= this.batch) await flush();
    }
    await flush();
  }

  private async insertPages(c: pg.PoolClient, rows: (PageRow & { context: string | null })[]): Promise<number> {
    const u = this.user;
    const insert = async (list: typeof rows, renumber: boolean) => {
      const index = list.map((p) => indexed(pageBody(p), p.context ?? ''));
      const { rows: added } = await c.query<{ id: string }>(
        `INSERT INTO memory_pages (user_name, id, seq, user_input, agent_response, timestamp, ts_ms, memory_type, tags,
           tier, meta_info, segment_id, pre_page, next_page, analyzed, created_at, updated_at, tsv, doc_len)
         SELECT $1, p.id, ${renumber ? `(SELECT coalesce(max(seq), 0) FROM memory_pages WHERE user_name = $1) + p.n` : 'p.seq'},
           p.user_input, p.agent_response, p.timestamp, p.ts_ms, p.memory_type, p.tags, p.tier, p.meta_info,
           p.segment_id, p.pre_page, p.next_page, p.analyzed, p.created_at, p.updated_at, p.tsv::tsvector, p.len
         FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[], $9::text[],
           $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::int[], $16::text[], $17::text[],
           $18::text[], $19::int[]) WITH ORDINALITY
           AS p(id, seq, user_input, agent_response, timestamp, ts_ms, memory_type, tags, tier, meta_info, segment_id,
                pre_page, next_page, analyzed, created_at, updated_at, tsv, len, n)
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [u, ...columns(list, PAGE_COLUMNS), index.map((i) => i.tsv), index.map((i) => i.length)],
      );
      return new Set(added.map((r) => r.id));
    };
    const added = await insert(rows, false);
    const missing = rows.filter((p) => !added.has(p.id));
    if (missing.length === 0) return added.size;
    // Not added: there already (an earlier run), or its seq is another page's of this user.
    const { rows: there } = await c.query<{ id: string }>(
      'SELECT id FROM memory_pages WHERE user_name = $1 AND id = ANY($2::text[])',
      [u, missing.map((p) => p.id)],
    );
    const present = new Set(there.map((r) => r.id));
    const clashing = missing.filter((p) => !present.has(p.id));
    if (clashing.length === 0) return added.size;
    const renumbered = await insert(clashing, true);
    this.report.renumbered += renumbered.size;
    return added.size + renumbered.size;
  }

  private async insertProfile(c: pg.PoolClient, rows: ProfileRow[]): Promise<number> {
    let added = 0;
    for (const r of rows) {
      const { rowCount } = await c.query(
        `INSERT INTO memory_profile_versions (user_name, version, text, source, created_at)
         SELECT $1, CASE WHEN EXISTS (SELECT 1 FROM memory_profile_versions WHERE user_name = $1 AND version = $2)
                      THEN (SELECT max(version) + 1 FROM memory_profile_versions WHERE user_name = $1) ELSE $2 END,
                $3, $4, $5
         WHERE NOT EXISTS (SELECT 1 FROM memory_profile_versions WHERE user_name = $1 AND text = $3 AND created_at = $5)`,
        [this.user, r.version, r.text, r.source, r.created_at],
      );
      added += rowCount ?? 0;
    }
    return added;
  }
}

const SEGMENT_COLUMNS = ['id', 'summary', 'keywords', 'n_visit', 'l_interaction', 'last_visit_ms', 'created_at'];
const PAGE_COLUMNS = [
  'id',
  'seq',
  'user_input',
  'agent_response',
  'timestamp',
  'ts_ms',
  'memory_type',
  'tags',
  'tier',
  'meta_info',
  'segment_id',
  'pre_page',
  'next_page',
  'analyzed',
  'created_at',
  'updated_at',
];

/** Rows as one array per column, for unnest(). */
function columns<R>(rows: R[], names: string[]): unknown[][] {
  return names.map((n) => rows.map((r) => (r as Record<string, unknown>)[n] ?? null));
}

async function count(q: Promise<pg.QueryResult>): Promise<number> {
  return (await q).rowCount ?? 0;
}
