// Records the server exposes about itself: keys, sessions, statistics. Used by /admin/*,
// the dashboard (IPC and /admin/api) and the CLI. No Node, no DOM.
import { z } from 'zod';
import { keyNameSchema } from './config.js';
import { memoryCountsSchema } from './memory.js';

export const rateLimitOverrideSchema = z.object({
  requests: z.number().int().min(1).max(10_000_000),
  windowSeconds: z
    .number()
    .int()
    .min(1)
    .max(31 * 24 * 3600),
});
export type RateLimitOverride = z.infer<typeof rateLimitOverrideSchema>;

/** A key as stored: never the key itself, only its hash (kept server-side) and a short prefix to recognise it. */
export const apiKeyInfoSchema = z.object({
  name: keyNameSchema,
  /** First 6 characters of the key, to tell keys apart in a list. */
  prefix: z.string(),
  admin: z.boolean(),
  /** Where the key comes from: env keys cannot be revoked or renamed from the dashboard. */
  source: z.enum(['env', 'generated', 'stored']),
  rate_limit: rateLimitOverrideSchema.nullable(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  request_count: z.number().int(),
  revoked: z.boolean(),
});
export type ApiKeyInfo = z.infer<typeof apiKeyInfoSchema>;

export const createKeyRequestSchema = z.object({
  name: keyNameSchema,
  admin: z.boolean().default(false),
  rate_limit: rateLimitOverrideSchema.nullable().default(null),
});
export type CreateKeyRequest = z.input<typeof createKeyRequestSchema>;

/** The only time a key is shown in full. */
export const createdKeySchema = z.object({ info: apiKeyInfoSchema, key: z.string() });
export type CreatedKey = z.infer<typeof createdKeySchema>;

export const sessionInfoSchema = z.object({
  id: z.string(),
  key_name: z.string(),
  client_name: z.string().nullable(),
  client_version: z.string().nullable(),
  protocol_version: z.string().nullable(),
  started_at: z.string(),
  last_activity_at: z.string(),
  requests: z.number().int(),
  sse_open: z.boolean(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

const toolStatsSchema = z.object({
  calls: z.number().int(),
  errors: z.number().int(),
  p50_ms: z.number(),
  p95_ms: z.number(),
  mean_ms: z.number(),
});

export const serverStatsSchema = z.object({
  started_at: z.string(),
  uptime_seconds: z.number(),
  requests: z.number().int(),
  errors: z.number().int(),
  rate_limited: z.number().int(),
  auth_failures: z.number().int(),
  active_sessions: z.number().int(),
  tools: z.record(z.string(), toolStatsSchema),
  memory_by_user: z.record(z.string(), memoryCountsSchema),
});
export type ServerStats = z.infer<typeof serverStatsSchema>;

export const trendRangeSchema = z.enum(['hour', 'day', 'week']);
export type TrendRange = z.infer<typeof trendRangeSchema>;

/**
 * Client traffic over time, one column per series (ready for a chart): dashboard requests, the
 * dashboard's own files and stray requests (a browser's favicon) are not client traffic.
 */
export const trendsSchema = z.object({
  range: trendRangeSchema,
  /** The key these figures are for; null = every key. */
  key: z.string().nullable(),
  step_seconds: z.number().int(),
  /** Start of each point, in Unix seconds. */
  times: z.array(z.number().int()),
  requests: z.array(z.number().int()),
  /** Refused or failed requests, less authentication failures and rate limiting (counted on their own). */
  errors: z.array(z.number().int()),
  rate_limited: z.array(z.number().int()),
  /** Per tool: calls and mean latency per point (null where it was not called). */
  tools: z.record(z.string(), z.object({ calls: z.array(z.number().int()), mean_ms: z.array(z.number().nullable()) })),
  /** Keys with traffic in the last week. */
  keys: z.array(z.string()),
});
export type Trends = z.infer<typeof trendsSchema>;
