// Open MCP sessions: each bound to the key that created it, with its own transport and server.
// Idle sessions expire; a key's open sessions are capped (the least recently used is closed).
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { SessionInfo } from '../../shared/admin.js';
import type { SessionRegistry } from '../ports.js';

export interface Session {
  id: string;
  keyName: string;
  transport: StreamableHTTPServerTransport;
  server: Server;
  clientName: string | null;
  clientVersion: string | null;
  protocolVersion: string | null;
  startedAt: number;
  lastActivity: number;
  requests: number;
  sseOpen: boolean;
}

export class Sessions implements SessionRegistry {
  private readonly map = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly idleMs: number,
    private readonly maxPerKey: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.min(30_000, Math.max(250, idleMs / 4)));
    this.sweeper.unref();
  }

  /** The session, only if it belongs to this key: another key's session id is as good as unknown. */
  get(id: string, keyName: string): Session | undefined {
    const s = this.map.get(id);
    return s && s.keyName === keyName ? s : undefined;
  }

  async add(s: Session): Promise<void> {
    const mine = [...this.map.values()]
      .filter((x) => x.keyName === s.keyName)
      .sort((a, b) => a.lastActivity - b.lastActivity);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.maxPerKey + 1))) await this.close(old.id);
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

  list(keyName?: string): SessionInfo[] {
    return [...this.map.values()]
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
        sse_open: s.sseOpen,
      }));
  }

  count(keyName?: string): number {
    if (!keyName) return this.map.size;
    let n = 0;
    for (const s of this.map.values()) if (s.keyName === keyName) n++;
    return n;
  }

  async close(id: string): Promise<boolean> {
    const s = this.map.get(id);
    if (!s) return false;
    this.map.delete(id);
    await s.transport.close().catch(() => undefined);
    await s.server.close().catch(() => undefined);
    return true;
  }

  async closeForKey(keyName: string): Promise<number> {
    const ids = [...this.map.values()].filter((s) => s.keyName === keyName).map((s) => s.id);
    for (const id of ids) await this.close(id);
    return ids.length;
  }

  private async sweep(): Promise<void> {
    const cutoff = this.now() - this.idleMs;
    for (const s of [...this.map.values()]) if (s.lastActivity < cutoff) await this.close(s.id);
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweeper);
    for (const id of [...this.map.keys()]) await this.close(id);
  }
}
