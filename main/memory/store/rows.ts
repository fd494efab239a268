// Row shapes of the SQLite tables and their mapping to the shared records.
import type { Knowledge, Page, ProfileVersion, Segment } from '../../../shared/memory.js';

export interface PageRow {
  id: string;
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

export interface KnowledgeRow {
  id: string;
  kind: 'user' | 'assistant';
  text: string;
  source_page_ids: string;
  created_at: string;
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

export interface HeatSettings {
  heatAlpha: number;
  heatBeta: number;
  heatGamma: number;
  recencyTauHours: number;
}

/** MemoryOS heat: H = α·N_visit + β·L_interaction + γ·exp(-Δt/τ). */
export function segmentHeat(r: SegmentRow, s: HeatSettings, nowMs: number): { heat: number; recency: number } {
  const recency = Math.exp(-Math.max(0, nowMs - r.last_visit_ms) / (s.recencyTauHours * 3600_000));
  return { heat: s.heatAlpha * r.n_visit + s.heatBeta * r.l_interaction + s.heatGamma * recency, recency };
}

export const toSegment = (r: SegmentRow, s: HeatSettings, nowMs: number): Segment => {
  const { heat, recency } = segmentHeat(r, s, nowMs);
  return {
    id: r.id,
    summary: r.summary,
    keywords: JSON.parse(r.keywords) as string[],
    heat,
    n_visit: r.n_visit,
    l_interaction: r.l_interaction,
    r_recency: recency,
    last_visit_time: new Date(r.last_visit_ms).toISOString(),
    page_count: r.page_count ?? 0,
    created_at: r.created_at,
  };
};

export const toKnowledge = (r: KnowledgeRow): Knowledge => ({
  id: r.id,
  kind: r.kind,
  text: r.text,
  source_page_ids: JSON.parse(r.source_page_ids) as string[],
  created_at: r.created_at,
});

export const toProfileVersion = (r: {
  version: number;
  text: string;
  source: string;
  created_at: string;
}): ProfileVersion => ({
  version: r.version,
  text: r.text,
  source: r.source as ProfileVersion['source'],
  created_at: r.created_at,
});
