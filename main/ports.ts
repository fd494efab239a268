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

/** Synchronous in the embedded store (keys.json), a promise where PostgreSQL holds it. */
export type MaybePromise<T> = T | Promise<T>;

export interface AuthenticatedKey {
  name: string;
  admin: boolean;
}

/**
 * Lookups answer from memory (a shared store keeps a copy, refreshed every few seconds); changes
 * are written through before they resolve.
 */
export interface KeyStore {
  /**
   * Constant-time lookup by the presented key; null when unknown or revoked. Records the key's use
   * (last use, request count) unless `recordUse` is false (the dashboard's own calls are not a
   * client's use of its key).
   */
  verify(presented: string, recordUse?: boolean): AuthenticatedKey | null;
  list(): ApiKeyInfo[];
  create(req: CreateKeyRequest): MaybePromise<CreatedKey>;
  revoke(name: string): MaybePromise<void>;
  rename(name: string, newName: string): MaybePromise<ApiKeyInfo>;
  setRateLimit(name: string, limit: RateLimitOverride | null): MaybePromise<ApiKeyInfo>;
  setAdmin(name: string, admin: boolean): MaybePromise<ApiKeyInfo>;
  count(): number;
}

/** The key store a running server authenticates with: keys.json, or PostgreSQL shared by replicas. */
export interface ServingKeyStore extends KeyStore {
  /** The admin key made at the first start, to print once; null otherwise. */
  readonly generatedKey: string | null;
  rateLimitOf(name: string): RateLimitOverride | null;
  /** Names of the admin keys that still work. */
  activeAdmins(): string[];
}

export interface RateLimitControl {
  defaults(): RateLimitSettings;
  /** Applies at once to the next request; no restart. */
  setDefaults(next: RateLimitSettings): MaybePromise<void>;
}

export interface SessionRegistry {
  list(keyName?: string): SessionInfo[];
  count(keyName?: string): number;
  /** Ends the session: its transport is closed, its id answers 404 afterwards. */
  close(id: string): Promise<boolean>;
  /** Ends every session of a key (on revoke). */
  closeForKey(keyName: string): Promise<number>;
}

/** A session as the shared registry keeps it: enough for any replica to serve its requests. */
export interface SessionRecord {
  id: string;
  keyName: string;
  protocolVersion: string | null;
  clientName: string | null;
  clientVersion: string | null;
  /** What the client declared at initialize, replayed to a replica's fresh MCP server. */
  capabilities: Record<string, unknown>;
  startedAt: number;
  lastActivity: number;
  requests: number;
}

/**
 * Sessions shared by replicas (PostgreSQL). Absent when one process serves alone. The registry is
 * the truth: a session ends when its row goes, whichever replica opened it.
 */
export interface SharedSessions {
  /** Registers a new session; closes the key's least recently used beyond `maxPerKey`, returning their ids. */
  add(record: SessionRecord, maxPerKey: number): Promise<string[]>;
  /** The session if it exists and belongs to this key, counted as used now; null otherwise. */
  claim(id: string, keyName: string): Promise<SessionRecord | null>;
  remove(id: string): Promise<boolean>;
  removeForKey(keyName: string): Promise<string[]>;
  /** Ends sessions idle for longer than `idleMs`, returning their ids. */
  expire(idleMs: number): Promise<string[]>;
  all(): Promise<SessionRecord[]>;
}

export interface StatsSource {
  snapshot(keyName?: string): Promise<ServerStats>;
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
