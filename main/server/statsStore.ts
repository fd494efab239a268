// Client traffic per minute and key, kept in <dataDir>/stats/stats.db (owner-only files) so the
// dashboard's trends survive a restart. Counts gather in memory and are written every few seconds
// in one transaction; a store that cannot be written costs the trends, never a client request.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrendRange, Trends } from '../../shared/admin.js';
import type { LogFn } from './logger.js';

const FLUSH_MS = 5000;
/** A week is the longest range shown; a day more lets "last week" start anywhere in the day. */
const KEEP_MINUTES = 8 * 24 * 60;
const PRUNE_EVERY_MS = 3600_000;

/** Each range's length and the width of its points, so every chart has about 60-100 points. */
export const RANGES: Record<TrendRange, { minutes: number; stepMinutes: number }> = {
  hour: { minutes: 60, stepMinutes: 1 },
  day: { minutes: 24 * 60, stepMinutes: 15 },
  week: { minutes: 7 * 24 * 60, stepMinutes: 120 },
};

interface TrafficRow {
  requests: number;
  errors: number;
  rateLimited: number;
  authFailures: number;
}

interface ToolRow {
  calls: number;
  errors: number;
  totalMs: number;
}

export const statsFilePath = (dataDir: string) => join(resolve(dataDir), 'stats', 'stats.db');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS traffic (
  minute INTEGER NOT NULL, key TEXT NOT NULL,
  requests INTEGER NOT NULL, errors INTEGER NOT NULL, rate_limited INTEGER NOT NULL, auth_failures INTEGER NOT NULL,
  PRIMARY KEY (minute, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tools (
  minute INTEGER NOT NULL, key TEXT NOT NULL, tool TEXT NOT NULL,
  calls INTEGER NOT NULL, errors INTEGER NOT NULL, total_ms REAL NOT NULL,
  PRIMARY KEY (minute, key, tool)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export class StatsStore {
  private readonly traffic = new Map<string, TrafficRow>();
  private readonly tools = new Map<string, ToolRow>();
  private firstClient: string | null;
  private db: Database.Database | null;
  private readonly timer: NodeJS.Timeout;
  private lastPrune = 0;

  constructor(
    readonly file: string,
    private readonly log: LogFn,
    private readonly now: () => number = Date.now,
  ) {
    this.db = this.open();
    this.firstClient = this.readMeta('first_client_at');
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private open(): Database.Database | null {
    try {
      mkdirSync(resolve(this.file, '..'), { recursive: true, mode: 0o700 });
      // Created owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
      closeSync(openSync(this.file, 'a', 0o600));
      chmodSync(this.file, 0o600);
      const db = new Database(this.file, { timeout: 2000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
      return db;
    } catch (err) {
      this.log('warn', 'traffic statistics cannot be kept on disk; the trends restart with the server', {
        file: this.file,
        error: (err as Error).message,
      });
      return null;
    }
  }

  private readMeta(name: string): string | null {
    const row = this.db?.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private minute(): number {
    return Math.floor(this.now() / 60_000);
  }

  addTraffic(key: string, add: Partial<TrafficRow>): void {
    const id = `${this.minute()}\u0000${key}`;
    const row = this.traffic.get(id) ?? { requests: 0, errors: 0, rateLimited: 0, authFailures: 0 };
    row.requests += add.requests ?? 0;
    row.errors += add.errors ?? 0;
    row.rateLimited += add.rateLimited ?? 0;
    row.authFailures += add.authFailures ?? 0;
    this.traffic.set(id, row);
  }

  addTool(key: string, tool: string, ms: number, ok: boolean): void {
    const id = `${this.minute()}\u0000${key}\u0000${tool}`;
    const row = this.tools.get(id) ?? { calls: 0, errors: 0, totalMs: 0 };
    row.calls++;
    if (!ok) row.errors++;
    row.totalMs += ms;
    this.tools.set(id, row);
  }

  /** When a client first talked to this server (kept for good: the dashboard's first run ends there). */
  firstClientAt(): string | null {
    return this.firstClient;
  }

  clientSeen(): void {
    if (this.firstClient) return;
    this.firstClient = new Date(this.now()).toISOString();
    try {
      this.db
        ?.prepare('INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)')
        .run('first_client_at', this.firstClient);
    } catch (err) {
      this.log('warn', 'traffic statistics could not be written', { error: (err as Error).message });
    }
  }

  /** Writes what gathered since the last flush; what cannot be written stays queued for the next. */
  flush(): void {
    const db = this.db;
    if (!db || (this.traffic.size === 0 && this.tools.size === 0)) return;
    try {
      const upTraffic = db.prepare(
        `INSERT INTO traffic VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (minute, key) DO UPDATE SET
         requests = requests + excluded.requests, errors = errors + excluded.errors,
         rate_limited = rate_limited + excluded.rate_limited, auth_failures = auth_failures + excluded.auth_failures`,
      );
      const upTool = db.prepare(
        `INSERT INTO tools VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (minute, key, tool) DO UPDATE SET
         calls = calls + excluded.calls, errors = errors + excluded.errors, total_ms = total_ms + excluded.total_ms`,
      );
      db.transaction(() => {
        for (const [id, r] of this.traffic) {
          const [minute, key] = id.split('\u0000');
          upTraffic.run(Number(minute), key, r.requests, r.errors, r.rateLimited, r.authFailures);
        }
        for (const [id, r] of this.tools) {
          const [minute, key, tool] = id.split('\u0000');
          upTool.run(Number(minute), key, tool, r.calls, r.errors, r.totalMs);
        }
        if (this.now() - this.lastPrune > PRUNE_EVERY_MS) {
          const before = this.minute() - KEEP_MINUTES;
          db.prepare('DELETE FROM traffic WHERE minute < ?').run(before);
          db.prepare('DELETE FROM tools WHERE minute < ?').run(before);
          this.lastPrune = this.now();
        }
      })();
      this.traffic.clear();
      this.tools.clear();
    } catch (err) {
      this.log('warn', 'traffic statistics could not be written; retrying later', { error: (err as Error).message });
    }
  }

  /** Requests, errors, 429s and per-tool calls and mean latency per point of the range; one key or all. */
  trends(range: TrendRange, key: string | null): Trends {
    this.flush();
    const { minutes, stepMinutes } = RANGES[range];
    const last = Math.floor(this.minute() / stepMinutes) * stepMinutes;
    const first = last - minutes + stepMinutes;
    const points = minutes / stepMinutes;
    const times = Array.from({ length: points }, (_, i) => (first + i * stepMinutes) * 60);
    const zeros = () => new Array<number>(points).fill(0);
    const out: Trends = {
      range,
      key,
      step_seconds: stepMinutes * 60,
      times,
      requests: zeros(),
      errors: zeros(),
      rate_limited: zeros(),
      tools: {},
      keys: [],
    };
    const db = this.db;
    if (!db) return out;
    const byKey = key === null ? '' : 'AND key = ?';
    const args = key === null ? [first] : [first, key];
    const slot = (minute: number) => Math.floor((minute - first) / stepMinutes);
    const traffic = db
      .prepare(
        `SELECT minute, sum(requests) r, sum(errors) e, sum(rate_limited) l FROM traffic
         WHERE minute >= ? ${byKey} GROUP BY minute`,
      )
      .all(...args) as { minute: number; r: number; e: number; l: number }[];
    for (const row of traffic) {
      const i = slot(row.minute);
      if (i < 0 || i >= points) continue;
      out.requests[i]! += row.r;
      out.errors[i]! += row.e;
      out.rate_limited[i]! += row.l;
    }
    const tools = db
      .prepare(
        `SELECT minute, tool, sum(calls) c, sum(total_ms) ms FROM tools WHERE minute >= ? ${byKey} GROUP BY minute, tool`,
      )
      .all(...args) as { minute: number; tool: string; c: number; ms: number }[];
    const totalMs: Record<string, number[]> = {};
    for (const row of tools) {
      const i = slot(row.minute);
      if (i < 0 || i >= points) continue;
      out.tools[row.tool] ??= { calls: zeros(), mean_ms: new Array<number | null>(points).fill(null) };
      totalMs[row.tool] ??= zeros();
      out.tools[row.tool]!.calls[i]! += row.c;
      totalMs[row.tool]![i]! += row.ms;
    }
    for (const [tool, series] of Object.entries(out.tools))
      series.mean_ms = series.calls.map((c, i) => (c > 0 ? Math.round((totalMs[tool]![i]! / c) * 10) / 10 : null));
    out.keys = (
      db
        .prepare("SELECT DISTINCT key FROM traffic WHERE minute >= ? AND key != '' ORDER BY key")
        .all(this.minute() - RANGES.week.minutes) as { key: string }[]
    ).map((r) => r.key);
    return out;
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
    this.db?.close();
    this.db = null;
  }
}
