// Statements of the PostgreSQL store over one connection: rows come back with 64-bit integers
// (counts, revisions, job ids) as numbers, as SQLite gives them; every value they hold fits.
import pg from 'pg';

const INT8 = 20;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Statements on one connection (a transaction's). */
export interface Sql {
  rows<R>(text: string, values?: unknown[]): Promise<R[]>;
  /** Rows changed. */
  run(text: string, values?: unknown[]): Promise<number>;
}

export function sqlOn(client: pg.PoolClient): Sql {
  return {
    async rows<R>(text: string, values?: unknown[]) {
      return (await client.query({ text, values, types })).rows as R[];
    },
    async run(text: string, values?: unknown[]) {
      return (await client.query({ text, values, types })).rowCount ?? 0;
    },
  };
}
