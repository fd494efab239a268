// HTTP throughput and latency of `tools/call retrieve_memory` through the whole product (auth, rate
// limiting with a raised limit, sessions, the engine over 1,000 stored memories), beside the bare
// MCP SDK server with a no-op tool, both as separate processes, driven by autocannon on loopback.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { ftsQuery } from '../main/memory/fusion.js';
import { userDbFile } from '../main/memory/service.js';
import { tempDataDir } from '../main/memory/testing.js';
import { ROOT, startServe } from '../e2e/fixtures/serveProcess.js';
import { callTool, connectClient } from '../e2e/fixtures/server.js';
import type { Benchmark } from './run.js';
import { fmt, table } from './stats.js';

const KEY = 'bench-key-0123456789abcdef';
const DURATION_S = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = 10;

async function initSession(url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
      id: 0,
    }),
  });
  await res.text();
  return res.headers.get('mcp-session-id')!;
}

const QUERY = 'what do I like about gardening';
const RETRIEVE = {
  jsonrpc: '2.0',
  method: 'tools/call',
  params: { name: 'retrieve_memory', arguments: { query: QUERY } },
  id: 1,
};
const LIST = { jsonrpc: '2.0', method: 'tools/list', params: {}, id: 1 };

async function load(url: string, headers: Record<string, string>, request: object = RETRIEVE) {
  const session = await initSession(url, headers);
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
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function startBare(): Promise<{ url: string; stop: () => void }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/bareServer.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => {
    proc.stdout!.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, stop: () => proc.kill() });
    });
  });
}

/**
 * Mean time of the engine's first full-text step alone (one FTS5 MATCH of the query's words, bm25,
 * first 100), read-only.
 */
function ftsFloor(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    const st = db.prepare(
      'SELECT id, bm25(pages_fts) AS s FROM pages_fts WHERE pages_fts MATCH ? ORDER BY s LIMIT 100',
    );
    const match = ftsQuery(QUERY)!;
    for (let i = 0; i < 200; i++) st.all(match);
    const n = 2000;
    const started = performance.now();
    for (let i = 0; i < n; i++) st.all(match);
    return ((performance.now() - started) / n) * 1000;
  } finally {
    db.close();
  }
}

export const http: Benchmark = {
  name: 'http',
  description: `retrieve_memory over HTTP (${CONNECTIONS} connections, ${DURATION_S} s) vs the bare SDK server with a no-op tool`,
  async run() {
    const tmp = tempDataDir('memoryos-bench-http-');
    const ours = await startServe({
      MEMORYOS_DATA_DIR: tmp.dir,
      MCP_API_KEY: KEY,
      RATE_LIMIT_REQUESTS: '10000000',
      LOG_LEVEL: 'warn',
    });
    const bare = await startBare();
    try {
      const { client } = await connectClient(ours.url, { 'X-API-Key': KEY });
      const topics = ['gardening tomatoes', 'piano lessons', 'trip to Lisbon', 'marathon training', 'sourdough bread'];
      for (let i = 0; i < 1000; i++)
        await callTool(client, 'add_memory', {
          user_input: `I talked about ${topics[i % 5]} number ${i}`,
          agent_response: `Noted item ${i}.`,
        });
      await client.close();
      const b = await load(bare.url, {});
      const o = await load(ours.url, { 'X-API-Key': KEY });
      // The same stack without the engine: what auth, rate limiting, sessions and logging cost.
      const l = await load(ours.url, { 'X-API-Key': KEY }, LIST);
      await ours.stop();
      const ftsUs = ftsFloor(userDbFile(tmp.dir, 'default'));
      // Per request at the target: the bare server's time divided by 0.8, less what the stack alone takes.
      const budgetUs = 1e6 / (0.8 * b.rps) - 1e6 / l.rps;
      return [
        table(
          ['server', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'],
          [
            ['bare MCP SDK, no-op tool', fmt(b.rps, 0), b.p50, b.p99, b.non2xx, b.errors],
            [
              'MemoryOS retrieve_memory (auth, rate limit, engine, 1k memories)',
              fmt(o.rps, 0),
              o.p50,
              o.p99,
              o.non2xx,
              o.errors,
            ],
            [
              'MemoryOS tools/list (auth, rate limit, session; no engine)',
              fmt(l.rps, 0),
              l.p50,
              l.p99,
              l.non2xx,
              l.errors,
            ],
          ],
        ),
        '',
        `throughput ratio MemoryOS retrieve_memory / bare no-op tool: ${fmt(o.rps / b.rps)}× (target ≥ 0.8×)`,
        `throughput ratio MemoryOS tools/list / bare no-op tool: ${fmt(l.rps / b.rps)}× (the stack's own cost)`,
        `time left per request for the tool at 0.8×: ${fmt(budgetUs, 0)} µs; one FTS5 match of the query's word over the same store (bm25, first 100): ${fmt(ftsUs, 0)} µs`,
      ].join('\n');
    } finally {
      bare.stop();
      await ours.stop();
      tmp.remove();
    }
  },
};
