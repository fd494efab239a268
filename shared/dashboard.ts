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
} from './admin.js';
import { CLIENTS } from './clientConfig.js';
import { keyNameSchema, rateLimitSettingsSchema } from './config.js';
import {
  knowledgeKindSchema,
  knowledgeSchema,
  memoryCountsSchema,
  pageSchema,
  profileVersionSchema,
  segmentSchema,
} from './memory.js';
import { retrieveMemoryInput, retrieveMemoryOutput } from './tools.js';

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });
const paging = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) };
const user = { user: keyNameSchema };
const pageList = z.object({ items: z.array(pageSchema), total: z.number().int() });

/** Settings a person may change from the dashboard; validated again by the full config schema. */
export const editableSettingsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  corsEnabled: z.boolean(),
  allowedOrigins: z.array(z.string().min(1)),
  trustedHosts: z.array(z.string().min(1)),
  requireHttps: z.boolean(),
  trustProxy: z.array(z.string().min(1)),
  llmBaseUrl: z.string().url().or(z.literal('')),
  llmModel: z.string().min(1),
  /** Write-only: '' keeps the stored key, null removes it. */
  llmApiKey: z.string().nullable(),
  embeddingProvider: z.enum(['hashed', 'openai']),
  embeddingBaseUrl: z.string().url().or(z.literal('')),
  embeddingModel: z.string(),
  dataDir: z.string().min(1),
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

export const dashboardContract = {
  'overview.get': { request: empty, response: overviewSchema },

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
    response: retrieveMemoryOutput,
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
      skipped: z.number().int(),
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
