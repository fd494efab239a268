// The dashboard contract: channel name -> request and response schemas. The renderer calls it over
// IPC (Electron) or HTTP (POST /admin/api/<channel>, admin keys only); main validates every request
// with it before a handler runs, and every response is shaped by it.
import { z } from 'zod';
import {
  apiKeyInfoSchema,
  createdKeySchema,
  createKeyRequestSchema,
  rateLimitOverrideSchema,
  serverStatsSchema,
  sessionInfoSchema,
  trendRangeSchema,
  trendsSchema,
} from './admin.js';
import { CLIENTS } from './clientConfig.js';
import { keyNameSchema, rateLimitSettingsSchema, serverConfigSchema } from './config.js';
import {
  knowledgeKindSchema,
  knowledgeSchema,
  memoryCountsSchema,
  pageSchema,
  profileVersionSchema,
  segmentSchema,
} from './memory.js';
import { retrievedPageSchema, retrieveMemoryInput, retrieveMemoryOutput } from './tools.js';

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const paging = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) };
const user = { user: keyNameSchema };
const pageList = z.object({ items: z.array(pageSchema), total: z.number().int() });

const config = serverConfigSchema.shape;

/**
 * Settings a person may change from the dashboard, each with the bounds of the one config schema
 * (shared/config.ts) so the form refuses what start-up would; the whole is validated again by it.
 */
export const editableSettingsSchema = z.object({
  host: config.host.unwrap(),
  port: config.port.unwrap(),
  corsEnabled: z.boolean(),
  allowedOrigins: config.cors.unwrap().shape.allowedOrigins.unwrap(),
  trustedHosts: config.trustedHosts.unwrap(),
  requireHttps: z.boolean(),
  trustProxy: config.trustProxy.unwrap(),
  llmBaseUrl: z.string().url().or(z.literal('')),
  llmModel: z.string().min(1),
  /** Write-only: '' keeps the stored key, null removes it. */
  llmApiKey: z.string().nullable(),
  embeddingProvider: z.enum(['hashed', 'openai', 'onnx']),
  embeddingBaseUrl: z.string().url().or(z.literal('')),
  embeddingModel: z.string(),
  /** onnx: the folder of a local sentence model; '' = none. */
  embeddingModelPath: z.string(),
  /** null = the embedder's own (the embedded one: 256). */
  embeddingDimensions: z.number().int().min(8).max(8192).nullable(),
  dataDir: config.dataDir.unwrap(),
  rateLimitRequests: rateLimitSettingsSchema.shape.requests.unwrap(),
  rateLimitWindowSeconds: rateLimitSettingsSchema.shape.windowSeconds.unwrap(),
  logLevel: config.logLevel.unwrap(),
  /** 0 turns scheduled backups off. */
  backupIntervalHours: z
    .number()
    .min(0)
    .max(24 * 30),
  backupRetain: z.number().int().min(1).max(1000),
  sessionIdleMinutes: config.sessionIdleMinutes.unwrap(),
  maxSessionsPerKey: config.maxSessionsPerKey.unwrap(),
  /** Desktop app: check for a newer release at start. Absent keeps the saved value. */
  checkForUpdates: z.boolean().optional(),
});
export type EditableSettings = z.infer<typeof editableSettingsSchema>;

export const settingsViewSchema = editableSettingsSchema.omit({ llmApiKey: true }).extend({
  llmApiKeySet: z.boolean(),
  checkForUpdates: z.boolean(),
  /** Where the values live: a JSON file next to the data for `serve`, electron-store in the app. */
  storedIn: z.string(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

const overviewSchema = z.object({
  status: z.enum(['running', 'degraded']),
  version: z.string(),
  address: z.string(),
  auth_enabled: z.boolean(),
  key_count: z.number().int(),
  rate_limit: rateLimitSettingsSchema,
  stats: serverStatsSchema,
  store: z.object({ ok: z.boolean(), detail: z.string().optional() }),
  /** When a client first made a successful MCP request here; null: never (the dashboard's first run). */
  first_client_at: z.string().nullable(),
});
export type Overview = z.infer<typeof overviewSchema>;

/** The app's version and updates; a headless server reports its version only. */
export const updateStatusSchema = z.object({
  current: z.string(),
  /** False outside an installed desktop app (development builds, `serve`). */
  supported: z.boolean(),
  /** The newer release being downloaded or ready to install. */
  available: z.string().nullable(),
  /** One line for a person, e.g. "Version 1.0.0 · up to date". */
  summary: z.string(),
  canCheck: z.boolean(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

/** Who the dashboard is signed in as: a key in a browser, the machine's owner in the desktop app. */
export const signedInSchema = z.object({
  /** The key's name, which is also its user; in the desktop app the first admin key's. */
  name: z.string().nullable(),
  admin: z.boolean(),
  /** The desktop app's own window: no key was typed, nothing to sign out of. */
  local: z.boolean(),
});
export type SignedIn = z.infer<typeof signedInSchema>;

/** A search hit with why it matched. */
export const searchHitSchema = retrievedPageSchema.extend({
  /** The page's words that share a stem with the query's content words, lower-cased as the engine reads them. */
  matched: z.array(z.string()),
  /** The page's time falls in a time the query names ("yesterday", "in May 2024"). */
  in_named_time: z.boolean(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export const memorySearchSchema = z.object({
  query: z.string(),
  took_ms: z.number(),
  /** Hits over the relevance floor, best first: they share a word with the query or its named time. */
  relevant: z.array(searchHitSchema),
  /** What the engine also returned without sharing a word or a time: loosely related at best. */
  loose: z.array(searchHitSchema),
  knowledge: z.array(
    retrieveMemoryOutput.shape.retrieved_user_knowledge.element.extend({ matched: z.array(z.string()) }),
  ),
});
export type MemorySearch = z.infer<typeof memorySearchSchema>;

export const dashboardContract = {
  'overview.get': { request: empty, response: overviewSchema },
  'session.me': { request: empty, response: signedInSchema },
  'stats.trends': {
    request: z.object({ range: trendRangeSchema, key: keyNameSchema.nullable().default(null) }),
    response: trendsSchema,
  },

  'keys.list': { request: empty, response: z.array(apiKeyInfoSchema) },
  'keys.create': { request: createKeyRequestSchema, response: createdKeySchema },
  'keys.revoke': { request: z.object({ name: keyNameSchema }), response: ok },
  'keys.rename': { request: z.object({ name: keyNameSchema, newName: keyNameSchema }), response: apiKeyInfoSchema },
  'keys.setRateLimit': {
    request: z.object({ name: keyNameSchema, rate_limit: rateLimitOverrideSchema.nullable() }),
    response: apiKeyInfoSchema,
  },

  'rateLimits.get': { request: empty, response: rateLimitSettingsSchema },
  'rateLimits.set': { request: rateLimitSettingsSchema, response: rateLimitSettingsSchema },

  'sessions.list': { request: empty, response: z.array(sessionInfoSchema) },
  'sessions.close': {
    request: z.object({ id: z.string().min(1).max(200) }),
    response: z.object({ closed: z.boolean() }),
  },

  'memory.users': { request: empty, response: z.array(z.object({ user: z.string(), counts: memoryCountsSchema })) },
  'memory.shortTerm': { request: z.object(user), response: z.array(pageSchema) },
  'memory.segments': {
    request: z.object({ ...user, ...paging }),
    response: z.object({ items: z.array(segmentSchema), total: z.number().int() }),
  },
  'memory.segmentPages': {
    request: z.object({ ...user, segmentId: z.string().min(1), ...paging }),
    response: pageList,
  },
  'memory.pages': {
    request: z.object({ ...user, ...paging, tier: z.enum(['short', 'mid']).optional() }),
    response: pageList,
  },
  'memory.knowledge': {
    request: z.object({ ...user, kind: knowledgeKindSchema, ...paging }),
    response: z.object({ items: z.array(knowledgeSchema), total: z.number().int() }),
  },
  'memory.profile': {
    request: z.object(user),
    response: z.object({ current: profileVersionSchema.nullable(), history: z.array(profileVersionSchema) }),
  },
  'memory.setProfile': { request: z.object({ ...user, text: z.string().max(20_000) }), response: profileVersionSchema },
  'memory.search': {
    request: retrieveMemoryInput.omit({ user_id: true }).extend(user),
    response: memorySearchSchema,
  },
  'memory.updatePage': {
    request: z.object({
      ...user,
      id: z.string().min(1),
      patch: z.object({
        user_input: z.string().optional(),
        agent_response: z.string().optional(),
        memory_type: z.string().optional(),
        tags: z.array(z.string()).optional(),
        timestamp: z.string().optional(),
      }),
    }),
    response: pageSchema,
  },
  'memory.updateKnowledge': {
    request: z.object({ ...user, id: z.string().min(1), text: z.string() }),
    response: knowledgeSchema,
  },
  'memory.delete': {
    request: z.object({ ...user, id: z.string().min(1) }),
    response: z.object({ deleted: z.literal(true), kind: z.enum(['page', 'knowledge']) }),
  },
  'memory.export': { request: z.object(user), response: z.object({ jsonl: z.string(), lines: z.number().int() }) },
  'memory.import': {
    request: z.object({ ...user, jsonl: z.string().max(50 * 1024 * 1024) }),
    response: z.object({
      pages: z.number().int(),
      knowledge: z.number().int(),
      profiles: z.number().int(),
      /** Already present (an import is idempotent: the same lines again add nothing). */
      skipped: z.number().int(),
      /** Lines that were invalid; the first reasons are in `errors`. */
      refused: z.number().int(),
      errors: z.array(z.string()),
    }),
  },

  'connect.configs': {
    request: z.object({ key: z.string().min(16, 'paste the full API key') }),
    response: z.array(
      z.object({
        client: z.enum(CLIENTS),
        title: z.string(),
        snippet: z.string(),
        note: z.string(),
        installable: z.boolean(),
      }),
    ),
  },
  'connect.install': {
    request: z.object({ key: z.string().min(16), client: z.enum(['claude-desktop', 'cursor']) }),
    response: z.object({ path: z.string(), backupPath: z.string().nullable(), written: z.string() }),
  },
  'connect.test': {
    request: z.object({ key: z.string().min(16) }),
    response: z.object({
      ok: z.boolean(),
      tools: z.array(z.string()),
      roundTripMs: z.number(),
      error: z.string().optional(),
    }),
  },

  /** memoryos.mcpb: opened with the OS in the desktop app (Claude Desktop installs it), else a download. */
  'connect.bundle': {
    request: empty,
    response: z.object({
      opened: z.boolean(),
      path: z.string(),
      downloadUrl: z.string().nullable(),
      message: z.string(),
    }),
  },

  'app.updates': { request: empty, response: updateStatusSchema },
  'app.checkForUpdates': { request: empty, response: updateStatusSchema },

  'settings.get': { request: empty, response: settingsViewSchema },
  'settings.update': {
    request: editableSettingsSchema,
    response: z.object({ settings: settingsViewSchema, restartRequired: z.boolean(), message: z.string() }),
  },
} as const;

export type DashboardContract = typeof dashboardContract;
export type Channel = keyof DashboardContract;
export type RequestOf<C extends Channel> = z.input<DashboardContract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<DashboardContract[C]['response']>;

/** What the renderer talks to: IPC in Electron, HTTP in a browser. */
export interface DashboardApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
}

/** Errors cross the boundary as this shape. */
export const apiErrorSchema = z.object({
  /** A stable code: invalid_input, not_found, conflict, forbidden, rate_limited, internal_error, ... */
  error: z.string(),
  /** A sentence for a person. */
  message: z.string(),
  /** For invalid_input: each refused field's path -> its own sentence (see shared/validation.ts). */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
