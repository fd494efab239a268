// Open MCP sessions: each bound to the key that created it, with its own transport and server.
// Idle sessions expire; a key's open sessions are capped (the least recently used is closed).
//
// With a shared registry (PostgreSQL, several replicas) the registry is the truth: a session lives
// while its row does, whichever replica opened it. This process keeps the transports of the
// sessions it opened; a request for a session another replica opened is served here with a
// per-request transport (`find` answers `adopted`). Stopping this process closes its transports
// and leaves every row, so no session ends with a replica.
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { SessionInfo } from '../../shared/admin.js';
import type { SessionRecord, SessionRegistry, SharedSessions } from '../ports.js';

export interface Session extends SessionRecord {
  transport: StreamableHTTPServerTransport;
  server: Server;
  sseOpen: boolean;
  /** Ids of this session's requests still running: the transport answers by id, so one in use twice never answered. */
  inFlight: Set<string | number>;
}

export type FoundSession = { local: Session } | { adopted: SessionRecord };

/** How often a replica refreshes its view of the shared registry (dashboard lists, ended sessions). */
const SHARED_REFRESH_MS = 2000;

export class Sessions implements SessionRegistry {
  private readonly map = new Map<string, Session>();
  /** The shared registry's rows at the last refresh (list and count in shared mode). */
  private shared = new Map<string, SessionRecord>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly idleMs: number,
    private readonly maxPerKey: number,
    private readonly now: () => number = Date.now,
    private readonly registry?: SharedSessions,
  ) {
    const every = Math.min(30_000, Math.max(250, idleMs / 4));
    this.sweeper = setInterval(() => void this.sweep(), registry ? Math.min(every, SHARED_REFRESH_MS) : every);
    this.sweeper.unref();
  }

  /** The session, only if it belongs to this key: another key's session id is as good as unknown. */
  get(id: string, keyName: string): Session | undefined {
    const s = this.map.get(id);
    return s && s.keyName === keyName ? s : undefined;
  }

  /** The session a request names, counted as used: this process's own, or one another replica opened. */
  async find(id: string, keyName: string): Promise<FoundSession | null> {
    const mine = this.get(id, keyName);
    if (!this.registry) {
      if (!mine) return null;
      this.touch(mine);
      return { local: mine };
    }
    const record = await this.registry.claim(id, keyName);
    if (!record) {
      // Ended elsewhere (DELETE on another replica, expiry, revocation): let go of the transport too.
      if (mine) await this.closeLocal(id);
      return null;
    }
    this.shared.set(id, record);
    if (!mine) return { adopted: record };
    mine.lastActivity = record.lastActivity;
    mine.requests = record.requests;
    return { local: mine };
  }

  async add(s: Session): Promise<void> {
    if (this.registry) {
      const evicted = await this.registry.add(s, this.maxPerKey);
      for (const id of evicted) {
        this.shared.delete(id);
        await this.closeLocal(id);
      }
      this.shared.set(s.id, s);
    } else {
      const mine = [...this.map.values()]
        .filter((x) => x.keyName === s.keyName)
        .sort((a, b) => a.lastActivity - b.lastActivity);
      for (const old of mine.slice(0, Math.max(0, mine.length - this.maxPerKey + 1))) await this.close(old.id);
    }
    this.map.set(s.id, s);
  }

  /** Called when a transport closes by itself (DELETE, client gone). */
  forget(id: string): void {
    this.map.delete(id);
  }

  touch(s: Session): void {
    s.lastActivity = this.now();
    s.requests++;
  }

  private records(): SessionRecord[] {
    if (!this.registry) return [...this.map.values()];
    const merged = new Map(this.shared);
    for (const s of this.map.values()) merged.set(s.id, s);
    return [...merged.values()];
  }

  list(keyName?: string): SessionInfo[] {
    return this.records()
      .filter((s) => !keyName || s.keyName === keyName)
      .map((s) => ({
        id: s.id,
        key_name: s.keyName,
        client_name: s.clientName,
        client_version: s.clientVersion,
        protocol_version: s.protocolVersion,
        started_at: new Date(s.startedAt).toISOString(),
        last_activity_at: new Date(s.lastActivity).toISOString(),
        requests: s.requests,
        sse_open: this.map.get(s.id)?.sseOpen ?? false,
      }));
  }

  count(keyName?: string): number {
    let n = 0;
    for (const s of this.records()) if (!keyName || s.keyName === keyName) n++;
    return n;
  }

  /** Ends the session everywhere. */
  async close(id: string): Promise<boolean> {
    const removed = this.registry ? await this.registry.remove(id) : false;
    this.shared.delete(id);
    return (await this.closeLocal(id)) || removed;
  }

  /** Closes this process's transport of a session; the shared registry is not touched. */
  private async closeLocal(id: string): Promise<boolean> {
    const s = this.map.get(id);
    if (!s) return false;
    this.map.delete(id);
    await s.transport.close().catch(() => undefined);
    await s.server.close().catch(() => undefined);
    return true;
  }

  async closeForKey(keyName: string): Promise<number> {
    const ids = new Set(this.registry ? await this.registry.removeForKey(keyName) : []);
    for (const s of [...this.map.values()]) if (s.keyName === keyName) ids.add(s.id);
    for (const id of ids) {
      this.shared.delete(id);
      await this.closeLocal(id);
    }
    return ids.size;
  }

  private async sweep(): Promise<void> {
    if (!this.registry) {
      const cutoff = this.now() - this.idleMs;
      for (const s of [...this.map.values()]) if (s.lastActivity < cutoff) await this.close(s.id);
      return;
    }
    try {
      const asked = this.now();
      for (const id of await this.registry.expire(this.idleMs)) await this.closeLocal(id);
      const rows = await this.registry.all();
      this.shared = new Map(rows.map((r) => [r.id, r]));
      // Ended on another replica: a transport opened before this look has no row any more.
      for (const s of [...this.map.values()])
        if (!this.shared.has(s.id) && s.startedAt < asked) await this.closeLocal(s.id);
    } catch {
      // The database is away: keep what we have; /health reports it, the next sweep tries again.
    }
  }

  /** Stops this process's part: its transports close, and a shared registry keeps every session. */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    for (const id of [...this.map.keys()]) await this.closeLocal(id);
  }
}
