// `npm run bench [-- name ...]`: runs the benchmarks (all, or those whose name contains a filter)
// and prints their figures. Nothing here asserts: figures are read, and compared as ratios with a
// baseline measured in the same run.
import { locomo } from './locomo.js';
import { engineLatency } from './engineLatency.js';
import { backup } from './backup.js';
import { http } from './http.js';
import { pgEngine } from './pgEngine.js';
import { reply } from './reply.js';
import { startup } from './startup.js';
import type { Benchmark } from './benchmark.js';
import { team } from './team.js';

const BENCHMARKS: Benchmark[] = [locomo, engineLatency, reply, http, team, pgEngine, startup, backup];

const filters = process.argv.slice(2);
const chosen = BENCHMARKS.filter((b) => filters.length === 0 || filters.some((f) => b.name.includes(f)));
if (chosen.length === 0) {
  console.error(`no benchmark matches ${filters.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
for (const b of chosen) {
  console.log(`\n## ${b.name}: ${b.description}\n`);
  const started = performance.now();
  console.log(await b.run());
  console.log(`(${b.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
