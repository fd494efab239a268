// Engine latency: add_memory acknowledgement and retrieve_memory at growing store sizes, one user,
// embedded defaults. Sizes from BENCH_SIZES (default 1000,10000). Pages are added as clients add
// them: one per call with the event loop free in between, so consolidation runs between adds.
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import type { Benchmark } from './benchmark.js';
import { fmt, percentile, rng, table } from './stats.js';

const WORDS =
  `garden hiking piano coffee lisbon berlin marathon dentist sister brother project deadline recipe pasta tomato bicycle train
flight hotel museum painting guitar concert birthday wedding puppy kitten school teacher nurse doctor budget invoice meeting friday
monday summer winter beach mountain river lake forest camping tent novel poetry chess football tennis yoga swimming running keyboard
laptop phone camera photo album movie series podcast language spanish french german japanese lesson exam degree thesis research`.split(
    /\s+/,
  );

// Real text is Zipf-distributed over a large vocabulary: the listed words plus made-up ones.
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tas', 'vo', 'pel', 'dri', 'sun', 'ba', 'cor', 'ni'];
const VOCABULARY = [
  ...WORDS,
  ...Array.from(
    { length: 4000 },
    (_, i) => SYLLABLES[i % 12]! + SYLLABLES[Math.floor(i / 12) % 12]! + SYLLABLES[Math.floor(i / 144) % 12]!,
  ),
];
const CDF = (() => {
  const w = VOCABULARY.map((_, i) => 1 / (i + 1));
  const total = w.reduce((a, b) => a + b, 0);
  let acc = 0;
  return w.map((x) => (acc += x / total));
})();

function word(r: () => number): string {
  const x = r();
  let lo = 0;
  let hi = CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (CDF[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo]!;
}

/** A sentence of `n` Zipf-distributed words. */
export function sentence(r: () => number, n: number): string {
  return Array.from({ length: n }, () => word(r)).join(' ');
}

const SAMPLES = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export const engineLatency: Benchmark = {
  name: 'engine-latency',
  description:
    'add_memory ack and retrieve_memory latency (ms) at 1k and 10k pages for one user, added as clients add (BENCH_SIZES=1000,10000,100000 adds 100k, a fill of many minutes)',
  async run() {
    const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
    const tmp = tempDataDir('memoryos-latency-');
    const rows: (string | number)[][] = [];
    try {
      const svc = openTestService(tmp.dir);
      const mem = svc.forUser('bench');
      const r = rng(42);
      let count = 0;
      let fillMs = 0;
      for (const size of sizes) {
        const started = performance.now();
        while (count < size - SAMPLES) {
          await mem.add({
            user_input: `I talked about ${sentence(r, 12)}`,
            agent_response: `You mentioned ${sentence(r, 10)}`,
            memory_type: 'conversation',
            tags: [],
          });
          count++;
          await yieldToEventLoop();
          if (count % 10_000 === 0)
            process.stderr.write(
              `  filled ${count} pages in ${fmt((fillMs + performance.now() - started) / 1000, 1)} s\n`,
            );
        }
        await mem.drain();
        fillMs += performance.now() - started;
        const adds: number[] = [];
        for (let i = 0; i < SAMPLES; i++) {
          const t0 = performance.now();
          await mem.add({
            user_input: `I talked about ${sentence(r, 12)}`,
            agent_response: `You mentioned ${sentence(r, 10)}`,
            memory_type: 'conversation',
            tags: [],
          });
          adds.push(performance.now() - t0);
          count++;
          await yieldToEventLoop();
        }
        await mem.drain();
        const gets: number[] = [];
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < SAMPLES; i++) {
          const t0 = performance.now();
          await mem.retrieve({ query: `what did I say about ${sentence(r, 3)}`, max_results: 5 });
          gets.push(performance.now() - t0);
        }
        const cpu = process.cpuUsage(cpu0);
        const rss = process.memoryUsage().rss / 1024 / 1024;
        rows.push([
          count,
          fmt(percentile(adds, 50)),
          fmt(percentile(adds, 95)),
          fmt(percentile(gets, 50)),
          fmt(percentile(gets, 95)),
          fmt((cpu.user + cpu.system) / 1000 / SAMPLES),
          fmt(rss, 0),
        ]);
      }
      await svc.close();
      return [
        table(['pages', 'add p50', 'add p95', 'retrieve p50', 'retrieve p95', 'retrieve CPU ms', 'RSS MB'], rows),
        '',
        `filling took ${fmt(fillMs / 1000, 1)} s (through add_memory as clients add, consolidation between adds)`,
      ].join('\n');
    } finally {
      tmp.remove();
    }
  },
};
