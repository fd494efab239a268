// The rate-limit windows and the authentication-failure throttle in PostgreSQL, so that a limit of
// N allows N across all replicas together. Each hit is one round trip to memoryos_rate_take
// (migration 1): under a per-key advisory lock it drops what left the window, counts, and adds the
// new events only if all of them fit. Slots of a hundredth of the window keep a key's row count
// small; an event counts until its slot's end leaves the window, so a slot frees at most a
// hundredth of the window late and the limit is never exceeded.
import type { WindowState, WindowStore } from '../security/slidingWindow.js';
import type { Database } from './database.js';

const SWEEP_MS = 60_000;

export class PgWindowStore implements WindowStore {
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly db: Database) {
    // Rows of keys never seen again (addresses, wrong keys) expire here; any replica may do it.
    this.sweeper = setInterval(() => {
      this.db.query('DELETE FROM rate_windows WHERE expires_at < $1', [Date.now()]).catch(() => undefined);
    }, SWEEP_MS);
    this.sweeper.unref();
  }

  private async take(key: string, limit: number, windowMs: number, now: number, cost: number): Promise<WindowState> {
    const { rows } = await this.db.query<{ allowed: boolean; used: number; oldest_end: string | null }>(
      'SELECT allowed, used, oldest_end FROM memoryos_rate_take($1, $2, $3, $4, $5)',
      [key, limit, Math.round(windowMs), Math.round(now), cost],
    );
    const row = rows[0]!;
    const oldest = row.oldest_end === null ? null : Number(row.oldest_end);
    return {
      allowed: row.allowed,
      limit,
      remaining: Math.max(0, limit - row.used),
      resetMs: row.used > 0 && oldest !== null ? Math.max(0, oldest + windowMs - now) : 0,
    };
  }

  hit(key: string, limit: number, windowMs: number, now: number, cost = 1): Promise<WindowState> {
    return this.take(key, limit, windowMs, now, Math.max(1, cost));
  }

  peek(key: string, limit: number, windowMs: number, now: number): Promise<WindowState> {
    return this.take(key, limit, windowMs, now, 0);
  }

  async reset(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_windows WHERE key = $1', [key]);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
