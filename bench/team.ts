// The team server's request path over HTTP (built serve, autocannon, 10 connections): one process
// with its data folder (the baseline, in the same run) beside PostgreSQL mode with one replica and
// with two. With two, half the connections go to each replica over one session opened on the first,
// so half the requests are served by the replica that did not open it (validated in the registry,
// a fresh server per request), as behind a balancer without sticky sessions. Each request also
// takes its rate-limit unit from PostgreSQL. tools/list measures the shared path alone; add_memory
// adds a committed write (to PostgreSQL, where a team server keeps the memories).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startCluster } from '../main/postgres/testing.js';
import { BUILT_CLI, startServe, type ServeProcess } from '../e2e/fixtures/serveProcess.js';
import { buildMain } from './build.js';
import { initSession } from './mcpSession.js';
import type { Benchmark } from './benchmark.js';
import { fmt, processCpuMs, table } from './stats.js';

const KEY = 'bench-key-0123456789abcdef';
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = 10;

// Each request its own JSON-RPC id (autocannon's [<id>]): requests in flight together on one session
// must not share one: the server refuses an id still in flight (before, the transport answered one of
// them and the others waited for ever; on a store whose writes yield, as PostgreSQL's do, concurrent
// adds really are in flight together).
const LIST = { jsonrpc: '2.0', method: 'tools/list', params: {}, id: '[<id>]' };
const ADD = {
  jsonrpc: '2.0',
  method: 'tools/call',
  params: { name: 'add_memory', arguments: { user_input: 'I water the tomatoes at seven', agent_response: 'Noted.' } },
  id: '[<id>]',
};

interface Rate {
  rps: number;
  cpuMs: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** Errors and timeouts (a request unanswered in 10 s). */
  errors: number;
}

/** Connections split evenly over `replicas`, all on one session opened on the first. */
async function load(replicas: ServeProcess[], request: object): Promise<Rate> {
  const session = await initSession(replicas[0]!.url, { 'X-API-Key': KEY });
  const cpu0 = replicas.map((r) => processCpuMs(r.proc.pid!));
  const results = await Promise.all(
    replicas.map((r) =>
      autocannon({
        url: `${r.url}/mcp`,
        method: 'POST',
        connections: CONNECTIONS / replicas.length,
        duration: DURATION_S,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'Mcp-Session-Id': session,
          'MCP-Protocol-Version': '2025-11-25',
          'X-API-Key': KEY,
        },
        body: JSON.stringify(request),
        idReplacement: true,
      }),
    ),
  );
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  const cpu = replicas.reduce((n, r, i) => n + processCpuMs(r.proc.pid!) - cpu0[i]!, 0);
  return {
    rps: results.reduce((n, r) => n + r.requests.average, 0),
    cpuMs: cpu / total,
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
  };
}

export const team: Benchmark = {
  name: 'team',
  description: `HTTP req/s: one process with its data folder vs PostgreSQL mode with one and two replicas (${CONNECTIONS} connections, ${DURATION_S} s)`,
  async run() {
    buildMain();
    const tmp = mkdtempSync(join(tmpdir(), 'memoryos-bench-team-'));
    const cluster = await startCluster();
    const env = (name: string, extra: Record<string, string> = {}) => ({
      MEMORYOS_DATA_DIR: join(tmp, name),
      MCP_API_KEY: KEY,
      RATE_LIMIT_REQUESTS: '10000000',
      LOG_LEVEL: 'warn',
      ...extra,
    });
    const start = (e: Record<string, string>) => startServe(e, [], 30_000, {}, BUILT_CLI);
    const rows: (string | number)[][] = [];
    const measured: Record<string, Record<string, Rate>> = {};
    const measure = async (label: string, replicas: ServeProcess[]) => {
      measured[label] = { list: await load(replicas, LIST), add: await load(replicas, ADD) };
      for (const [what, r] of Object.entries(measured[label]!))
        rows.push([
          `${label}: ${what === 'list' ? 'tools/list' : 'add_memory'}`,
          fmt(r.rps, 0),
          fmt(r.cpuMs),
          r.p50,
          r.p99,
          r.non2xx,
          r.errors,
        ]);
      await Promise.all(replicas.map((r) => r.stop()));
    };
    try {
      await measure('data folder, one process (baseline)', [await start(env('sqlite'))]);
      const url = await cluster.createDatabase('bench');
      await measure('PostgreSQL, one replica', [await start(env('pg-1', { DATABASE_URL: url }))]);
      const two = await Promise.all(['pg-2a', 'pg-2b'].map((n) => start(env(n, { DATABASE_URL: url }))));
      await measure('PostgreSQL, two replicas, one session across both', two);
    } finally {
      await cluster.destroy();
      rmSync(tmp, { recursive: true, force: true });
    }
    const [base, one, both] = Object.values(measured) as Record<string, Rate>[];
    const ratio = (a: Rate, b: Rate) => fmt(a.rps / b.rps);
    return [
      table(['', 'req/s', 'CPU ms per request (all replicas)', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'], rows),
      '',
      `tools/list: one replica / data folder ${ratio(one!.list!, base!.list!)}×, ` +
        `two replicas / one ${ratio(both!.list!, one!.list!)}×`,
      `add_memory: one replica / data folder ${ratio(one!.add!, base!.add!)}×, ` +
        `two replicas / one ${ratio(both!.add!, one!.add!)}×`,
      `(two cores run the replicas, PostgreSQL and the load generator together: a second replica cannot add cores)`,
    ].join('\n');
  },
};
