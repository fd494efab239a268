// The memory engine on PostgreSQL beside the same engine on SQLite, in one run (a private throwaway
// cluster: Debian's PostgreSQL 15, fsync off as in the tests):
// - LoCoMo evidence recall, each store ingesting as clients do (bench/locomo.ts);
// - add_memory and retrieve_memory latency at 10k pages for one user: a data folder filled through
//   the engine as clients fill it, measured; then moved into PostgreSQL with migrate-to-postgres's
//   own code (its pages per second), and the same samples measured there over the same memories.
import { memorySettingsSchema, serverConfigSchema } from '../shared/config.js';
import { connectDatabase } from '../main/postgres/database.js';
import { migrate } from '../main/postgres/migrations.js';
import { startCluster } from '../main/postgres/testing.js';
import { moveUserMemories } from '../main/memory/store/postgres/fromSqlite.js';
import { openPgMemoryService } from '../main/memory/store/postgres/service.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import type { MemoryService } from '../main/memory/types.js';
import type { Benchmark } from './benchmark.js';
import { sentence } from './engineLatency.js';
import { pct, RECALL_KS, runLocomo, type Tallies } from './locomo.js';
import { fmt, percentile, rng, table } from './stats.js';

const PAGES = Number(process.env.BENCH_PG_PAGES ?? 10_000);
const SAMPLES = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const defaults = () => {
  const d = serverConfigSchema.parse({});
  return { memory: memorySettingsSchema.parse({}), llm: d.llm, embedding: d.embedding };
};

const page = (r: () => number) => ({
  user_input: `I talked about ${sentence(r, 12)}`,
  agent_response: `You mentioned ${sentence(r, 10)}`,
  memory_type: 'conversation',
  tags: [] as string[],
});

interface Latency {
  add: number[];
  get: number[];
  cpuMs: number;
}

/** SAMPLES retrievals, then SAMPLES adds (the same seed on both stores: the same queries and pages). */
async function sample(svc: MemoryService, user: string): Promise<Latency> {
  const mem = svc.forUser(user);
  const r = rng(7);
  await mem.retrieve({ query: 'warm up', max_results: 5 });
  const get: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await mem.retrieve({ query: `what did I say about ${sentence(r, 3)}`, max_results: 5 });
    get.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  const add: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await mem.add(page(r));
    add.push(performance.now() - t0);
    await yieldToEventLoop();
  }
  await mem.drain();
  return { add, get, cpuMs: (cpu.user + cpu.system) / 1000 / SAMPLES };
}

export const pgEngine: Benchmark = {
  name: 'pg-engine',
  description:
    `the engine on PostgreSQL vs SQLite in one run: LoCoMo recall as clients ingest; add/retrieve latency at ` +
    `${PAGES} pages (BENCH_PG_PAGES) over the same memories; migrate-to-postgres pages/s`,
  async run() {
    const cluster = await startCluster();
    const out: string[] = [];
    try {
      // LoCoMo, each store ingesting through the engine.
      const lite = await runLocomo('clients');
      const pgDb = await connectDatabase({ url: await cluster.createDatabase('locomo'), log: () => {} });
      await migrate(pgDb);
      const pg = await runLocomo('clients', () => openPgMemoryService(pgDb, defaults()));
      await pgDb.close();
      const overall = (t: Tallies) => RECALL_KS.map((k) => fmt(pct(t.overall!, k), 1));
      const diff = RECALL_KS.map((k) => fmt(pct(pg.engine.overall!, k) - pct(lite.engine.overall!, k), 1));
      out.push(
        `LoCoMo evidence recall, overall (${lite.pages} pages, ingested as clients do):`,
        '',
        table(
          ['store', ...RECALL_KS.map((k) => `@${k}`), 'ingest ms per page (queue drained)'],
          [
            ['SQLite (data folder)', ...overall(lite.engine), fmt(lite.ingestMs / lite.pages)],
            ['PostgreSQL', ...overall(pg.engine), fmt(pg.ingestMs / pg.pages)],
            ['PostgreSQL - SQLite, points', ...diff, ''],
          ],
        ),
        '',
      );

      // Latency at PAGES pages: filled once through the engine on SQLite, moved, measured on both.
      const tmp = tempDataDir('memoryos-pg-bench-');
      try {
        const svc = openTestService(tmp.dir);
        const mem = svc.forUser('bench');
        const r = rng(42);
        const fillStarted = performance.now();
        for (let i = 0; i < PAGES - SAMPLES; i++) {
          await mem.add(page(r));
          await yieldToEventLoop();
          if ((i + 1) % 5000 === 0) process.stderr.write(`  filled ${i + 1} pages\n`);
        }
        await mem.drain();
        const fillS = (performance.now() - fillStarted) / 1000;
        await svc.closeUser('bench');

        const db = await connectDatabase({ url: await cluster.createDatabase('latency'), log: () => {} });
        await migrate(db);
        const moveStarted = performance.now();
        const moved = await moveUserMemories(db, tmp.dir, 'bench');
        const moveS = (performance.now() - moveStarted) / 1000;
        await db.query('VACUUM ANALYZE');

        const onSqlite = await sample(svc, 'bench');
        await svc.close();
        const pgSvc = openPgMemoryService(db, defaults());
        const onPg = await sample(pgSvc, 'bench');
        await pgSvc.close();
        await db.close();
        const row = (name: string, l: Latency) => [
          name,
          fmt(percentile(l.add, 50)),
          fmt(percentile(l.add, 95)),
          fmt(percentile(l.get, 50)),
          fmt(percentile(l.get, 95)),
          fmt(l.cpuMs),
        ];
        out.push(
          `At ${PAGES} pages for one user (${SAMPLES} samples each; the data folder filled through the engine in ` +
            `${fmt(fillS, 1)} s, then moved):`,
          '',
          table(
            [
              'store',
              'add p50 ms',
              'add p95 ms',
              'retrieve p50 ms',
              'retrieve p95 ms',
              'retrieve CPU ms (this process)',
            ],
            [row('SQLite (data folder)', onSqlite), row('PostgreSQL', onPg)],
          ),
          '',
          `retrieve p50 PostgreSQL / SQLite: ${fmt(percentile(onPg.get, 50) / percentile(onSqlite.get, 50))}×`,
          `migrate-to-postgres: ${moved.added.pages} pages (${moved.added.segments} segments, ` +
            `${moved.added.vectors} vectors, ${moved.added.knowledge} knowledge) in ${fmt(moveS, 1)} s: ` +
            `${fmt(moved.added.pages / moveS, 0)} pages/s`,
        );
      } finally {
        tmp.remove();
      }
    } finally {
      await cluster.destroy();
    }
    return out.join('\n');
  },
};
