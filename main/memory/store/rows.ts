// The rows of the memory tables as both stores (SQLite, PostgreSQL) read and write them, and their
// mappers to the records the engine hands out. Store-independent: no SQL here.
import type { Knowledge, KnowledgeKind, Page, ProfileVersion, Segment } from '../../../shared/memory.js';

export interface PageRow {
  id: string;
  /** Order of addition within the user's store (assigned by the store at insert). */
  seq: number;
  user_input: string;
  agent_response: string;
  timestamp: string;
  ts_ms: number;
  memory_type: string;
  tags: string;
  tier: 'short' | 'mid';
  meta_info: string | null;
  segment_id: string | null;
  pre_page: string | null;
  next_page: string | null;
  analyzed: number;
  created_at: string;
  updated_at: string;
}

export const toPage = (r: PageRow): Page => ({
  id: r.id,
  user_input: r.user_input,
  agent_response: r.agent_response,
  timestamp: r.timestamp,
  memory_type: r.memory_type,
  tags: JSON.parse(r.tags) as string[],
  tier: r.tier,
  meta_info: r.meta_info,
  segment_id: r.segment_id,
  pre_page: r.pre_page,
  next_page: r.next_page,
  analyzed: r.analyzed === 1,
  created_at: r.created_at,
  updated_at: r.updated_at,
});

/** The text a page is indexed and embedded by: its exchange. */
export function pageBody(p: { user_input: string; agent_response: string }): string {
  return `${p.user_input}\n${p.agent_response}`;
}

/** What a retrieval shows of a page (reading fewer columns made its row reads a third cheaper). */
export type FoundPage = Pick<
  PageRow,
  'id' | 'user_input' | 'agent_response' | 'timestamp' | 'memory_type' | 'tags' | 'meta_info' | 'segment_id' | 'tier'
>;

export type PageBody = Pick<PageRow, 'id' | 'user_input' | 'agent_response'>;

export type PageContent = Pick<
  PageRow,
  'user_input' | 'agent_response' | 'memory_type' | 'tags' | 'timestamp' | 'ts_ms' | 'updated_at'
>;

export interface Placement {
  segmentId: string;
  metaInfo: string;
  prePage: string | null;
  updatedAt: string;
}

export interface PageFilter {
  memoryType?: string;
  tags?: string[];
  sinceMs?: number;
  untilMs?: number;
  /** Time spans, any of which a page's timestamp must fall in. */
  windows?: { fromMs: number; toMs: number }[];
}

export const isFiltered = (f: PageFilter) =>
  f.memoryType !== undefined ||
  (f.tags?.length ?? 0) > 0 ||
  f.sinceMs !== undefined ||
  f.untilMs !== undefined ||
  (f.windows?.length ?? 0) > 0;

/** A full-text hit with its bm25 score (lower is better, as FTS5 gives it). */
export interface TextHit {
  id: string;
  s: number;
}

export interface SegmentRow {
  id: string;
  summary: string;
  keywords: string;
  n_visit: number;
  l_interaction: number;
  last_visit_ms: number;
  created_at: string;
  page_count?: number;
}

export interface HeatSettings {
  heatAlpha: number;
  heatBeta: number;
  heatGamma: number;
  recencyTauHours: number;
}

/** A segment row with its heat and recency at a moment. */
export type HeatedSegmentRow = SegmentRow & { heat: number; recency: number };

export const keywordsOf = (r: Pick<SegmentRow, 'keywords'>) => JSON.parse(r.keywords) as string[];

export const toSegment = (r: HeatedSegmentRow): Segment => ({
  id: r.id,
  summary: r.summary,
  keywords: keywordsOf(r),
  heat: r.heat,
  n_visit: r.n_visit,
  l_interaction: r.l_interaction,
  r_recency: r.recency,
  last_visit_time: new Date(r.last_visit_ms).toISOString(),
  page_count: r.page_count ?? 0,
  created_at: r.created_at,
});

/**
 * The text a segment is embedded by, at creation, after a merge and when re-embedded alike: its
 * summary and its keywords. A theme is matched against segments by the same text.
 */
export function segmentText(summary: string, keywords: string[]): string {
  return `${summary}\n${keywords.join(' ')}`;
}

export interface KnowledgeRow {
  id: string;
  kind: KnowledgeKind;
  text: string;
  source_page_ids: string;
  created_at: string;
}

export const toKnowledge = (r: KnowledgeRow): Knowledge => ({
  id: r.id,
  kind: r.kind,
  text: r.text,
  source_page_ids: JSON.parse(r.source_page_ids) as string[],
  created_at: r.created_at,
});

export interface ProfileRow {
  version: number;
  text: string;
  source: string;
  created_at: string;
}

export const toProfileVersion = (r: ProfileRow): ProfileVersion => ({
  version: Number(r.version),
  text: r.text,
  source: r.source as ProfileVersion['source'],
  created_at: r.created_at,
});

export type JobKind = 'consolidate' | 'analyze' | 'reembed' | 'compact';

export interface JobRow {
  id: number;
  kind: JobKind;
  attempts: number;
}

export type OwnerKind = 'page' | 'segment' | 'knowledge';

export type FullTextIndex = 'pages_fts' | 'knowledge_fts';

/** A stored vector as little-endian Float32 bytes. */
export interface StoredVector {
  id: string;
  vector: Uint8Array;
}

export function vectorToBlob(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}
