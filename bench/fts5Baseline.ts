// A plain SQLite FTS5 search over the same pages: the kind of store a simple full-text memory
// server keeps (one table, Porter stemming, the query's content words OR-ed, ranked by bm25). The
// engine must do better than this to be worth its machinery.
import Database from 'better-sqlite3';
import { isStopword, words } from '../main/memory/text.js';

export class Fts5Baseline {
  private readonly db = new Database(':memory:');
  private readonly search_;

  constructor(texts: string[]) {
    this.db.exec("CREATE VIRTUAL TABLE docs USING fts5 (body, tokenize = 'porter unicode61')");
    const insert = this.db.prepare('INSERT INTO docs (rowid, body) VALUES (?, ?)');
    this.db.transaction(() => texts.forEach((t, i) => insert.run(i + 1, t)))();
    this.search_ = this.db.prepare('SELECT rowid AS i FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?');
  }

  /** Indexes into the texts, best first. */
  search(query: string, k: number): number[] {
    const ws = [...new Set(words(query).filter((w) => w.length > 1 && !isStopword(w)))];
    if (ws.length === 0) return [];
    const match = ws.map((w) => `"${w.replace(/"/g, '')}"`).join(' OR ');
    return (this.search_.all(match, k) as { i: number }[]).map((r) => r.i - 1);
  }

  close(): void {
    this.db.close();
  }
}
