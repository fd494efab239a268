// Between the dashboard's editable settings and the one config schema.
import { serverConfigSchema, type ServerConfig } from '../../shared/config.js';
import type { EditableSettings, SettingsView } from '../../shared/dashboard.js';
import type { RawConfig } from '../config/variables.js';
import { InvalidInputError } from '../errors.js';
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
    embeddingProvider: c.embedding.provider === 'openai' ? 'openai' : 'hashed',
    embeddingBaseUrl: c.embedding.baseUrl ?? '',
    embeddingModel: c.embedding.model ?? '',
    dataDir: c.dataDir,
    storedIn,
  };
}

/** Applies edits onto the stored raw settings; validates the result with the full schema. */
export function applyEdits(
  stored: RawConfig,
  current: ServerConfig,
  e: EditableSettings,
): { raw: RawConfig; next: ServerConfig } {
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
    llm: { ...(stored.llm ?? {}), model: e.llmModel, baseUrl: e.llmBaseUrl || undefined, apiKey: llmApiKey },
    embedding: {
      ...(stored.embedding ?? {}),
      provider: e.embeddingProvider,
      baseUrl: e.embeddingBaseUrl || undefined,
      model: e.embeddingModel || undefined,
    },
  };
  const parsed = serverConfigSchema.safeParse({ ...current, ...raw, apiKeys: current.apiKeys, apiKey: current.apiKey });
  if (!parsed.success) throw new InvalidInputError(z.prettifyError(parsed.error));
  return { raw, next: parsed.data };
}

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
  'dataDir',
];

export function needsRestart(before: SettingsView, after: SettingsView): boolean {
  return RESTART_FIELDS.some((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}
