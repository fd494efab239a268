// The session registry shared by replicas: one row per MCP session, bound to its key. Times are the
// database's clock, so idle expiry means the same on every replica.
import type { SessionRecord, SharedSessions } from '../ports.js';
import type { Database } from './database.js';

interface Row {
  id: string;
  key_name: string;
  protocol_version: string | null;
  client_name: string | null;
  client_version: string | null;
  capabilities: Record<string, unknown>;
  started_at: Date;
  last_activity: Date;
  requests: string;
}

const recordOf = (r: Row): SessionRecord => ({
  id: r.id,
  keyName: r.key_name,
  protocolVersion: r.protocol_version,
  clientName: r.client_name,
  clientVersion: r.client_version,
  capabilities: r.capabilities,
  startedAt: r.started_at.getTime(),
  lastActivity: r.last_activity.getTime(),
  requests: Number(r.requests),
});

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

export class PgSessions implements SharedSessions {
  constructor(private readonly db: Database) {}

  async add(s: SessionRecord, maxPerKey: number): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      // One key's sessions are counted and capped one at a time, across replicas.
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`sessions:${s.keyName}`]);
      await tx.query(
        `INSERT INTO mcp_sessions (id, key_name, protocol_version, client_name, client_version, capabilities)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [s.id, s.keyName, s.protocolVersion, s.clientName, s.clientVersion, s.capabilities],
      );
      const { rows } = await tx.query<{ id: string }>(
        `DELETE FROM mcp_sessions WHERE id IN (
           SELECT id FROM mcp_sessions WHERE key_name = $1 AND id <> $2
           ORDER BY last_activity DESC OFFSET $3)
         RETURNING id`,
        [s.keyName, s.id, Math.max(0, maxPerKey - 1)],
      );
      return ids(rows);
    });
  }

  async claim(id: string, keyName: string): Promise<SessionRecord | null> {
    const { rows } = await this.db.query<Row>(
      `UPDATE mcp_sessions SET last_activity = now(), requests = requests + 1
       WHERE id = $1 AND key_name = $2 RETURNING *`,
      [id, keyName],
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }

  async remove(id: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM mcp_sessions WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async removeForKey(keyName: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>('DELETE FROM mcp_sessions WHERE key_name = $1 RETURNING id', [
      keyName,
    ]);
    return ids(rows);
  }

  async expire(idleMs: number): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `DELETE FROM mcp_sessions WHERE last_activity < now() - $1 * interval '1 millisecond' RETURNING id`,
      [idleMs],
    );
    return ids(rows);
  }

  async all(): Promise<SessionRecord[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM mcp_sessions ORDER BY started_at');
    return rows.map(recordOf);
  }
}
