// Time of an online backup of one user's store at a given size (BENCH_BACKUP_PAGES, default 100,000;
// the store is filled by bulkLoad.ts), beside a plain file copy of the same database as the baseline.
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { backupAll, engineStores } from '../main/backup/backups.js';
import { userDbFile } from '../main/memory/service.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import type { Benchmark } from './benchmark.js';
import { fillStore } from './bulkLoad.js';
import { fmt, table } from './stats.js';

export const backup: Benchmark = {
  name: 'backup',
  description: 'online backup (SQLite backup API) of one store vs a plain file copy',
  async run() {
    const pages = Number(process.env.BENCH_BACKUP_PAGES ?? 100_000);
    const tmp = tempDataDir('memoryos-bench-backup-');
    try {
      const svc = openTestService(tmp.dir);
      const file = userDbFile(tmp.dir, 'bench');
      await fillStore(svc, file, 'bench', pages);
      const count = await svc.forUser('bench').counts();
      const t0 = performance.now();
      copyFileSync(file, join(tmp.dir, 'copy.db'));
      const copyMs = performance.now() - t0;
      const r = await backupAll(engineStores(svc), tmp.dir, 3);
      await svc.close();
      const mb = statSync(join(r.dir, 'bench.db')).size / 1024 / 1024;
      return table(
        ['pages', 'store MB', 'online backup ms', 'file copy ms', 'ratio'],
        [
          [
            count.short_term + count.mid_term_pages,
            fmt(mb, 1),
            fmt(r.ms, 0),
            fmt(copyMs, 0),
            `${fmt(r.ms / Math.max(copyMs, 0.001), 1)}×`,
          ],
        ],
      );
    } finally {
      tmp.remove();
    }
  },
};
