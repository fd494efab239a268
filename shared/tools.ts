// MCP tool contracts: input and output schemas, one per tool. The server registers them as is;
// clients (and the dashboard's connection test) read the same shapes.
import { z } from 'zod';
import {
  MAX_TAGS,
  MAX_TEXT_CHARS,
  isoTimestampSchema,
  knowledgeSchema,
  memoryTypeSchema,
  profileVersionSchema,
  tagSchema,
} from './memory.js';

const text = (what: string) => z.string().max(MAX_TEXT_CHARS, `${what} is at most ${MAX_TEXT_CHARS} characters`);

/** Accepted for compatibility with the deployment guide; the user is always the authenticated key's. */
const ignoredUserId = z
  .string()
  .max(256)
  .optional()
  .describe('Ignored: memory always belongs to the user of the API key that calls.');

export const addMemoryInput = z.object({
  user_input: text('user_input').min(1, 'user_input cannot be empty').describe('What the user said.'),
  agent_response: text('agent_response').default('').describe('What the assistant answered (may be empty).'),
  memory_type: memoryTypeSchema
    .default('conversation')
    .describe('A free label, e.g. "conversation", "note", "preference".'),
  tags: z.array(tagSchema).max(MAX_TAGS, `at most ${MAX_TAGS} tags`).default([]).describe('Labels to filter by later.'),
  timestamp: isoTimestampSchema.optional().describe('When the exchange happened (ISO 8601); default: now.'),
  user_id: ignoredUserId,
});
export type AddMemoryArgs = z.output<typeof addMemoryInput>;

export const addMemoryOutput = z.object({
  status: z.literal('success'),
  memory_id: z.string(),
  timestamp: z.string(),
  short_term_count: z.number().int(),
  message: z.string(),
});
export type AddMemoryResult = z.infer<typeof addMemoryOutput>;

export const retrieveMemoryInput = z.object({
  query: text('query')
    .trim()
    .min(1, 'query cannot be empty')
    .describe(
      'What to look for, in plain words. A time written in it ("yesterday", "last week", "on May 3, 2024") favours what was said then.',
    ),
  max_results: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(5)
    .describe('How many pages and knowledge entries to return at most (1-50).'),
  memory_type: memoryTypeSchema.optional().describe('Only pages of this memory_type.'),
  tags: z.array(tagSchema).max(MAX_TAGS).optional().describe('Only pages carrying all these tags.'),
  since: isoTimestampSchema.optional().describe('Only pages at or after this time.'),
  until: isoTimestampSchema.optional().describe('Only pages at or before this time.'),
  user_id: ignoredUserId,
});
export type RetrieveMemoryArgs = z.output<typeof retrieveMemoryInput>;

export const retrievedPageSchema = z.object({
  memory_id: z.string(),
  user_input: z.string(),
  agent_response: z.string(),
  timestamp: z.string(),
  memory_type: z.string(),
  tags: z.array(z.string()),
  meta_info: z.string().nullable(),
  segment_id: z.string().nullable(),
  tier: z.enum(['short', 'mid']),
  score: z.number(),
});
export type RetrievedPage = z.infer<typeof retrievedPageSchema>;

const retrievedKnowledgeSchema = z.object({
  id: z.string(),
  kind: z.enum(['user', 'assistant']),
  text: z.string(),
  created_at: z.string(),
  score: z.number(),
});

export const retrieveMemoryOutput = z.object({
  status: z.literal('success'),
  query: z.string(),
  user_profile: z.string(),
  short_term_memory: z.array(retrievedPageSchema),
  retrieved_pages: z.array(retrievedPageSchema),
  retrieved_user_knowledge: z.array(retrievedKnowledgeSchema),
  retrieved_assistant_knowledge: z.array(retrievedKnowledgeSchema),
  total_pages_found: z.number().int(),
  took_ms: z.number(),
});
export type RetrieveMemoryResult = z.infer<typeof retrieveMemoryOutput>;

export const getUserProfileInput = z.object({
  user_id: ignoredUserId,
  include_knowledge: z.boolean().default(true).describe('Also return the knowledge entries.'),
  include_history: z.boolean().default(false).describe('Also return earlier versions of the profile.'),
});
export type GetUserProfileArgs = z.output<typeof getUserProfileInput>;

export const getUserProfileOutput = z.object({
  status: z.literal('success'),
  user: z.string(),
  profile: z.string(),
  profile_updated_at: z.string().nullable(),
  user_knowledge: z.array(knowledgeSchema),
  assistant_knowledge: z.array(knowledgeSchema),
  history: z.array(profileVersionSchema),
});
export type GetUserProfileResult = z.infer<typeof getUserProfileOutput>;

export const deleteMemoryInput = z.object({
  memory_id: z
    .string()
    .trim()
    .min(1, 'memory_id cannot be empty')
    .max(128)
    .describe('The memory_id returned by add_memory or retrieve_memory, or a knowledge id.'),
  user_id: ignoredUserId,
});

export const deleteMemoryOutput = z.object({
  status: z.literal('success'),
  memory_id: z.string(),
  deleted: z.literal(true),
  kind: z.enum(['page', 'knowledge']),
});
export type DeleteMemoryResult = z.infer<typeof deleteMemoryOutput>;

export const showMemoryInput = z.object({
  limit: z
    .number()
    .int()
    .min(1)
    .max(50)
    .default(10)
    .describe('How many of the latest exchanges and of each kind of knowledge to show (1-50).'),
  user_id: ignoredUserId,
});
export type ShowMemoryArgs = z.output<typeof showMemoryInput>;

/** A stored exchange as the memory view lists it: a retrieved page without a score. */
const shownPageSchema = retrievedPageSchema.omit({ score: true });

export const showMemoryOutput = z.object({
  status: z.literal('success'),
  user: z.string(),
  profile: z.string(),
  profile_updated_at: z.string().nullable(),
  recent_pages: z.array(shownPageSchema),
  total_pages: z.number().int(),
  user_knowledge: z.array(knowledgeSchema),
  assistant_knowledge: z.array(knowledgeSchema),
});
export type ShowMemoryResult = z.infer<typeof showMemoryOutput>;

export const updateKnowledgeInput = z.object({
  knowledge_id: z.string().trim().min(1).max(128).describe('The knowledge entry.'),
  text: z.string().trim().min(1).max(2000).describe('The corrected text (to remove the entry, delete it).'),
});

export const updateKnowledgeOutput = z.object({
  status: z.literal('success'),
  knowledge: knowledgeSchema,
});

export const editProfileLineInput = z.object({
  old_line: z.string().trim().min(1).max(2000).describe('The line as it reads now.'),
  new_line: z.string().trim().max(2000).describe('What it should read; empty to remove the line.'),
});
export type EditProfileLineArgs = z.output<typeof editProfileLineInput>;

export const editProfileLineOutput = z.object({
  status: z.literal('success'),
  profile: z.string(),
  profile_updated_at: z.string(),
});
export type EditProfileLineResult = z.infer<typeof editProfileLineOutput>;

export const TOOL_NAMES = [
  'add_memory',
  'retrieve_memory',
  'get_user_profile',
  'delete_memory',
  'show_memory',
  'update_knowledge',
  'edit_profile_line',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];
