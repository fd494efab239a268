// The memory view (an MCP App): its resource URI, and the contract between the server and the view
// that is not part of any tool's structuredContent, so clients without MCP Apps see the same result.
import { z } from 'zod';

export const MEMORY_VIEW_URI = 'ui://memoryos/memory';

/**
 * Where a retrieve_memory result's `_meta` says why each retrieved page and knowledge entry matched (the
 * latest conversation, returned whatever the query, needs no reason).
 */
export const MATCHES_META_KEY = 'org.memoryos/matches';

export const matchSchema = z.object({
  /** Words of the query the item contains, as the query spelled them. */
  words: z.array(z.string()),
  /** The item dates from a time the query named ("yesterday", "in May 2024"). */
  in_time_named: z.boolean(),
});
export type Match = z.infer<typeof matchSchema>;

/** Keyed by memory_id or knowledge id. */
export const matchesSchema = z.record(z.string(), matchSchema);
export type Matches = z.infer<typeof matchesSchema>;
