// Every setting `serve` reads from the environment, with the flag that overrides it. One table:
// the loader, `--help` and the README's reference are all made from it.
import type { ServerConfigInput } from '../../shared/config.js';

export type Kind = 'string' | 'int' | 'number' | 'bool' | 'list' | 'keys';

export interface Variable {
  env: string;
  flag: string;
  kind: Kind;
  help: string;
  defaultText: string;
  /** Writes the parsed value into the raw config object. */
  set: (cfg: RawConfig, value: unknown) => void;
}

// Values arrive as strings from env and flags and as anything from a JSON file; the schema checks them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawConfig = { -readonly [K in keyof ServerConfigInput]?: any };

const into = (section: keyof RawConfig, key: string) => (cfg: RawConfig, v: unknown) => {
  cfg[section] = { ...(cfg[section] ?? {}), [key]: v };
};
const top = (key: keyof RawConfig) => (cfg: RawConfig, v: unknown) => {
  cfg[key] = v;
};

export const VARIABLES: Variable[] = [
  {
    env: 'SERVER_MODE',
    flag: 'mode',
    kind: 'string',
    help: 'Transport: streamable-http or stdio',
    defaultText: 'streamable-http',
    set: top('serverMode'),
  },
  {
    env: 'HOST',
    flag: 'host',
    kind: 'string',
    help: 'Address to bind (0.0.0.0 exposes the server to the network)',
    defaultText: '127.0.0.1',
    set: top('host'),
  },
  {
    env: 'PORT',
    flag: 'port',
    kind: 'int',
    help: 'Port to listen on (0 picks a free one)',
    defaultText: '3000',
    set: top('port'),
  },
  {
    env: 'MEMORYOS_DATA_DIR',
    flag: 'data-dir',
    kind: 'string',
    help: 'Data folder (keys, per-user memory stores, backups)',
    defaultText: './memoryos_data',
    set: top('dataDir'),
  },
  {
    env: 'DATABASE_URL',
    flag: 'database-url',
    kind: 'string',
    help: 'PostgreSQL for a team server (postgres://USER:PASSWORD@HOST:PORT/DATABASE): keys, sessions and rate limits shared by replicas',
    defaultText: 'none: everything in the data folder',
    set: top('databaseUrl'),
  },
  {
    env: 'MCP_API_KEY',
    flag: 'api-key',
    kind: 'string',
    help: 'One admin API key (user "default")',
    defaultText: 'generated on first start',
    set: top('apiKey'),
  },
  {
    env: 'MCP_API_KEYS',
    flag: 'api-keys',
    kind: 'keys',
    help: 'Named keys name:key,name:key; each name is a separate user',
    defaultText: 'none',
    set: top('apiKeys'),
  },
  {
    env: 'MCP_ADMIN_KEYS',
    flag: 'admin-keys',
    kind: 'list',
    help: 'Names from MCP_API_KEYS that are admins',
    defaultText: 'none',
    set: top('adminKeyNames'),
  },
  {
    env: 'RATE_LIMIT_REQUESTS',
    flag: 'rate-limit-requests',
    kind: 'int',
    help: 'Requests per key per window',
    defaultText: '100',
    set: into('rateLimit', 'requests'),
  },
  {
    env: 'RATE_LIMIT_WINDOW',
    flag: 'rate-limit-window',
    kind: 'int',
    help: 'Rate-limit window in seconds (sliding)',
    defaultText: '3600',
    set: into('rateLimit', 'windowSeconds'),
  },
  {
    env: 'ENABLE_CORS',
    flag: 'enable-cors',
    kind: 'bool',
    help: 'Answer CORS requests from ALLOWED_ORIGINS',
    defaultText: 'true',
    set: into('cors', 'enabled'),
  },
  {
    env: 'ALLOWED_ORIGINS',
    flag: 'allowed-origins',
    kind: 'list',
    help: 'Browser origins allowed to call the server ("*" for any)',
    defaultText: 'loopback origins',
    set: into('cors', 'allowedOrigins'),
  },
  {
    env: 'TRUSTED_HOSTS',
    flag: 'trusted-hosts',
    kind: 'list',
    help: 'Accepted Host headers ("*" for any; *.example.com patterns)',
    defaultText: 'loopback names when bound to loopback',
    set: top('trustedHosts'),
  },
  {
    env: 'REQUIRE_HTTPS',
    flag: 'require-https',
    kind: 'bool',
    help: 'Refuse plain-HTTP requests (HTTPS via a trusted proxy)',
    defaultText: 'false',
    set: top('requireHttps'),
  },
  {
    env: 'TRUST_PROXY',
    flag: 'trust-proxy',
    kind: 'list',
    help: 'Proxy addresses (IPs, CIDRs or "loopback") whose X-Forwarded-* headers are believed',
    defaultText: 'none',
    set: top('trustProxy'),
  },
  {
    env: 'DISABLE_AUTH',
    flag: 'disable-auth',
    kind: 'bool',
    help: 'No authentication (development only; loopback only)',
    defaultText: 'false',
    set: top('disableAuth'),
  },
  {
    env: 'AUTH_FAILURE_LIMIT',
    flag: 'auth-failure-limit',
    kind: 'int',
    help: 'Wrong keys allowed per key and per client address per window before 429 (valid keys are never refused)',
    defaultText: '20',
    set: top('authFailureLimit'),
  },
  {
    env: 'AUTH_FAILURE_WINDOW',
    flag: 'auth-failure-window',
    kind: 'int',
    help: 'Window for AUTH_FAILURE_LIMIT, in seconds',
    defaultText: '300',
    set: top('authFailureWindowSeconds'),
  },
  {
    env: 'LOG_LEVEL',
    flag: 'log-level',
    kind: 'string',
    help: 'debug, info, warn, error or silent',
    defaultText: 'info',
    set: (c, v) => (c.logLevel = String(v).toLowerCase()),
  },
  {
    env: 'SESSION_IDLE_MINUTES',
    flag: 'session-idle-minutes',
    kind: 'number',
    help: 'Idle MCP sessions expire after this',
    defaultText: '30',
    set: top('sessionIdleMinutes'),
  },
  {
    env: 'MAX_SESSIONS_PER_KEY',
    flag: 'max-sessions-per-key',
    kind: 'int',
    help: 'Open sessions per key; the least recently used is closed beyond it',
    defaultText: '50',
    set: top('maxSessionsPerKey'),
  },
  {
    env: 'MAX_BODY_BYTES',
    flag: 'max-body-bytes',
    kind: 'int',
    help: 'Largest accepted request body',
    defaultText: '1048576',
    set: top('maxBodyBytes'),
  },
  {
    env: 'OPENAI_API_KEY',
    flag: 'openai-api-key',
    kind: 'string',
    help: 'Key for the LLM steps (and embeddings, unless EMBEDDING_API_KEY)',
    defaultText: 'none: offline fallbacks',
    set: into('llm', 'apiKey'),
  },
  {
    env: 'OPENAI_BASE_URL',
    flag: 'openai-base-url',
    kind: 'string',
    help: 'OpenAI-compatible endpoint (Ollama, LM Studio, ...)',
    defaultText: 'OpenAI',
    set: into('llm', 'baseUrl'),
  },
  {
    env: 'LLM_MODEL',
    flag: 'llm-model',
    kind: 'string',
    help: 'Chat model for the memory steps',
    defaultText: 'gpt-4o-mini',
    set: into('llm', 'model'),
  },
  {
    env: 'EMBEDDING_PROVIDER',
    flag: 'embedding-provider',
    kind: 'string',
    help: 'hashed (embedded, offline), openai, or onnx (a local model folder)',
    defaultText: 'hashed',
    set: into('embedding', 'provider'),
  },
  {
    env: 'EMBEDDING_MODEL',
    flag: 'embedding-model',
    kind: 'string',
    help: 'Embedding model for the openai provider',
    defaultText: 'text-embedding-3-small',
    set: into('embedding', 'model'),
  },
  {
    env: 'EMBEDDING_BASE_URL',
    flag: 'embedding-base-url',
    kind: 'string',
    help: 'Embedding endpoint',
    defaultText: 'OPENAI_BASE_URL',
    set: into('embedding', 'baseUrl'),
  },
  {
    env: 'EMBEDDING_API_KEY',
    flag: 'embedding-api-key',
    kind: 'string',
    help: 'Key for the embedding endpoint',
    defaultText: 'OPENAI_API_KEY',
    set: into('embedding', 'apiKey'),
  },
  {
    env: 'EMBEDDING_MODEL_PATH',
    flag: 'embedding-model-path',
    kind: 'string',
    help: 'Folder of a local Transformers.js sentence model, for the onnx provider (needs npm install @huggingface/transformers)',
    defaultText: 'none',
    set: into('embedding', 'modelPath'),
  },
  {
    env: 'EMBEDDING_DIMENSIONS',
    flag: 'embedding-dimensions',
    kind: 'int',
    help: 'Vector size of the embedding model',
    defaultText: "256 (hashed), 1536 (openai), the model's (onnx)",
    set: into('embedding', 'dimensions'),
  },
  {
    env: 'BACKUP_INTERVAL_HOURS',
    flag: 'backup-interval-hours',
    kind: 'number',
    help: 'Online backup of every store this often (0 = off)',
    defaultText: '24',
    set: into('backup', 'intervalHours'),
  },
  {
    env: 'BACKUP_RETAIN',
    flag: 'backup-retain',
    kind: 'int',
    help: 'Backups kept',
    defaultText: '7',
    set: into('backup', 'retain'),
  },
];
