// A large store for benchmarks that measure size, not ingestion (backups): the first pages go
// through add_memory and consolidation like any others; the rest are copies of them made in SQL
// (pages, their full-text rows and embeddings, under new ids), so a 100k-page store takes seconds
// instead of the minutes of 100k add_memory calls. The copies are mid-term pages of the same
// segments, with the same sizes as the originals.
import Database from 'better-sqlite3';
import type { MemoryService } from '../main/memory/types.js';

export async function fillStore(
  svc: MemoryService,
  dbFile: string,
  user: string,
  pages: number,
  throughEngine = 5_000,
): Promise<void> {
  const mem = svc.forUser(user);
  const first = Math.min(pages, throughEngine);
  for (let i = 0; i < first; i++)
    await mem.add({
      user_input: `note ${i}: the ${i % 97} garden beds need ${i % 13} litres of water, said ${['Ana', 'Ben', 'Chloe'][i % 3]}`,
      agent_response: `Recorded note ${i}.`,
      memory_type: 'note',
      tags: [],
    });
  await mem.drain();
  await svc.closeUser(user);
  if (pages <= first) return;

  const db = new Database(dbFile);
  try {
    const maxSeq = (db.prepare('SELECT max(seq) AS m FROM pages').get() as { m: number }).m;
    const copyPages = db.prepare(`
      INSERT INTO pages (id, seq, user_input, agent_response, timestamp, ts_ms, memory_type, tags, tier, meta_info, segment_id, analyzed, created_at, updated_at)
      SELECT id || '_c' || @k, seq + @k * @maxSeq, user_input || ' (copy ' || @k || ')', agent_response, timestamp, ts_ms, memory_type, tags, 'mid', meta_info, segment_id, 1, created_at, updated_at
      FROM pages WHERE seq <= @maxSeq AND seq <= @limit`);
    const copyFts = db.prepare(`
      INSERT INTO pages_fts (rowid, id, body, context)
      SELECT rowid + @k * @maxSeq, id || '_c' || @k, body, context FROM pages_fts WHERE rowid <= @maxSeq AND rowid <= @limit`);
    const copyVectors = db.prepare(`
      INSERT INTO embeddings (owner_kind, owner_id, embedder, dim, vector)
      SELECT 'page', e.owner_id || '_c' || @k, e.embedder, e.dim, e.vector
      FROM embeddings e JOIN pages p ON p.id = e.owner_id WHERE e.owner_kind = 'page' AND p.seq <= @maxSeq AND p.seq <= @limit`);
    db.transaction(() => {
      for (let k = 1, made = first; made < pages; k++) {
        const limit = Math.min(maxSeq, pages - made);
        for (const s of [copyPages, copyFts, copyVectors]) s.run({ k, maxSeq, limit });
        made += limit;
      }
    })();
  } finally {
    db.close();
  }
}
