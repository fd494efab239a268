// Time of an online backup of one user's store at a given size (BENCH_BACKUP_PAGES, default 10,000),
// beside a plain file copy of the same database as the baseline.
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { backupAll } from '../main/backup/backups.js';
import { userDbFile } from '../main/memory/service.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import type { Benchmark } from './run.js';
import { fmt, table } from './stats.js';

export const backup: Benchmark = {
  name: 'backup',
  description: 'online backup (SQLite backup API) of one store vs a plain file copy',
  async run() {
    const pages = Number(process.env.BENCH_BACKUP_PAGES ?? 10_000);
    const tmp = tempDataDir('memoryos-bench-backup-');
    try {
      const svc = openTestService(tmp.dir);
      const mem = svc.forUser('bench');
      for (let i = 0; i < pages; i++) await mem.add({ user_input: `note ${i}: the ${i % 97} garden beds need ${i % 13} litres`, agent_response: `Recorded note ${i}.`, memory_type: 'note', tags: [] });
      await mem.drain();
      const file = userDbFile(tmp.dir, 'bench');
      const t0 = performance.now();
      copyFileSync(file, join(tmp.dir, 'copy.db'));
      const copyMs = performance.now() - t0;
      const r = await backupAll(svc, tmp.dir, 3);
      await svc.close();
      const mb = statSync(join(r.dir, 'bench.db')).size / 1024 / 1024;
      return table(['pages', 'store MB', 'online backup ms', 'file copy ms', 'ratio'], [[pages, fmt(mb, 1), fmt(r.ms, 0), fmt(copyMs, 0), `${fmt(r.ms / Math.max(copyMs, 0.001), 1)}×`]]);
    } finally {
      tmp.remove();
    }
  },
};
