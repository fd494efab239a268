// The `segments` table: mid-term topics with their summary, keywords and heat counters.
import type { HeatedSegmentRow, HeatSettings, SegmentRow } from '../rows.js';
import type { Db } from './database.js';
import * as embeddings from './embeddings.js';

/**
 * MemoryOS heat, H = α·N_visit + β·L_interaction + γ·R_recency with R_recency = exp(-Δt/τ), Δt
 * since the last visit: computed here, in SQL, for every use (eviction, analysis, the dashboard),
 * so that the coldest and hottest segments are found without reading every row.
 */
const RECENCY = 'exp(-max(0, @now - s.last_visit_ms) / @tauMs)';
const HEAT = `(@alpha * s.n_visit + @beta * s.l_interaction + @gamma * ${RECENCY})`;
const HEATED = `s.*, ${HEAT} AS heat, ${RECENCY} AS recency`;

const heatParams = (h: HeatSettings, now: number) => ({
  alpha: h.heatAlpha,
  beta: h.heatBeta,
  gamma: h.heatGamma,
  tauMs: h.recencyTauHours * 3600_000,
  now,
});

// Reads

export function get(db: Db, id: string): SegmentRow | undefined {
  return db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined;
}

export function count(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM segments').get() as { n: number }).n;
}

/** Hottest first, with their page counts. */
export function list(db: Db, h: HeatSettings, now: number, offset: number, limit: number): HeatedSegmentRow[] {
  return db
    .prepare(
      `SELECT ${HEATED}, (SELECT count(*) FROM pages p WHERE p.segment_id = s.id) AS page_count
       FROM segments s ORDER BY heat DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...heatParams(h, now), limit, offset }) as HeatedSegmentRow[];
}

/** The `n` segments with the lowest heat, coldest first. */
export function coldest(db: Db, h: HeatSettings, now: number, n: number): HeatedSegmentRow[] {
  return db
    .prepare(`SELECT ${HEATED} FROM segments s ORDER BY heat ASC LIMIT @n`)
    .all({ ...heatParams(h, now), n }) as HeatedSegmentRow[];
}

/** Segments at or over a heat holding pages not analysed yet for the profile and knowledge. */
export function hotWithUnanalysedPages(db: Db, h: HeatSettings, now: number, threshold: number): HeatedSegmentRow[] {
  return db
    .prepare(
      `SELECT ${HEATED} FROM segments s WHERE ${HEAT} >= @threshold
       AND EXISTS (SELECT 1 FROM pages p WHERE p.segment_id = s.id AND p.analyzed = 0)`,
    )
    .all({ ...heatParams(h, now), threshold }) as HeatedSegmentRow[];
}

export function all(db: Db): SegmentRow[] {
  return db.prepare('SELECT * FROM segments ORDER BY created_at, id').all() as SegmentRow[];
}

export function lackingVector(db: Db, embedder: string, limit: number): SegmentRow[] {
  return db
    .prepare(`SELECT t.* FROM segments t WHERE ${embeddings.lacksVector('segment')} LIMIT ?`)
    .all(embedder, limit) as SegmentRow[];
}

// Writes

export function insert(db: Db, r: Omit<SegmentRow, 'page_count'>): void {
  db.prepare(
    `INSERT INTO segments (id, summary, keywords, n_visit, l_interaction, last_visit_ms, created_at)
     VALUES (@id, @summary, @keywords, @n_visit, @l_interaction, @last_visit_ms, @created_at)`,
  ).run(r);
}

/** New pages join a segment: more interaction, visited now, the keywords merged. */
export function merge(db: Db, id: string, m: { pages: number; nowMs: number; keywords: string[] }): void {
  db.prepare('UPDATE segments SET l_interaction = l_interaction + ?, last_visit_ms = ?, keywords = ? WHERE id = ?').run(
    m.pages,
    m.nowMs,
    JSON.stringify(m.keywords),
    id,
  );
}

/** Retrieval visits (N_visit), gathered and written together. Segments gone meanwhile are skipped. */
export function addVisits(db: Db, visits: [string, { count: number; lastMs: number }][]): void {
  const update = db.prepare(
    'UPDATE segments SET n_visit = n_visit + ?, last_visit_ms = max(last_visit_ms, ?) WHERE id = ?',
  );
  for (const [id, v] of visits) update.run(v.count, v.lastMs, id);
}

/** After analysis, the counters start again. */
export function resetCounters(db: Db, id: string): void {
  db.prepare('UPDATE segments SET n_visit = 0, l_interaction = 0 WHERE id = ?').run(id);
}

/** Removes a segment row and its vector; its pages are removed first, through pages.remove. */
export function remove(db: Db, id: string): void {
  embeddings.drop(db, 'segment', id);
  db.prepare('DELETE FROM segments WHERE id = ?').run(id);
}
