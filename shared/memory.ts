// Memory records as they leave the engine: for MCP tool results, the dashboard and export/import.
import { z } from 'zod';

export const MAX_TEXT_CHARS = 100_000;
export const MAX_TAGS = 32;

export const isoTimestampSchema = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date-time such as 2025-05-08T13:56:00Z');

export const tagSchema = z.string().trim().min(1, 'a tag cannot be empty').max(64, 'a tag is at most 64 characters');
export const memoryTypeSchema = z.string().trim().min(1).max(64);

/** One exchange: the unit MemoryOS stores. */
export const pageSchema = z.object({
  id: z.string(),
  user_input: z.string(),
  agent_response: z.string(),
  timestamp: z.string(),
  memory_type: z.string(),
  tags: z.array(z.string()),
  tier: z.enum(['short', 'mid']),
  meta_info: z.string().nullable(),
  segment_id: z.string().nullable(),
  pre_page: z.string().nullable(),
  next_page: z.string().nullable(),
  analyzed: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Page = z.infer<typeof pageSchema>;

export const segmentSchema = z.object({
  id: z.string(),
  summary: z.string(),
  keywords: z.array(z.string()),
  heat: z.number(),
  n_visit: z.number().int(),
  l_interaction: z.number().int(),
  r_recency: z.number(),
  last_visit_time: z.string(),
  page_count: z.number().int(),
  created_at: z.string(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const knowledgeKindSchema = z.enum(['user', 'assistant']);
export type KnowledgeKind = z.infer<typeof knowledgeKindSchema>;

export const knowledgeSchema = z.object({
  id: z.string(),
  kind: knowledgeKindSchema,
  text: z.string(),
  source_page_ids: z.array(z.string()),
  created_at: z.string(),
});
export type Knowledge = z.infer<typeof knowledgeSchema>;

export const profileVersionSchema = z.object({
  version: z.number().int(),
  text: z.string(),
  source: z.enum(['llm', 'fallback', 'edit', 'import']),
  created_at: z.string(),
});
export type ProfileVersion = z.infer<typeof profileVersionSchema>;

export const memoryCountsSchema = z.object({
  short_term: z.number().int(),
  mid_term_pages: z.number().int(),
  segments: z.number().int(),
  user_knowledge: z.number().int(),
  assistant_knowledge: z.number().int(),
  queued_jobs: z.number().int(),
  /** Pages, segments and knowledge still to embed after a change of embedder. */
  vectors_pending: z.number().int(),
});
export type MemoryCounts = z.infer<typeof memoryCountsSchema>;

/** One line of a JSONL export; import accepts the same lines. */
export const exportLineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('page'), page: pageSchema }),
  z.object({ type: z.literal('knowledge'), knowledge: knowledgeSchema }),
  z.object({ type: z.literal('profile'), profile: profileVersionSchema }),
]);
export type ExportLine = z.infer<typeof exportLineSchema>;
