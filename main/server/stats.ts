// Counters and per-tool latencies for /admin/stats and the dashboard. Latency percentiles come from
// a bounded reservoir of the most recent calls, so memory stays flat however long the server runs.
// Only client traffic counts: MCP and the guide's /admin routes. The dashboard's own calls, its
// files, a browser's favicon and other stray paths are not what clients did. The same counts go to
// the persisted store (statsStore.ts) for the trends.
import type { ServerStats, TrendRange, Trends } from '../../shared/admin.js';
import type { MemoryService } from '../memory/types.js';
import type { SessionRegistry, StatsSource } from '../ports.js';
import type { StatsStore } from './statsStore.js';

const RESERVOIR = 1000;

interface ToolCounters {
  calls: number;
  errors: number;
  recent: number[];
  next: number;
}

interface Counters {
  requests: number;
  errors: number;
  rateLimited: number;
  authFailures: number;
  tools: Map<string, ToolCounters>;
}

/** The routes clients call; everything else (/ui, /admin/api, /health, unknown paths) is not counted. */
export function isClientTraffic(path: string): boolean {
  const p = path.toLowerCase().replace(/\/+$/, '');
  return p === '/mcp' || p === '/admin/stats' || p === '/admin/sessions';
}

const isMcp = (path: string) => path.toLowerCase().replace(/\/+$/, '') === '/mcp';

const fresh = (): Counters => ({ requests: 0, errors: 0, rateLimited: 0, authFailures: 0, tools: new Map() });

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export class Stats implements StatsSource {
  private readonly startedAt = Date.now();
  private readonly all = fresh();
  private readonly byKey = new Map<string, Counters>();

  constructor(
    private readonly sessions: () => SessionRegistry,
    private readonly memory: MemoryService,
    private readonly store: StatsStore,
  ) {}

  private each(keyName: string | undefined, fn: (c: Counters) => void): void {
    fn(this.all);
    if (!keyName) return;
    let c = this.byKey.get(keyName);
    if (!c) this.byKey.set(keyName, (c = fresh()));
    fn(c);
  }

  /**
   * One finished request. A 401 is a failed authentication (a typo, a revoked key), a 429 with a key
   * is rate limiting and without one the throttling of failed authentications: none is an error.
   */
  request(keyName: string | undefined, status: number, path: string): void {
    if (!isClientTraffic(path)) return;
    const authFailure = status === 401 || (status === 429 && !keyName);
    const rateLimited = status === 429 && Boolean(keyName);
    const error = status >= 400 && !authFailure && !rateLimited;
    this.each(keyName, (c) => {
      c.requests++;
      if (error) c.errors++;
      if (rateLimited) c.rateLimited++;
    });
    if (authFailure) this.all.authFailures++;
    this.store.addTraffic(keyName ?? '', {
      requests: 1,
      errors: error ? 1 : 0,
      rateLimited: rateLimited ? 1 : 0,
      authFailures: authFailure ? 1 : 0,
    });
    if (keyName && isMcp(path) && status < 400) this.store.clientSeen();
  }

  tool(keyName: string, tool: string, ms: number, ok: boolean): void {
    this.each(keyName, (c) => {
      let t = c.tools.get(tool);
      if (!t) c.tools.set(tool, (t = { calls: 0, errors: 0, recent: [], next: 0 }));
      t.calls++;
      if (!ok) t.errors++;
      if (t.recent.length < RESERVOIR) t.recent.push(ms);
      else t.recent[t.next] = ms;
      t.next = (t.next + 1) % RESERVOIR;
    });
    this.store.addTool(keyName, tool, ms, ok);
  }

  trends(range: TrendRange, keyName: string | null): Trends {
    return this.store.trends(range, keyName);
  }

  firstClientAt(): string | null {
    return this.store.firstClientAt();
  }

  close(): void {
    this.store.close();
  }

  async snapshot(keyName?: string): Promise<ServerStats> {
    const c = keyName ? (this.byKey.get(keyName) ?? fresh()) : this.all;
    const tools: ServerStats['tools'] = {};
    for (const [name, t] of c.tools) {
      const sorted = [...t.recent].sort((a, b) => a - b);
      const mean = sorted.length ? sorted.reduce((s, x) => s + x, 0) / sorted.length : 0;
      tools[name] = {
        calls: t.calls,
        errors: t.errors,
        p50_ms: round(percentile(sorted, 50)),
        p95_ms: round(percentile(sorted, 95)),
        mean_ms: round(mean),
      };
    }
    // A key sees its own store only, and asking opens no other: any key may call /admin/stats.
    const memory_by_user = keyName
      ? (await this.memory.listUsers()).includes(keyName)
        ? { [keyName]: await this.memory.forUser(keyName).counts() }
        : {}
      : await this.memory.countsByUser();
    return {
      started_at: new Date(this.startedAt).toISOString(),
      uptime_seconds: Math.round((Date.now() - this.startedAt) / 1000),
      requests: c.requests,
      errors: c.errors,
      rate_limited: c.rateLimited,
      auth_failures: keyName ? 0 : c.authFailures,
      active_sessions: this.sessions().count(keyName),
      tools,
      memory_by_user,
    };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
