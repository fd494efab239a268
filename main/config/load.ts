// Settings for `serve`: defaults < JSON file (MEMORYOS_CONFIG / --config) < environment < flags,
// validated once by the shared schema. A wrong value stops start-up with a message that names the
// variable or flag and says what it accepts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { serverConfigSchema, type ServerConfig } from '../../shared/config.js';
import { knownPaths, meant, unknownPaths } from './fileKeys.js';
import { fieldPath, refusalOf } from '../../shared/validation.js';
import { VARIABLES, type RawConfig, type Variable } from './variables.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function parseValue(v: Variable, raw: string, source: string): unknown {
  const text = raw.trim();
  switch (v.kind) {
    case 'string':
      return text;
    case 'int':
    case 'number': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n) || (v.kind === 'int' && !Number.isInteger(n)))
        throw new ConfigError(`${source} must be ${v.kind === 'int' ? 'a whole number' : 'a number'}, got "${text}"`);
      return n;
    }
    case 'bool':
      if (TRUE.has(text.toLowerCase())) return true;
      if (FALSE.has(text.toLowerCase())) return false;
      throw new ConfigError(`${source} must be true or false, got "${text}"`);
    case 'list':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'keys':
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((pair) => {
          const at = pair.indexOf(':');
          if (at <= 0 || at === pair.length - 1)
            throw new ConfigError(
              `${source} must be name:key pairs separated by commas (e.g. claude:KEY1,mobile:KEY2); one entry has no name or no key`,
            );
          return { name: pair.slice(0, at), key: pair.slice(at + 1) };
        });
  }
}

export interface LoadedConfig {
  config: ServerConfig;
  /** Where each explicitly set value came from, for the start-up log (never the value of a secret). */
  sources: Record<string, string>;
}

/** Parses `--flag value`, `--flag=value` and bare boolean `--flag`. Unknown flags are errors. */
function parseFlags(argv: string[]): { values: Map<Variable, string>; config?: string } {
  const values = new Map<Variable, string>();
  let config: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new ConfigError(`unexpected argument "${arg}"; see --help`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const next = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new ConfigError(`--${name} needs a value`);
      return v;
    };
    if (name === 'config') {
      config = next();
      continue;
    }
    const variable = VARIABLES.find((v) => v.flag === name);
    if (!variable) throw new ConfigError(`unknown option --${name}; see --help`);
    values.set(
      variable,
      variable.kind === 'bool' && inline === undefined && (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--'))
        ? 'true'
        : next(),
    );
  }
  return { values, config };
}

export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const flags = parseFlags(argv);
  const sources: Record<string, string> = {};
  let raw: RawConfig = {};
  const explicit = flags.config ?? env.MEMORYOS_CONFIG;
  const dataDirFlag = [...flags.values].find(([v]) => v.env === 'MEMORYOS_DATA_DIR')?.[1];
  const dashboardFile = join(dataDirFlag ?? env.MEMORYOS_DATA_DIR ?? './memoryos_data', 'settings.json');
  const file = explicit ?? (existsSync(dashboardFile) ? dashboardFile : undefined);
  if (file) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as RawConfig;
    } catch (err) {
      throw new ConfigError(`the config file ${file} could not be read as JSON: ${(err as Error).message}`);
    }
    sources.file = file;
    const unknown = unknownPaths(raw);
    if (unknown.length > 0) throw new ConfigError(describeUnknown(file, unknown));
  }
  for (const v of VARIABLES) {
    const fromFlag = flags.values.get(v);
    const fromEnv = env[v.env];
    const text = fromFlag ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined);
    if (text === undefined) continue;
    const source = fromFlag !== undefined ? `--${v.flag}` : v.env;
    v.set(raw, parseValue(v, text, source));
    sources[v.env] = source;
  }
  // One key serves both model steps when only OPENAI_* is given.
  if (raw.llm?.apiKey && !raw.embedding?.apiKey && raw.embedding?.provider === 'openai')
    raw.embedding = { ...raw.embedding, apiKey: raw.llm.apiKey };
  if (raw.llm?.baseUrl && !raw.embedding?.baseUrl && raw.embedding?.provider === 'openai')
    raw.embedding = { ...raw.embedding, baseUrl: raw.llm.baseUrl };

  const parsed = serverConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeInvalid(parsed.error, raw, sources));
  return { config: parsed.data, sources };
}

function describeUnknown(file: string, unknown: string[]): string {
  const known = knownPaths();
  const each = unknown.map((p) => {
    const guess = meant(p, known);
    return `"${p}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
  });
  return (
    `the config file ${file} names ${unknown.length === 1 ? 'a setting' : 'settings'} MemoryOS does not know: ` +
    `${each.join(', ')}. A config file uses the names of settings.json, nested: ` +
    `{"rateLimit": {"requests": 500}, "memory": {"shortTermCapacity": 10}}. The names: ${known.join(', ')}.`
  );
}

/** Never echoed in a refusal: keys, and DATABASE_URL (it may carry a password). */
const SECRET = /apiKey|key$|databaseUrl/i;

/** Each refused value named by where it came from: the flag, the variable, or the file and setting. */
function describeInvalid(error: z.ZodError, raw: RawConfig, sources: Record<string, string>): string {
  const { fields } = refusalOf(error);
  const lines = error.issues.map((issue) => {
    const path = fieldPath(issue.path);
    const v = VARIABLES.find((x) => pathMatches(x, issue.path));
    const where = v && sources[v.env] ? sources[v.env] : sources.file ? `${sources.file}, setting "${path}"` : path;
    const value = valueAt(raw, issue.path);
    const shown =
      value === undefined || typeof value === 'object' || issue.path.some((p) => SECRET.test(String(p)))
        ? ''
        : ` (got ${JSON.stringify(value).slice(0, 80)})`;
    return `${where}: ${fields[path] ?? issue.message}${shown}`;
  });
  return `invalid configuration:\n  ${[...new Set(lines)].join('\n  ')}`;
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function pathMatches(v: Variable, path: PropertyKey[]): boolean {
  const probe: RawConfig = {};
  v.set(probe, '__probe__');
  let node: unknown = probe;
  for (const key of path) {
    if (node === '__probe__') return true;
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node === '__probe__' || (Array.isArray(node) && path.length > 0);
}
