// The user's rows of `memory_pages` (with their weighted tsvector) and the last-evicted pointer in
// `memory_state`: the PostgreSQL side of store/sqlite/pages.ts. Every statement names the user.
import type { FoundPage, PageBody, PageFilter, PageRow } from '../rows.js';
import { pageBody } from '../rows.js';
import type { Tables } from '../types.js';
import { bm25Sql, indexed, textQuery } from './fullText.js';
import type { Sql } from './sql.js';

const COLUMNS =
  'p.id, p.seq, p.user_input, p.agent_response, p.timestamp, p.ts_ms, p.memory_type, p.tags, p.tier, p.meta_info, ' +
  'p.segment_id, p.pre_page, p.next_page, p.analyzed, p.created_at, p.updated_at';
const FOUND =
  'p.id, p.user_input, p.agent_response, p.timestamp, p.memory_type, p.tags, p.meta_info, p.segment_id, p.tier';
const FROM = 'FROM memory_pages p WHERE p.user_name = $1';

interface Where {
  sql: string;
  params: unknown[];
}

/** A filter's conditions on row `p`, its parameters numbered from `first`. */
function where(f: PageFilter, first: number): Where {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${first + params.push(v) - 1}`;
  if (f.memoryType !== undefined) clauses.push(`p.memory_type = ${param(f.memoryType)}`);
  for (const tag of f.tags ?? []) clauses.push(`(p.tags::jsonb) ? ${param(tag)}`);
  if (f.sinceMs !== undefined) clauses.push(`p.ts_ms >= ${param(f.sinceMs)}`);
  if (f.untilMs !== undefined) clauses.push(`p.ts_ms <= ${param(f.untilMs)}`);
  if (f.windows && f.windows.length > 0)
    clauses.push(`(${f.windows.map((w) => `p.ts_ms BETWEEN ${param(w.fromMs)} AND ${param(w.toMs)}`).join(' OR ')})`);
  return { sql: clauses.length ? clauses.join(' AND ') : 'true', params };
}

/** Distance in time from row `alias` to the nearest of some moments, parameters numbered from `first`. */
function closestTo(alias: string, moments: number[], first: number): Where {
  return {
    sql: `least(${moments.map((_, i) => `abs(${alias}.ts_ms - $${first + i}::float8)`).join(', ')})`,
    params: moments,
  };
}

export function pgPages(sql: Sql, user: string, t: Pick<Tables, 'embeddings' | 'segments'>): Tables['pages'] {
  const u = user;
  const get = async (id: string) => (await sql.rows<PageRow>(`SELECT ${COLUMNS} ${FROM} AND p.id = $2`, [u, id]))[0];
  const countOfSegment = async (segmentId: string) =>
    (await sql.rows<{ n: number }>(`SELECT count(*) AS n ${FROM} AND p.segment_id = $2`, [u, segmentId]))[0]!.n;
  const writeIndex = async (id: string, body: string, context: string) => {
    const { tsv, length } = indexed(body, context);
    await sql.run('UPDATE memory_pages SET tsv = $3::tsvector, doc_len = $4 WHERE user_name = $1 AND id = $2', [
      u,
      id,
      tsv,
      length,
    ]);
  };
  return {
    get,
    async exists(id) {
      return (await sql.rows(`SELECT 1 ${FROM} AND p.id = $2`, [u, id])).length > 0;
    },
    async count(tier) {
      const rows = tier
        ? await sql.rows<{ n: number }>(`SELECT count(*) AS n ${FROM} AND p.tier = $2`, [u, tier])
        : await sql.rows<{ n: number }>(`SELECT count(*) AS n ${FROM}`, [u]);
      return rows[0]!.n;
    },
    shortTerm: () => sql.rows(`SELECT ${COLUMNS} ${FROM} AND p.tier = 'short' ORDER BY p.seq`, [u]),
    list: (offset, limit, tier) =>
      tier
        ? sql.rows(`SELECT ${COLUMNS} ${FROM} AND p.tier = $2 ORDER BY p.ts_ms DESC, p.seq DESC LIMIT $3 OFFSET $4`, [
            u,
            tier,
            limit,
            offset,
          ])
        : sql.rows(`SELECT ${COLUMNS} ${FROM} ORDER BY p.ts_ms DESC, p.seq DESC LIMIT $2 OFFSET $3`, [
            u,
            limit,
            offset,
          ]),
    ofSegment: (segmentId, offset = 0, limit = -1) =>
      sql.rows(`SELECT ${COLUMNS} ${FROM} AND p.segment_id = $2 ORDER BY p.seq LIMIT $3 OFFSET $4`, [
        u,
        segmentId,
        limit < 0 ? null : limit,
        offset,
      ]),
    countOfSegment,
    unanalysedOfSegment: (segmentId) =>
      sql.rows(`SELECT ${COLUMNS} ${FROM} AND p.segment_id = $2 AND p.analyzed = 0 ORDER BY p.seq`, [u, segmentId]),
    async adjacent(seq) {
      const [prev] = await sql.rows<PageRow>(`SELECT ${COLUMNS} ${FROM} AND p.seq < $2 ORDER BY p.seq DESC LIMIT 1`, [
        u,
        seq,
      ]);
      const [next] = await sql.rows<PageRow>(`SELECT ${COLUMNS} ${FROM} AND p.seq > $2 ORDER BY p.seq LIMIT 1`, [
        u,
        seq,
      ]);
      return { prev, next };
    },
    found: (ids) => sql.rows<FoundPage>(`SELECT ${FOUND} ${FROM} AND p.id = ANY($2::text[])`, [u, ids]),
    bodies: (ids) =>
      sql.rows<PageBody>(`SELECT p.id, p.user_input, p.agent_response ${FROM} AND p.id = ANY($2::text[])`, [u, ids]),
    after: (seq, limit) =>
      sql.rows(`SELECT ${COLUMNS} ${FROM} AND p.seq > $2 ORDER BY p.seq LIMIT $3`, [u, seq, limit]),
    lackingVector: (embedder, limit) =>
      sql.rows(
        `SELECT ${COLUMNS} ${FROM} AND NOT EXISTS (SELECT 1 FROM memory_embeddings e WHERE e.user_name = $1
           AND e.owner_kind = 'page' AND e.owner_id = p.id AND e.embedder = $2) ORDER BY p.seq LIMIT $3`,
        [u, embedder, limit],
      ),
    async termDocCounts() {
      // ts_stat runs the query it is given; the user is a key name ([a-z0-9_-]), safe as a literal.
      const rows = await sql.rows<{ word: string; ndoc: number }>('SELECT word, ndoc FROM ts_stat($1)', [
        `SELECT tsv FROM memory_pages WHERE user_name = '${u}'`,
      ]);
      return rows.map((r) => [r.word, r.ndoc] as [string, number]);
    },
    async lastEvicted() {
      const [row] = await sql.rows<{ value: string }>(
        "SELECT value FROM memory_state WHERE user_name = $1 AND key = 'last_evicted_page'",
        [u],
      );
      return row?.value;
    },
    async match(words, filter, limit, moments) {
      const q = textQuery(words);
      if (!q) return [];
      const w = where(filter, 5);
      const tie = moments && moments.length > 0 ? closestTo('h', moments, 5 + w.params.length) : undefined;
      return sql.rows(bm25Sql('memory_pages', { where: w.params.length ? w.sql : undefined, tie: tie?.sql, limit }), [
        u,
        q.words,
        q.any,
        q.lexemes,
        ...w.params,
        ...(tie?.params ?? []),
      ]);
    },
    async closest(filter, moments, limit) {
      const w = where(filter, 2);
      const c = closestTo('p', moments, 2 + w.params.length);
      const rows = await sql.rows<{ id: string }>(`SELECT p.id ${FROM} AND ${w.sql} ORDER BY ${c.sql} LIMIT ${limit}`, [
        u,
        ...w.params,
        ...c.params,
      ]);
      return rows.map((r) => r.id);
    },
    async idsWhere(filter) {
      const w = where(filter, 2);
      return new Set(
        (await sql.rows<{ id: string }>(`SELECT p.id ${FROM} AND ${w.sql}`, [u, ...w.params])).map((r) => r.id),
      );
    },
    newestShortTerm(filter, limit) {
      const w = where(filter, 2);
      return sql.rows<FoundPage>(
        `SELECT ${FOUND} ${FROM} AND p.tier = 'short' AND ${w.sql} ORDER BY p.seq DESC LIMIT ${limit}`,
        [u, ...w.params],
      );
    },

    async insert(r) {
      const { tsv, length } = indexed(pageBody(r));
      const [row] = await sql.rows<{ seq: number }>(
        `INSERT INTO memory_pages (user_name, id, seq, user_input, agent_response, timestamp, ts_ms, memory_type, tags,
           tier, meta_info, segment_id, pre_page, next_page, analyzed, created_at, updated_at, tsv, doc_len)
         SELECT $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
           $17::tsvector, $18
         FROM memory_pages WHERE user_name = $1
         RETURNING seq`,
        [
          u,
          r.id,
          r.user_input,
          r.agent_response,
          r.timestamp,
          r.ts_ms,
          r.memory_type,
          r.tags,
          r.tier,
          r.meta_info,
          r.segment_id,
          r.pre_page,
          r.next_page,
          r.analyzed,
          r.created_at,
          r.updated_at,
          tsv,
          length,
        ],
      );
      return row!.seq;
    },
    writeIndex: (_seq, id, body, context) => writeIndex(id, body, context),
    async updateContent(id, c) {
      await sql.run(
        `UPDATE memory_pages SET user_input = $3, agent_response = $4, memory_type = $5, tags = $6, timestamp = $7,
           ts_ms = $8, updated_at = $9 WHERE user_name = $1 AND id = $2`,
        [u, id, c.user_input, c.agent_response, c.memory_type, c.tags, c.timestamp, c.ts_ms, c.updated_at],
      );
    },
    async place(id, p) {
      await sql.run(
        `UPDATE memory_pages SET tier = 'mid', segment_id = $3, meta_info = $4, pre_page = $5, updated_at = $6
         WHERE user_name = $1 AND id = $2`,
        [u, id, p.segmentId, p.metaInfo, p.prePage, p.updatedAt],
      );
      if (p.prePage)
        await sql.run('UPDATE memory_pages SET next_page = $3 WHERE user_name = $1 AND id = $2', [u, p.prePage, id]);
    },
    async setLastEvicted(id) {
      await sql.run(
        `INSERT INTO memory_state (user_name, key, value) VALUES ($1, 'last_evicted_page', $2)
         ON CONFLICT (user_name, key) DO UPDATE SET value = excluded.value`,
        [u, id],
      );
    },
    async markAnalyzed(ids) {
      await sql.run('UPDATE memory_pages SET analyzed = 1 WHERE user_name = $1 AND id = ANY($2::text[])', [u, ids]);
    },
    async remove(id) {
      const page = await get(id);
      if (!page) return undefined;
      if (page.pre_page)
        await sql.run('UPDATE memory_pages SET next_page = $3 WHERE user_name = $1 AND id = $2', [
          u,
          page.pre_page,
          page.next_page,
        ]);
      if (page.next_page)
        await sql.run('UPDATE memory_pages SET pre_page = $3 WHERE user_name = $1 AND id = $2', [
          u,
          page.next_page,
          page.pre_page,
        ]);
      await t.embeddings.drop('page', page.id);
      await sql.run('DELETE FROM memory_pages WHERE user_name = $1 AND id = $2', [u, page.id]);
      await sql.run("DELETE FROM memory_state WHERE user_name = $1 AND key = 'last_evicted_page' AND value = $2", [
        u,
        page.id,
      ]);
      let emptiedSegment: string | null = null;
      if (page.segment_id && (await countOfSegment(page.segment_id)) === 0) {
        await t.segments.remove(page.segment_id);
        emptiedSegment = page.segment_id;
      }
      return { page, emptiedSegment };
    },
  };
}
