// Between the dashboard's editable settings and the one config schema.
import { serverConfigSchema, type ServerConfig } from '../../shared/config.js';
import type { EditableSettings, SettingsView } from '../../shared/dashboard.js';
import { refusalOf } from '../../shared/validation.js';
import type { RawConfig } from '../config/variables.js';
import { AppError, InvalidInputError } from '../errors.js';
import { checkOnnxModel } from '../memory/embed/onnx.js';
import { z } from 'zod';

export function settingsView(c: ServerConfig, storedIn: string): SettingsView {
  return {
    host: c.host,
    port: c.port,
    corsEnabled: c.cors.enabled,
    allowedOrigins: c.cors.allowedOrigins,
    trustedHosts: c.trustedHosts,
    requireHttps: c.requireHttps,
    trustProxy: c.trustProxy,
    llmBaseUrl: c.llm.baseUrl ?? '',
    llmModel: c.llm.model,
    llmApiKeySet: Boolean(c.llm.apiKey),
    embeddingProvider: c.embedding.provider,
    embeddingBaseUrl: c.embedding.baseUrl ?? '',
    embeddingModel: c.embedding.model ?? '',
    embeddingModelPath: c.embedding.modelPath ?? '',
    embeddingDimensions: c.embedding.dimensions ?? null,
    dataDir: c.dataDir,
    checkForUpdates: c.checkForUpdates,
    rateLimitRequests: c.rateLimit.requests,
    rateLimitWindowSeconds: c.rateLimit.windowSeconds,
    logLevel: c.logLevel,
    backupIntervalHours: c.backup.intervalHours,
    backupRetain: c.backup.retain,
    sessionIdleMinutes: c.sessionIdleMinutes,
    maxSessionsPerKey: c.maxSessionsPerKey,
    storedIn,
  };
}

/**
 * The settings as saved: what the next start reads, over what runs now. The form shows these, so a
 * value saved but waiting for a restart (or the rate limit, applied at once) is what it shows, and
 * saving another field keeps it. A stored file the schema refuses shows what runs.
 */
export function savedConfig(stored: RawConfig, current: ServerConfig): ServerConfig {
  const parsed = serverConfigSchema.safeParse({
    ...current,
    ...stored,
    apiKeys: current.apiKeys,
    apiKey: current.apiKey,
    dataDir: current.dataDir,
  });
  return parsed.success ? parsed.data : current;
}

/** Applies edits onto the stored raw settings; validates the result with the full schema. */
export function applyEdits(
  stored: RawConfig,
  current: ServerConfig,
  e: EditableSettings,
): { raw: RawConfig; next: ServerConfig } {
  // The settings file, the keys and the memories all live in the data folder: a new folder saved
  // here would start empty, and its settings would never be read. Moving it is done outside.
  if (e.dataDir !== current.dataDir)
    throw new InvalidInputError(
      `The data folder cannot be changed here: the keys, memories and these settings live in it, and a new ` +
        `folder would start empty. To move it, stop the server, move ${current.dataDir} where you want it, ` +
        `and start with --data-dir NEW_FOLDER (or MEMORYOS_DATA_DIR).`,
      {
        fields: {
          dataDir: 'Move the folder with the server stopped, then start with --data-dir (or MEMORYOS_DATA_DIR).',
        },
      },
    );
  const llmApiKey = e.llmApiKey === '' ? (stored.llm?.apiKey ?? current.llm.apiKey) : (e.llmApiKey ?? undefined);
  const raw: RawConfig = {
    ...stored,
    host: e.host,
    port: e.port,
    dataDir: e.dataDir,
    cors: { enabled: e.corsEnabled, allowedOrigins: e.allowedOrigins },
    trustedHosts: e.trustedHosts,
    requireHttps: e.requireHttps,
    trustProxy: e.trustProxy,
    rateLimit: { requests: e.rateLimitRequests, windowSeconds: e.rateLimitWindowSeconds },
    logLevel: e.logLevel,
    backup: { intervalHours: e.backupIntervalHours, retain: e.backupRetain },
    sessionIdleMinutes: e.sessionIdleMinutes,
    maxSessionsPerKey: e.maxSessionsPerKey,
    llm: { ...(stored.llm ?? {}), model: e.llmModel, baseUrl: e.llmBaseUrl || undefined, apiKey: llmApiKey },
    embedding: {
      ...(stored.embedding ?? {}),
      provider: e.embeddingProvider,
      baseUrl: e.embeddingBaseUrl || undefined,
      model: e.embeddingModel || undefined,
      modelPath: e.embeddingModelPath || undefined,
      dimensions: e.embeddingDimensions ?? undefined,
    },
    checkForUpdates: e.checkForUpdates ?? stored.checkForUpdates,
  };
  // The same schema as start-up, over what the next start will read: a value refused here would
  // have stopped the server there.
  const parsed = serverConfigSchema.safeParse({ ...current, ...raw, apiKeys: current.apiKeys, apiKey: current.apiKey });
  if (!parsed.success) throw refusalForDashboard(parsed.error);
  if (parsed.data.embedding.provider === 'onnx') {
    try {
      checkOnnxModel(parsed.data.embedding);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      throw new InvalidInputError(err.message, { fields: { embeddingModelPath: err.message } });
    }
  }
  return { raw, next: parsed.data };
}

/** Where each editable setting lives in the config schema, to name refusals by the dashboard's fields. */
const CONFIG_PATH_OF: Record<keyof EditableSettings, PropertyKey[]> = {
  host: ['host'],
  port: ['port'],
  corsEnabled: ['cors', 'enabled'],
  allowedOrigins: ['cors', 'allowedOrigins'],
  trustedHosts: ['trustedHosts'],
  requireHttps: ['requireHttps'],
  trustProxy: ['trustProxy'],
  llmBaseUrl: ['llm', 'baseUrl'],
  llmModel: ['llm', 'model'],
  llmApiKey: ['llm', 'apiKey'],
  embeddingProvider: ['embedding', 'provider'],
  embeddingBaseUrl: ['embedding', 'baseUrl'],
  embeddingModel: ['embedding', 'model'],
  embeddingModelPath: ['embedding', 'modelPath'],
  embeddingDimensions: ['embedding', 'dimensions'],
  dataDir: ['dataDir'],
  checkForUpdates: ['checkForUpdates'],
  rateLimitRequests: ['rateLimit', 'requests'],
  rateLimitWindowSeconds: ['rateLimit', 'windowSeconds'],
  logLevel: ['logLevel'],
  backupIntervalHours: ['backup', 'intervalHours'],
  backupRetain: ['backup', 'retain'],
  sessionIdleMinutes: ['sessionIdleMinutes'],
  maxSessionsPerKey: ['maxSessionsPerKey'],
};

/** A config-path issue renamed to its dashboard field: `cors.allowedOrigins[1]` -> `allowedOrigins[1]`. */
function editablePath(path: PropertyKey[]): PropertyKey[] {
  let best: [string, PropertyKey[]] | null = null;
  for (const [field, prefix] of Object.entries(CONFIG_PATH_OF)) {
    const fits = prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
    if (fits && (!best || prefix.length > best[1].length)) best = [field, prefix];
  }
  return best ? [best[0], ...path.slice(best[1].length)] : path;
}

function refusalForDashboard(error: z.ZodError): InvalidInputError {
  const renamed = new z.ZodError(error.issues.map((i) => ({ ...i, path: editablePath(i.path) })));
  const { message, fields } = refusalOf(renamed);
  return new InvalidInputError(message, { fields });
}

/** Settings that take effect only when the server starts again (the rate limit applies at once). */
const RESTART_FIELDS: (keyof SettingsView)[] = [
  'host',
  'port',
  'corsEnabled',
  'allowedOrigins',
  'trustedHosts',
  'requireHttps',
  'trustProxy',
  'llmBaseUrl',
  'llmModel',
  'llmApiKeySet',
  'embeddingProvider',
  'embeddingBaseUrl',
  'embeddingModel',
  'embeddingModelPath',
  'embeddingDimensions',
  'dataDir',
  'logLevel',
  'backupIntervalHours',
  'backupRetain',
  'sessionIdleMinutes',
  'maxSessionsPerKey',
];

export function needsRestart(before: SettingsView, after: SettingsView): boolean {
  return RESTART_FIELDS.some((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}
