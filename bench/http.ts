// Throughput of `tools/call retrieve_memory` over HTTP through the whole product (built serve: auth,
// rate limiting with a raised limit, sessions, the engine over 1,000 stored memories), 10 connections
// by autocannon on loopback, beside the same engine called in process by 10 concurrent callers over
// the same store: the ratio is what the HTTP stack costs. The bare SDK server with a no-op tool and
// tools/list through the product show the stack's own rate for scale.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { retrieveMemoryInput } from '../shared/tools.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import { BUILT_CLI, startServe } from '../e2e/fixtures/serveProcess.js';
import { buildBareServer, buildMain } from './build.js';
import { initSession } from './mcpSession.js';
import type { Benchmark } from './benchmark.js';
import { fmt, ownCpuMs, processCpuMs, table } from './stats.js';

const KEY = 'bench-key-0123456789abcdef';
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = 10;
const MEMORIES = 1000;

const QUERY = 'what do I like about gardening';
const RETRIEVE = {
  jsonrpc: '2.0',
  method: 'tools/call',
  params: { name: 'retrieve_memory', arguments: { query: QUERY } },
  id: '[<id>]',
};
const LIST = { jsonrpc: '2.0', method: 'tools/list', params: {}, id: '[<id>]' };

interface Rate {
  rps: number;
  /** CPU time of the serving process per request (ms): what a request costs, whatever else runs. */
  cpuMs: number;
  p50: number | string;
  p99: number | string;
  non2xx: number | string;
  errors: number | string;
}

async function load(
  url: string,
  pid: number,
  headers: Record<string, string>,
  request: object = RETRIEVE,
): Promise<Rate> {
  const session = await initSession(url, headers);
  const cpu0 = processCpuMs(pid);
  const result = await autocannon({
    url: `${url}/mcp`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Session-Id': session,
      'MCP-Protocol-Version': '2025-11-25',
      ...headers,
    },
    body: JSON.stringify(request),
    // Each request its own id: one in flight twice on a session is refused (see bench/team.ts).
    idReplacement: true,
  });
  return {
    rps: result.requests.average,
    cpuMs: (processCpuMs(pid) - cpu0) / result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** CONNECTIONS callers, each calling retrieve again as soon as its last call returned, for the duration. */
async function inProcess(dataDir: string): Promise<Rate> {
  const svc = openTestService(dataDir);
  const mem = svc.forUser('default');
  const args = retrieveMemoryInput.parse(RETRIEVE.params.arguments);
  const call = () => mem.retrieve(args);
  for (let i = 0; i < 50; i++) await call();
  let done = 0;
  const until = performance.now() + DURATION_S * 1000;
  const started = performance.now();
  const cpu0 = ownCpuMs();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        await call();
        done++;
      }
    }),
  );
  const rps = done / ((performance.now() - started) / 1000);
  const cpuMs = (ownCpuMs() - cpu0) / done;
  await svc.close();
  return { rps, cpuMs, p50: '', p99: '', non2xx: '', errors: '' };
}

function startBare(file: string): Promise<{ url: string; pid: number; stop: () => void }> {
  const proc = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    proc.stdout!.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, pid: proc.pid!, stop: () => proc.kill() });
    });
  });
}

export const http: Benchmark = {
  name: 'http',
  description: `retrieve_memory over HTTP (${CONNECTIONS} connections, ${DURATION_S} s) vs the same engine in process at the same concurrency`,
  async run() {
    buildMain();
    const bareFile = buildBareServer();
    const tmp = tempDataDir('memoryos-bench-http-');
    try {
      const svc = openTestService(tmp.dir);
      const mem = svc.forUser('default');
      const topics = ['gardening tomatoes', 'piano lessons', 'trip to Lisbon', 'marathon training', 'sourdough bread'];
      for (let i = 0; i < MEMORIES; i++)
        await mem.add({
          user_input: `I talked about ${topics[i % 5]} number ${i}`,
          agent_response: `Noted item ${i}.`,
          memory_type: 'conversation',
          tags: [],
        });
      await mem.drain();
      await svc.close();

      const engine = await inProcess(tmp.dir);
      const ours = await startServe(
        { MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEY: KEY, RATE_LIMIT_REQUESTS: '10000000', LOG_LEVEL: 'warn' },
        [],
        30_000,
        {},
        BUILT_CLI,
      );
      let retrieve: Rate;
      let list: Rate;
      try {
        retrieve = await load(ours.url, ours.proc.pid!, { 'X-API-Key': KEY });
        list = await load(ours.url, ours.proc.pid!, { 'X-API-Key': KEY }, LIST);
      } finally {
        await ours.stop();
      }
      const bare = await startBare(bareFile);
      let noop: Rate;
      try {
        noop = await load(bare.url, bare.pid, {});
      } finally {
        bare.stop();
      }
      const row = (name: string, r: Rate) => [name, fmt(r.rps, 0), fmt(r.cpuMs), r.p50, r.p99, r.non2xx, r.errors];
      return [
        table(
          ['', 'req/s', 'CPU ms per request', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
          [
            row(`engine in process, ${CONNECTIONS} concurrent callers (baseline)`, engine),
            row('MemoryOS retrieve_memory over HTTP (auth, rate limit, session, engine)', retrieve),
            row('MemoryOS tools/list over HTTP (the stack without the engine)', list),
            row('bare MCP SDK server, no-op tool (for scale)', noop),
          ],
        ),
        '',
        `throughput ratio retrieve_memory over HTTP / in process: ${fmt(retrieve.rps / engine.rps)}× (target ≥ 0.8×)`,
        `CPU per request ratio in process / over HTTP: ${fmt(engine.cpuMs / retrieve.cpuMs)}× ` +
          '(the same comparison, unaffected by what else the machine runs)',
      ].join('\n');
    } finally {
      tmp.remove();
    }
  },
};
