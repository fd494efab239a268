// The user's rows of the other memory tables in PostgreSQL: segments (heat in SQL), knowledge (with
// its tsvector), profile versions, jobs (claimed by one replica at a time), vectors (with the
// revisions replicas catch up by). The PostgreSQL side of store/sqlite/*.ts; every statement names
// the user.
import type { HeatSettings, JobRow, KnowledgeRow, ProfileRow, SegmentRow, StoredVector } from '../rows.js';
import { toProfileVersion, vectorToBlob } from '../rows.js';
import type { Tables } from '../types.js';
import { bm25Sql, indexed, textQuery } from './fullText.js';
import type { Sql } from './sql.js';

/**
 * Heat, H = α·N_visit + β·L_interaction + γ·exp(-Δt/τ), in SQL as in sqlite/segments.ts, over
 * parameters $2-$6. PostgreSQL's exp() refuses to underflow, so Δt/τ stops at 700 (e^-700 ≈ 0).
 */
const RECENCY = 'exp(-least(greatest(0, $6::float8 - s.last_visit_ms) / $5::float8, 700))';
const HEAT = `($2::float8 * s.n_visit + $3::float8 * s.l_interaction + $4::float8 * ${RECENCY})`;
const HEATED = `s.id, s.summary, s.keywords, s.n_visit, s.l_interaction, s.last_visit_ms, s.created_at,
  ${HEAT} AS heat, ${RECENCY} AS recency`;
const segmentColumns = (a: string) =>
  ['id', 'summary', 'keywords', 'n_visit', 'l_interaction', 'last_visit_ms', 'created_at']
    .map((c) => `${a}.${c}`)
    .join(', ');
const SEGMENT = segmentColumns('s');
const heat = (h: HeatSettings, now: number) => [
  h.heatAlpha,
  h.heatBeta,
  h.heatGamma,
  h.recencyTauHours * 3600_000,
  now,
];

const lacking = (kind: string) =>
  `NOT EXISTS (SELECT 1 FROM memory_embeddings e WHERE e.user_name = $1 AND e.owner_kind = '${kind}'
     AND e.owner_id = t.id AND e.embedder = $2)`;

/** Vector drops older than this are pruned; a replica that looked longer ago loads every vector again. */
const DROPS_KEPT = '1 hour';

export function pgEmbeddings(sql: Sql, u: string): Tables['embeddings'] {
  const count = async (kind: string, embedder: string) =>
    (
      await sql.rows<{ n: number }>(
        'SELECT count(*) AS n FROM memory_embeddings WHERE user_name = $1 AND owner_kind = $2 AND embedder = $3',
        [u, kind, embedder],
      )
    )[0]!.n;
  return {
    count,
    async load(kind, embedder) {
      const rows = await sql.rows<StoredVector>(
        'SELECT owner_id AS id, vector FROM memory_embeddings WHERE user_name = $1 AND owner_kind = $2 AND embedder = $3',
        [u, kind, embedder],
      );
      return { count: rows.length, rows };
    },
    async revision() {
      const [row] = await sql.rows<{ rev: number }>(
        `SELECT greatest((SELECT max(rev) FROM memory_embeddings WHERE user_name = $1),
           (SELECT max(rev) FROM memory_vector_drops WHERE user_name = $1), 0) AS rev`,
        [u],
      );
      return row!.rev;
    },
    async changes(rev) {
      const [pruned] = await sql.rows<{ value: string }>(
        "SELECT value FROM memory_state WHERE user_name = $1 AND key = 'vector_drops_pruned_to'",
        [u],
      );
      if (pruned && Number(pruned.value) > rev) return null;
      const rows = await sql.rows<{ kind: 'page'; id: string; embedder: string; vector: Buffer | null; rev: number }>(
        `SELECT owner_kind AS kind, owner_id AS id, embedder, vector, rev FROM memory_embeddings
           WHERE user_name = $1 AND rev > $2
         UNION ALL
         SELECT owner_kind, owner_id, '', NULL, rev FROM memory_vector_drops WHERE user_name = $1 AND rev > $2
         ORDER BY rev`,
        [u, rev],
      );
      return { rev: rows.length ? rows[rows.length - 1]!.rev : rev, changes: rows };
    },
    async put(kind, id, embedder, v) {
      await sql.run(
        `INSERT INTO memory_embeddings (user_name, owner_kind, owner_id, embedder, dim, vector)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_name, owner_kind, owner_id) DO UPDATE
           SET embedder = excluded.embedder, dim = excluded.dim, vector = excluded.vector,
               rev = nextval('memory_vector_rev')`,
        [u, kind, id, embedder, v.length, vectorToBlob(v)],
      );
    },
    async drop(kind, id) {
      const gone = await sql.run(
        'DELETE FROM memory_embeddings WHERE user_name = $1 AND owner_kind = $2 AND owner_id = $3',
        [u, kind, id],
      );
      if (gone === 0) return;
      await sql.run('INSERT INTO memory_vector_drops (user_name, owner_kind, owner_id) VALUES ($1, $2, $3)', [
        u,
        kind,
        id,
      ]);
      const [pruned] = await sql.rows<{ rev: number | null }>(
        `WITH old AS (DELETE FROM memory_vector_drops WHERE user_name = $1 AND dropped_at < now() - interval '${DROPS_KEPT}'
           RETURNING rev) SELECT max(rev) AS rev FROM old`,
        [u],
      );
      if (pruned?.rev)
        await sql.run(
          `INSERT INTO memory_state (user_name, key, value) VALUES ($1, 'vector_drops_pruned_to', $2)
           ON CONFLICT (user_name, key) DO UPDATE SET value = excluded.value`,
          [u, String(pruned.rev)],
        );
    },
  };
}

export function pgSegments(sql: Sql, u: string, embeddings: Tables['embeddings']): Tables['segments'] {
  return {
    async get(id) {
      return (
        await sql.rows<SegmentRow>(`SELECT ${SEGMENT} FROM memory_segments s WHERE user_name = $1 AND id = $2`, [u, id])
      )[0];
    },
    async count() {
      return (await sql.rows<{ n: number }>('SELECT count(*) AS n FROM memory_segments WHERE user_name = $1', [u]))[0]!
        .n;
    },
    list: (h, now, offset, limit) =>
      sql.rows(
        `SELECT ${HEATED}, (SELECT count(*) FROM memory_pages p WHERE p.user_name = $1 AND p.segment_id = s.id) AS page_count
         FROM memory_segments s WHERE s.user_name = $1 ORDER BY heat DESC LIMIT $7 OFFSET $8`,
        [u, ...heat(h, now), limit, offset],
      ),
    coldest: (h, now, n) =>
      sql.rows(`SELECT ${HEATED} FROM memory_segments s WHERE s.user_name = $1 ORDER BY heat ASC LIMIT $7`, [
        u,
        ...heat(h, now),
        n,
      ]),
    hotWithUnanalysedPages: (h, now, threshold) =>
      sql.rows(
        `SELECT ${HEATED} FROM memory_segments s WHERE s.user_name = $1 AND ${HEAT} >= $7::float8
         AND EXISTS (SELECT 1 FROM memory_pages p WHERE p.user_name = $1 AND p.segment_id = s.id AND p.analyzed = 0)`,
        [u, ...heat(h, now), threshold],
      ),
    lackingVector: (embedder, limit) =>
      sql.rows(
        `SELECT ${segmentColumns('t')} FROM memory_segments t WHERE t.user_name = $1 AND ${lacking('segment')} LIMIT $3`,
        [u, embedder, limit],
      ),
    all: () =>
      sql.rows(`SELECT ${SEGMENT} FROM memory_segments s WHERE s.user_name = $1 ORDER BY s.created_at, s.id`, [u]),
    async insert(r) {
      await sql.run(
        `INSERT INTO memory_segments (user_name, id, summary, keywords, n_visit, l_interaction, last_visit_ms, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [u, r.id, r.summary, r.keywords, r.n_visit, r.l_interaction, r.last_visit_ms, r.created_at],
      );
    },
    async merge(id, m) {
      await sql.run(
        `UPDATE memory_segments SET l_interaction = l_interaction + $3, last_visit_ms = $4, keywords = $5
         WHERE user_name = $1 AND id = $2`,
        [u, id, m.pages, m.nowMs, JSON.stringify(m.keywords)],
      );
    },
    async addVisits(visits) {
      await sql.run(
        `UPDATE memory_segments s SET n_visit = s.n_visit + v.count, last_visit_ms = greatest(s.last_visit_ms, v.last)
         FROM unnest($2::text[], $3::int[], $4::float8[]) AS v(id, count, last)
         WHERE s.user_name = $1 AND s.id = v.id`,
        [u, visits.map(([id]) => id), visits.map(([, v]) => v.count), visits.map(([, v]) => v.lastMs)],
      );
    },
    async resetCounters(id) {
      await sql.run('UPDATE memory_segments SET n_visit = 0, l_interaction = 0 WHERE user_name = $1 AND id = $2', [
        u,
        id,
      ]);
    },
    async remove(id) {
      await embeddings.drop('segment', id);
      await sql.run('DELETE FROM memory_segments WHERE user_name = $1 AND id = $2', [u, id]);
    },
  };
}

const knowledgeColumns = (a: string) =>
  ['id', 'kind', 'text', 'source_page_ids', 'created_at'].map((c) => `${a}.${c}`).join(', ');
const KNOWLEDGE = knowledgeColumns('k');

export function pgKnowledge(sql: Sql, u: string, embeddings: Tables['embeddings']): Tables['knowledge'] {
  const get = async (id: string) =>
    (
      await sql.rows<KnowledgeRow>(`SELECT ${KNOWLEDGE} FROM memory_knowledge k WHERE k.user_name = $1 AND k.id = $2`, [
        u,
        id,
      ])
    )[0];
  return {
    get,
    async count(kind) {
      const rows = kind
        ? await sql.rows<{ n: number }>(
            'SELECT count(*) AS n FROM memory_knowledge WHERE user_name = $1 AND kind = $2',
            [u, kind],
          )
        : await sql.rows<{ n: number }>('SELECT count(*) AS n FROM memory_knowledge WHERE user_name = $1', [u]);
      return rows[0]!.n;
    },
    list: (kind, offset, limit) =>
      sql.rows(
        `SELECT ${KNOWLEDGE} FROM memory_knowledge k WHERE k.user_name = $1 AND k.kind = $2
         ORDER BY k.created_at DESC, k.ord DESC LIMIT $3 OFFSET $4`,
        [u, kind, limit, offset],
      ),
    async beyond(kind, keep) {
      const rows = await sql.rows<{ id: string }>(
        `SELECT k.id FROM memory_knowledge k WHERE k.user_name = $1 AND k.kind = $2
         ORDER BY k.created_at DESC, k.ord DESC OFFSET $3`,
        [u, kind, keep],
      );
      return rows.map((r) => r.id);
    },
    all: () =>
      sql.rows(`SELECT ${KNOWLEDGE} FROM memory_knowledge k WHERE k.user_name = $1 ORDER BY k.created_at, k.ord`, [u]),
    byIds: (ids) =>
      sql.rows(`SELECT ${KNOWLEDGE} FROM memory_knowledge k WHERE k.user_name = $1 AND k.id = ANY($2::text[])`, [
        u,
        ids,
      ]),
    async kindsOf(ids) {
      const rows = await sql.rows<{ id: string; kind: KnowledgeRow['kind'] }>(
        'SELECT id, kind FROM memory_knowledge WHERE user_name = $1 AND id = ANY($2::text[])',
        [u, ids],
      );
      return new Map(rows.map((r) => [r.id, r.kind]));
    },
    async match(words, limit) {
      const q = textQuery(words);
      if (!q) return [];
      const rows = await sql.rows<{ id: string }>(bm25Sql('memory_knowledge', { limit }), [
        u,
        q.words,
        q.any,
        q.lexemes,
      ]);
      return rows.map((r) => r.id);
    },
    lackingVector: (embedder, limit) =>
      sql.rows(
        `SELECT ${knowledgeColumns('t')} FROM memory_knowledge t WHERE t.user_name = $1 AND ${lacking('knowledge')}
         ORDER BY t.ord LIMIT $3`,
        [u, embedder, limit],
      ),
    async insert(r) {
      const { tsv, length } = indexed(r.text);
      const added = await sql.run(
        `INSERT INTO memory_knowledge (user_name, id, kind, text, source_page_ids, created_at, tsv, doc_len)
         VALUES ($1, $2, $3, $4, $5, $6, $7::tsvector, $8) ON CONFLICT DO NOTHING`,
        [u, r.id, r.kind, r.text, r.source_page_ids, r.created_at, tsv, length],
      );
      return added > 0;
    },
    async updateText(id, text) {
      const { tsv, length } = indexed(text);
      await sql.run(
        'UPDATE memory_knowledge SET text = $3, tsv = $4::tsvector, doc_len = $5 WHERE user_name = $1 AND id = $2',
        [u, id, text, tsv, length],
      );
    },
    async remove(id) {
      await embeddings.drop('knowledge', id);
      return (await sql.run('DELETE FROM memory_knowledge WHERE user_name = $1 AND id = $2', [u, id])) > 0;
    },
  };
}

export function pgProfile(sql: Sql, u: string): Tables['profile'] {
  return {
    async history() {
      const rows = await sql.rows<ProfileRow>(
        'SELECT version, text, source, created_at FROM memory_profile_versions WHERE user_name = $1 ORDER BY version DESC',
        [u],
      );
      return rows.map(toProfileVersion);
    },
    async current() {
      const [row] = await sql.rows<{ text: string }>(
        'SELECT text FROM memory_profile_versions WHERE user_name = $1 ORDER BY version DESC LIMIT 1',
        [u],
      );
      return row?.text ?? '';
    },
    async has(text, createdAt) {
      return (
        (
          await sql.rows(
            'SELECT 1 FROM memory_profile_versions WHERE user_name = $1 AND text = $2 AND created_at = $3',
            [u, text, createdAt],
          )
        ).length > 0
      );
    },
    async insert(text, source, createdAt) {
      const [row] = await sql.rows<ProfileRow>(
        `INSERT INTO memory_profile_versions (user_name, version, text, source, created_at)
         SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4 FROM memory_profile_versions WHERE user_name = $1
         RETURNING version, text, source, created_at`,
        [u, text, source, createdAt],
      );
      return toProfileVersion(row!);
    },
  };
}

/** How long a claimed job is this replica's; one left by a replica that died is taken again after it. */
export const JOB_LEASE = '5 minutes';

export function pgJobs(sql: Sql, u: string, replica: string): Tables['jobs'] {
  return {
    async count() {
      return (await sql.rows<{ n: number }>('SELECT count(*) AS n FROM memory_jobs WHERE user_name = $1', [u]))[0]!.n;
    },
    async enqueue(kind, createdAt) {
      await sql.run(
        'INSERT INTO memory_jobs (user_name, kind, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_name, kind) DO NOTHING',
        [u, kind, createdAt],
      );
    },
    async claim() {
      // One job of a user at a time across replicas, as in one process: the jobs of a user read and
      // rewrite the same segments. Claims run under the user's write lock, so this check holds.
      const [job] = await sql.rows<JobRow>(
        `UPDATE memory_jobs SET claimed_by = $2, claimed_until = now() + interval '${JOB_LEASE}'
         WHERE id = (SELECT id FROM memory_jobs WHERE user_name = $1 AND (claimed_until IS NULL OR claimed_until < now())
                       AND NOT EXISTS (SELECT 1 FROM memory_jobs o WHERE o.user_name = $1 AND o.claimed_until >= now()
                                         AND o.claimed_by <> $2)
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, kind, attempts`,
        [u, replica],
      );
      return job;
    },
    async remove(id) {
      // Only by the replica that holds it: one whose lease ran out and was taken over rolls back.
      const removed = await sql.run(
        'DELETE FROM memory_jobs WHERE user_name = $1 AND id = $2 AND (claimed_by IS NULL OR claimed_by = $3)',
        [u, id, replica],
      );
      if (
        removed === 0 &&
        (await sql.rows('SELECT 1 FROM memory_jobs WHERE user_name = $1 AND id = $2', [u, id])).length
      )
        throw new Error('another replica took over this job after its lease ran out; its work is left to that one');
    },
    async release(id, attempts) {
      await sql.run(
        `UPDATE memory_jobs SET attempts = $3, claimed_by = NULL, claimed_until = NULL
         WHERE user_name = $1 AND id = $2 AND (claimed_by IS NULL OR claimed_by = $4)`,
        [u, id, attempts, replica],
      );
    },
  };
}
