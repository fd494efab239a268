// The settings form's text fields and the settings they stand for: lists are typed comma separated,
// numbers as text, so that what a person typed stays as typed while the schema says what is wrong.
import type { EditableSettings, SettingsView } from '../../shared/dashboard.js';
import { toNumber } from '../components/Field.js';

/** Every editable setting but the desktop app's update check, which has its own switch (Updates). */
type Edited = Omit<EditableSettings, 'checkForUpdates'>;

export type FormState = {
  [K in keyof Edited]: Edited[K] extends boolean ? boolean : string;
};

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export function formOf(v: SettingsView): FormState {
  return {
    host: v.host,
    port: String(v.port),
    dataDir: v.dataDir,
    corsEnabled: v.corsEnabled,
    allowedOrigins: v.allowedOrigins.join(', '),
    trustedHosts: v.trustedHosts.join(', '),
    requireHttps: v.requireHttps,
    trustProxy: v.trustProxy.join(', '),
    rateLimitRequests: String(v.rateLimitRequests),
    rateLimitWindowSeconds: String(v.rateLimitWindowSeconds),
    sessionIdleMinutes: String(v.sessionIdleMinutes),
    maxSessionsPerKey: String(v.maxSessionsPerKey),
    backupIntervalHours: String(v.backupIntervalHours),
    backupRetain: String(v.backupRetain),
    logLevel: v.logLevel,
    llmBaseUrl: v.llmBaseUrl,
    llmModel: v.llmModel,
    llmApiKey: '',
    embeddingProvider: v.embeddingProvider,
    embeddingBaseUrl: v.embeddingBaseUrl,
    embeddingModel: v.embeddingModel,
    embeddingModelPath: v.embeddingModelPath,
    embeddingDimensions: v.embeddingDimensions === null ? '' : String(v.embeddingDimensions),
  };
}

export function settingsOf(f: FormState): EditableSettings {
  return {
    host: f.host.trim(),
    port: toNumber(f.port),
    dataDir: f.dataDir.trim(),
    corsEnabled: f.corsEnabled,
    allowedOrigins: list(f.allowedOrigins),
    trustedHosts: list(f.trustedHosts),
    requireHttps: f.requireHttps,
    trustProxy: list(f.trustProxy),
    rateLimitRequests: toNumber(f.rateLimitRequests),
    rateLimitWindowSeconds: toNumber(f.rateLimitWindowSeconds),
    sessionIdleMinutes: toNumber(f.sessionIdleMinutes),
    maxSessionsPerKey: toNumber(f.maxSessionsPerKey),
    backupIntervalHours: toNumber(f.backupIntervalHours),
    backupRetain: toNumber(f.backupRetain),
    logLevel: f.logLevel as EditableSettings['logLevel'],
    llmBaseUrl: f.llmBaseUrl.trim(),
    llmModel: f.llmModel.trim(),
    llmApiKey: f.llmApiKey.trim(),
    embeddingProvider: f.embeddingProvider as EditableSettings['embeddingProvider'],
    embeddingBaseUrl: f.embeddingBaseUrl.trim(),
    embeddingModel: f.embeddingModel.trim(),
    embeddingModelPath: f.embeddingModelPath.trim(),
    embeddingDimensions: f.embeddingDimensions.trim() === '' ? null : toNumber(f.embeddingDimensions),
  };
}

/**
 * Each field's first problem, from errors keyed by setting path; a list item's problem names the
 * item ("trustProxy[1]" -> “999.1.1.1”: …).
 */
export function errorsByField(errors: Record<string, string>, f: FormState): Partial<Record<keyof FormState, string>> {
  const out: Partial<Record<keyof FormState, string>> = {};
  for (const [path, text] of Object.entries(errors)) {
    const m = /^(\w+)(?:\[(\d+)\])?/.exec(path);
    if (!m) continue;
    const field = m[1] as keyof FormState;
    if (!(field in f) || out[field]) continue;
    const item = m[2] !== undefined ? list(String(f[field]))[Number(m[2])] : undefined;
    out[field] = item !== undefined ? `“${item}”: ${text}` : text;
  }
  return out;
}
