// What the server's parts offer to the admin routes, the dashboard handlers (main/api) and the CLI.
// Implemented in main/security (keys, rate limits) and main/server (sessions, stats); wired together
// by the composition root, main/runtime.ts.
import type {
  ApiKeyInfo,
  CreateKeyRequest,
  CreatedKey,
  RateLimitOverride,
  ServerStats,
  SessionInfo,
  TrendRange,
  Trends,
} from '../shared/admin.js';
import type { RateLimitSettings, ServerConfig } from '../shared/config.js';
import type { UpdateStatus } from '../shared/dashboard.js';
import type { MemoryService } from './memory/types.js';

export interface AuthenticatedKey {
  name: string;
  admin: boolean;
}

export interface KeyStore {
  /** Constant-time lookup by the presented key; null when unknown or revoked. Records last use. */
  verify(presented: string): AuthenticatedKey | null;
  list(): ApiKeyInfo[];
  create(req: CreateKeyRequest): CreatedKey;
  revoke(name: string): void;
  rename(name: string, newName: string): ApiKeyInfo;
  setRateLimit(name: string, limit: RateLimitOverride | null): ApiKeyInfo;
  setAdmin(name: string, admin: boolean): ApiKeyInfo;
  count(): number;
}

export interface RateLimitControl {
  defaults(): RateLimitSettings;
  /** Applies at once to the next request; no restart. */
  setDefaults(next: RateLimitSettings): void;
}

export interface SessionRegistry {
  list(keyName?: string): SessionInfo[];
  count(keyName?: string): number;
  /** Ends the session: its transport is closed, its id answers 404 afterwards. */
  close(id: string): Promise<boolean>;
  /** Ends every session of a key (on revoke). */
  closeForKey(keyName: string): Promise<number>;
}

export interface StatsSource {
  snapshot(keyName?: string): ServerStats;
  /** Client traffic over the range, persisted across restarts; one key or all (null). */
  trends(range: TrendRange, keyName: string | null): Trends;
  /** When a client first made a successful MCP request to this data folder; null = never. */
  firstClientAt(): string | null;
}

/** Everything the dashboard's handlers may touch: the narrow side of each part, nothing more. */
export interface DashboardPorts {
  config: ServerConfig;
  keys: KeyStore;
  sessions: SessionRegistry;
  stats: StatsSource;
  rateLimits: RateLimitControl;
  memory: MemoryService;
}

/** What only the desktop app can do for the dashboard; absent in `serve`. */
export interface DesktopHooks {
  updates(): UpdateStatus;
  checkForUpdates(): Promise<UpdateStatus>;
  /** Opens a file with the OS's default app (memoryos.mcpb: Claude Desktop offers to install it). */
  openPath(file: string): Promise<void>;
}
