// A sliding-window counter: at most `limit` events in any `windowMs`. It keeps the times of the
// events still inside the window, so it can say exactly when the next slot frees. The store is an
// interface so that another backend can plug in: the memory store is the default, PostgreSQL's
// (main/postgres/windowStore.ts) is shared by the replicas of a team server.
import type { MaybePromise } from '../ports.js';

export interface WindowState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the oldest counted event leaves the window (a slot frees). */
  resetMs: number;
}

export interface WindowStore {
  /** Counts `cost` events (default 1) if all of them fit in the window, else none. */
  hit(key: string, limit: number, windowMs: number, now: number, cost?: number): MaybePromise<WindowState>;
  peek(key: string, limit: number, windowMs: number, now: number): MaybePromise<WindowState>;
  reset(key: string): MaybePromise<void>;
}

class Ring {
  times: number[] = [];
  head = 0;
  count(): number {
    return this.times.length - this.head;
  }
  prune(cutoff: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }
}

export class MemoryWindowStore implements WindowStore {
  private readonly rings = new Map<string, Ring>();
  private readonly maxKeys: number;

  constructor(maxKeys = 100_000) {
    this.maxKeys = maxKeys;
  }

  private state(ring: Ring | undefined, limit: number, windowMs: number, now: number, allowed: boolean): WindowState {
    const used = ring?.count() ?? 0;
    const oldest = ring && used > 0 ? ring.times[ring.head]! : now;
    return {
      allowed,
      limit,
      remaining: Math.max(0, limit - used),
      resetMs: used > 0 ? Math.max(0, oldest + windowMs - now) : 0,
    };
  }

  peek(key: string, limit: number, windowMs: number, now: number): WindowState {
    const ring = this.rings.get(key);
    ring?.prune(now - windowMs);
    return this.state(ring, limit, windowMs, now, (ring?.count() ?? 0) < limit);
  }

  hit(key: string, limit: number, windowMs: number, now: number, cost = 1): WindowState {
    let ring = this.rings.get(key);
    if (!ring) {
      // Bounded memory under many distinct keys (addresses): forget the oldest-created entry.
      if (this.rings.size >= this.maxKeys) this.rings.delete(this.rings.keys().next().value as string);
      ring = new Ring();
      this.rings.set(key, ring);
    }
    ring.prune(now - windowMs);
    if (ring.count() + cost > limit) return this.state(ring, limit, windowMs, now, false);
    for (let i = 0; i < cost; i++) ring.times.push(now);
    return this.state(ring, limit, windowMs, now, true);
  }

  reset(key: string): void {
    this.rings.delete(key);
  }
}
