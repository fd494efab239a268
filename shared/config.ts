// The one settings schema: `serve` (env + flags + file), the desktop app (electron-store) and the
// dashboard's settings screen all validate against it. No Node, no DOM.
import { z } from 'zod';
import { isBindAddress, isHostPattern, isLoopbackHost, isOriginSpec, isProxySpec } from './addresses.js';

export const KEY_NAME_PATTERN = /^[a-z0-9_-]{1,64}$/;
export const keyNameSchema = z
  .string()
  .regex(KEY_NAME_PATTERN, 'a key name is 1 to 64 characters of a-z, 0-9, "_" or "-"');

export const logLevelSchema = z.enum(['debug', 'info', 'warn', 'error', 'silent']);
export type LogLevel = z.infer<typeof logLevelSchema>;

const namedKeySchema = z.object({
  name: keyNameSchema,
  key: z.string().min(16, 'an API key must be at least 16 characters'),
});

export const llmSettingsSchema = z.object({
  /** OpenAI-compatible chat endpoint; unset = OpenAI's own when apiKey is set. */
  baseUrl: z.string().url().optional(),
  apiKey: z.string().min(1).optional(),
  model: z.string().min(1).default('gpt-4o-mini'),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
});
export type LlmSettings = z.infer<typeof llmSettingsSchema>;

export const embeddingSettingsSchema = z.object({
  /**
   * hashed: embedded, offline, deterministic. openai: any OpenAI-compatible /v1/embeddings.
   * onnx: a local sentence model folder.
   */
  provider: z.enum(['hashed', 'openai', 'onnx']).default('hashed'),
  model: z.string().min(1).optional(),
  baseUrl: z.string().url().optional(),
  apiKey: z.string().min(1).optional(),
  modelPath: z.string().min(1).optional(),
  dimensions: z.number().int().min(8).max(8192).optional(),
});
export type EmbeddingSettings = z.infer<typeof embeddingSettingsSchema>;

/** MemoryOS constants (../shared/memoryos-engine.md), each a setting with the paper's default. */
export const memorySettingsSchema = z.object({
  shortTermCapacity: z.number().int().min(1).max(1000).default(10),
  midTermCapacity: z.number().int().min(1).max(1_000_000).default(2000),
  midTermSimilarityThreshold: z.number().min(0).max(2).default(0.6),
  midTermHeatThreshold: z.number().min(0).default(5.0),
  heatAlpha: z.number().min(0).default(1),
  heatBeta: z.number().min(0).default(1),
  heatGamma: z.number().min(0).default(1),
  recencyTauHours: z.number().positive().default(24),
  retrievalQueueCapacity: z.number().int().min(1).max(200).default(7),
  topKnowledge: z.number().int().min(1).max(200).default(20),
  knowledgeCapacity: z.number().int().min(1).max(100_000).default(100),
  maxThemes: z.number().int().min(1).max(10).default(2),
});
export type MemorySettings = z.infer<typeof memorySettingsSchema>;

export const rateLimitSettingsSchema = z.object({
  requests: z.number().int().min(1).max(10_000_000).default(100),
  windowSeconds: z
    .number()
    .int()
    .min(1)
    .max(31 * 24 * 3600)
    .default(3600),
});
export type RateLimitSettings = z.infer<typeof rateLimitSettingsSchema>;

const backupSettingsSchema = z.object({
  /** 0 disables scheduled backups. */
  intervalHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  retain: z.number().int().min(1).max(1000).default(7),
});

const bindAddress = z
  .string()
  .refine(isBindAddress, 'must be an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name such as localhost');
const origin = z
  .string()
  .refine(isOriginSpec, 'must be "*" or an origin such as https://app.example.com or http://127.0.0.1:5173');
const hostPattern = z
  .string()
  .refine(isHostPattern, 'must be "*", a host name such as memory.example.com, *.example.com, or an IP address');
const proxy = z
  .string()
  .refine(isProxySpec, 'must be an IP address, a range such as 10.0.0.0/8, or loopback, linklocal or uniquelocal');

/** postgres://USER:PASSWORD@HOST:PORT/DATABASE (or postgresql://; a socket folder as ?host=/path). */
function isPostgresUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (
      (u.protocol === 'postgres:' || u.protocol === 'postgresql:') &&
      (u.hostname !== '' || u.searchParams.has('host')) &&
      u.pathname.length > 1
    );
  } catch {
    return false;
  }
}
const databaseUrl = z
  .string()
  .refine(isPostgresUrl, 'must be a PostgreSQL URL with a database name: postgres://USER:PASSWORD@HOST:PORT/DATABASE');

const serverConfigFields = z.object({
  serverMode: z.enum(['streamable-http', 'stdio']).default('streamable-http'),
  host: bindAddress.default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(3000),
  dataDir: z.string().min(1).default('./memoryos_data'),
  /** DATABASE_URL: a team server keeps keys, sessions and rate limits in PostgreSQL, shared by replicas. */
  databaseUrl: databaseUrl.optional(),
  /** MCP_API_KEY: one admin key, named "default". */
  apiKey: z.string().min(16, 'MCP_API_KEY must be at least 16 characters').optional(),
  /** MCP_API_KEYS: name:key pairs; each name is a user. */
  apiKeys: z.array(namedKeySchema).default([]),
  /** MCP_ADMIN_KEYS: names from apiKeys that may use /admin and the dashboard for every user. */
  adminKeyNames: z.array(keyNameSchema).default([]),
  rateLimit: rateLimitSettingsSchema.default({ requests: 100, windowSeconds: 3600 }),
  cors: z
    .object({ enabled: z.boolean().default(true), allowedOrigins: z.array(origin).default([]) })
    .default({ enabled: true, allowedOrigins: [] }),
  /** Host header allow-list; empty = the loopback names when bound to loopback, anything otherwise. "*" = anything. */
  trustedHosts: z.array(hostPattern).default([]),
  requireHttps: z.boolean().default(false),
  /** Addresses (exact IPs or CIDRs, or "loopback") whose X-Forwarded-* headers are believed. */
  trustProxy: z.array(proxy).default([]),
  disableAuth: z.boolean().default(false),
  /** Failed authentications allowed per client address per window before it gets 429s. */
  authFailureLimit: z.number().int().min(1).max(100_000).default(20),
  authFailureWindowSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600)
    .default(300),
  logLevel: logLevelSchema.default('info'),
  sessionIdleMinutes: z
    .number()
    .min(0.01)
    .max(7 * 24 * 60)
    .default(30),
  maxSessionsPerKey: z.number().int().min(1).max(100_000).default(50),
  maxBodyBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  llm: llmSettingsSchema.default({ model: 'gpt-4o-mini', timeoutMs: 30_000, maxRetries: 2 }),
  embedding: embeddingSettingsSchema.default({ provider: 'hashed' }),
  memory: memorySettingsSchema.default(memorySettingsSchema.parse({})),
  backup: backupSettingsSchema.default({ intervalHours: 24, retain: 7 }),
  /** Desktop app only: look for a newer release at start (the tray's "Check for updates" always can). */
  checkForUpdates: z.boolean().default(true),
});

/** Settings that are each valid but cannot go together; every entry point refuses them alike. */
export const serverConfigSchema = serverConfigFields.superRefine((c, ctx) => {
  if (c.disableAuth && !isLoopbackHost(c.host))
    ctx.addIssue({
      code: 'custom',
      path: ['disableAuth'],
      message: `authentication can only be turned off when the server is bound to loopback (HOST is ${c.host}): anyone on the network could read and change every memory`,
    });
  const names = new Set<string>();
  c.apiKeys.forEach((k, i) => {
    if (names.has(k.name))
      ctx.addIssue({
        code: 'custom',
        path: ['apiKeys', i, 'name'],
        message: `the name "${k.name}" appears twice; each name is one user and needs one key`,
      });
    names.add(k.name);
  });
  c.adminKeyNames.forEach((n, i) => {
    if (!names.has(n))
      ctx.addIssue({
        code: 'custom',
        path: ['adminKeyNames', i],
        message: `"${n}" is not the name of a key in MCP_API_KEYS`,
      });
  });
  if (c.apiKey && names.has('default'))
    ctx.addIssue({
      code: 'custom',
      path: ['apiKeys'],
      message: 'the name "default" belongs to MCP_API_KEY; give this key another name',
    });
  if (c.embedding.provider === 'onnx' && !c.embedding.modelPath)
    ctx.addIssue({
      code: 'custom',
      path: ['embedding', 'modelPath'],
      message: 'the onnx provider needs the folder of a local sentence model (EMBEDDING_MODEL_PATH)',
    });
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;
export type ServerConfigInput = z.input<typeof serverConfigSchema>;
