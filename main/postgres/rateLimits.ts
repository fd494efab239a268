// The default rate limit shared by replicas: a change through one replica's dashboard applies on
// every replica within two seconds. A replica that starts writes its own RATE_LIMIT_REQUESTS and
// RATE_LIMIT_WINDOW as the default, as a restart does in the embedded mode.
import { rateLimitSettingsSchema, type RateLimitSettings } from '../../shared/config.js';
import type { RateLimitControl } from '../ports.js';
import type { Database } from './database.js';

const REFRESH_MS = 2000;
const NAME = 'rate_limit_default';

export class PgRateLimits implements RateLimitControl {
  private timer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly db: Database,
    private current: RateLimitSettings,
  ) {}

  /** `warn` hears when this start changes the default every replica applies (one replica set otherwise). */
  static async open(
    db: Database,
    atStart: RateLimitSettings,
    warn: (msg: string, fields: Record<string, unknown>) => void = () => {},
  ): Promise<PgRateLimits> {
    const { rows } = await db.query<{ value: unknown }>('SELECT value FROM shared_settings WHERE name = $1', [NAME]);
    const before = rateLimitSettingsSchema.safeParse(rows[0]?.value);
    if (
      before.success &&
      (before.data.requests !== atStart.requests || before.data.windowSeconds !== atStart.windowSeconds)
    )
      warn(
        "this replica's RATE_LIMIT_REQUESTS/RATE_LIMIT_WINDOW replace the default limit every replica applies; " +
          'give every replica the same values, or change the limit in the dashboard',
        {
          was: `${before.data.requests}/${before.data.windowSeconds}s`,
          now: `${atStart.requests}/${atStart.windowSeconds}s`,
        },
      );
    const limits = new PgRateLimits(db, { ...atStart });
    await limits.write(atStart);
    limits.timer = setInterval(() => void limits.refresh(), REFRESH_MS);
    limits.timer.unref();
    return limits;
  }

  private async write(next: RateLimitSettings): Promise<void> {
    await this.db.query(
      `INSERT INTO shared_settings (name, value) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [NAME, next],
    );
  }

  private async refresh(): Promise<void> {
    try {
      const { rows } = await this.db.query<{ value: unknown }>('SELECT value FROM shared_settings WHERE name = $1', [
        NAME,
      ]);
      const parsed = rateLimitSettingsSchema.safeParse(rows[0]?.value);
      if (parsed.success) this.current = parsed.data;
    } catch {
      // The database is away: keep the last known default.
    }
  }

  defaults(): RateLimitSettings {
    return { ...this.current };
  }

  async setDefaults(next: RateLimitSettings): Promise<void> {
    await this.write(next);
    this.current = { ...next };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
