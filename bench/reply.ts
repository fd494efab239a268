// retrieve_memory as clients call it, at LoCoMo scale (one conversation, a few hundred pages): the
// engine in process, then the built `serve` over stdio and over Streamable HTTP, each driven by the
// official SDK client one call at a time; and the time from starting `serve` to its first tool
// result, beside the bare SDK server's. Each figure is printed beside its baseline from the same run.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { memorySettingsSchema } from '../shared/config.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import { BUILT_CLI, childEnv, ROOT, startServe } from '../e2e/fixtures/serveProcess.js';
import { buildBareServer, buildMain } from './build.js';
import { locomoConversation } from './locomo.js';
import type { Benchmark } from './benchmark.js';
import { fmt, ownCpuMs, percentile, processCpuMs, rssMb, table } from './stats.js';

const KEY = 'bench-key-0123456789abcdef';
const CONVERSATION = 2;
const ROUNDS = 3;

interface Timing {
  p50: number;
  p95: number;
  /** CPU time of the process that answers, per call. */
  cpuMs: number;
}

/**
 * Every query ROUNDS times through `call`, one at a time, after one warm-up pass; `cpu` reads the
 * answering process's CPU time.
 */
async function timeCalls(queries: string[], cpu: () => number, call: (q: string) => Promise<unknown>): Promise<Timing> {
  for (const q of queries) await call(q);
  const ms: number[] = [];
  const cpu0 = cpu();
  for (let r = 0; r < ROUNDS; r++)
    for (const q of queries) {
      const t0 = performance.now();
      await call(q);
      ms.push(performance.now() - t0);
    }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), cpuMs: (cpu() - cpu0) / ms.length };
}

async function overMcp(client: Client, pid: number, queries: string[]): Promise<Timing> {
  return timeCalls(
    queries,
    () => processCpuMs(pid),
    async (query) => {
      const r = await client.callTool({ name: 'retrieve_memory', arguments: { query } });
      if (r.isError) throw new Error(JSON.stringify(r.content));
    },
  );
}

function stdioClient(dataDir: string): { client: Client; transport: StdioClientTransport } {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...BUILT_CLI, 'serve', '--mode', 'stdio'],
    cwd: ROOT,
    env: childEnv({ MEMORYOS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }) as Record<string, string>,
    stderr: 'ignore',
  });
  return { client: new Client({ name: 'bench', version: '1' }), transport };
}

/** From spawning a server to the result of its first tools/call, through the SDK client. */
async function toFirstCall(start: () => Promise<{ client: Client; stop: () => Promise<unknown> }>): Promise<number> {
  const t0 = performance.now();
  const { client, stop } = await start();
  await client.callTool({ name: 'retrieve_memory', arguments: { query: 'hello' } });
  const ms = performance.now() - t0;
  await client.close();
  await stop();
  return ms;
}

async function httpClient(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }));
  return client;
}

function startBare(file: string): Promise<{ url: string; stop: () => Promise<unknown> }> {
  const proc = spawn(process.execPath, [file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((r) => proc.once('exit', r));
  return new Promise((resolve) => {
    proc.stdout.on('data', (d: Buffer) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, stop: () => (proc.kill(), exited) });
    });
  });
}

export const reply: Benchmark = {
  name: 'reply',
  description:
    'retrieve_memory at LoCoMo scale: in process, over stdio and over HTTP (built serve, SDK client, one call at a time); serve to its first tool result',
  async run() {
    buildMain();
    const bareFile = buildBareServer();
    const { pages, questions } = locomoConversation(CONVERSATION);
    const queries = questions.slice(0, 100);
    const tmp = tempDataDir('memoryos-bench-reply-');
    try {
      const svc = openTestService(tmp.dir, { memory: memorySettingsSchema.parse({}) });
      const mem = svc.forUser('default');
      for (const p of pages) {
        await mem.add({ ...p, memory_type: 'conversation', tags: [] });
        await new Promise((r) => setImmediate(r));
      }
      await mem.drain();
      const inProcess = await timeCalls(queries, ownCpuMs, (query) => mem.retrieve({ query, max_results: 10 }));
      await svc.close();

      const stdio = stdioClient(tmp.dir);
      await stdio.client.connect(stdio.transport);
      const overStdio = await overMcp(stdio.client, stdio.transport.pid!, queries);
      const stdioRss = rssMb(stdio.transport.pid!);
      await stdio.client.close();

      const env = { MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEY: KEY, RATE_LIMIT_REQUESTS: '10000000', LOG_LEVEL: 'warn' };
      const serve = await startServe(env, [], 30_000, {}, BUILT_CLI);
      const http = await httpClient(serve.url, { 'X-API-Key': KEY });
      const overHttp = await overMcp(http, serve.proc.pid!, queries);
      const httpRss = rssMb(serve.proc.pid!);
      await http.close();
      await serve.stop();

      const starts = { http: [] as number[], stdio: [] as number[], bare: [] as number[] };
      for (let i = 0; i < 3; i++) {
        starts.http.push(
          await toFirstCall(async () => {
            const s = await startServe(env, [], 30_000, {}, BUILT_CLI);
            return { client: await httpClient(s.url, { 'X-API-Key': KEY }), stop: () => s.stop() };
          }),
        );
        starts.stdio.push(
          await toFirstCall(async () => {
            const s = stdioClient(tmp.dir);
            await s.client.connect(s.transport);
            return { client: s.client, stop: async () => undefined };
          }),
        );
        starts.bare.push(
          await toFirstCall(async () => {
            const s = await startBare(bareFile);
            return { client: await httpClient(s.url, {}), stop: s.stop };
          }),
        );
      }
      const row = (name: string, t: Timing, base: Timing, baseName: string, rss = '') => [
        name,
        fmt(t.p50),
        fmt(t.p95),
        `${fmt(t.p50 - base.p50)} ms over ${baseName}`,
        fmt(t.cpuMs),
        rss,
      ];
      const startRow = (name: string, xs: number[]) => [
        name,
        fmt(percentile(xs, 50), 0),
        xs.map((x) => fmt(x, 0)).join(', '),
      ];
      return [
        `${pages.length} pages (LoCoMo conversation ${CONVERSATION}, ingested as clients do), ${queries.length} of its questions × ${ROUNDS}, max_results 10`,
        '',
        table(
          ['retrieve_memory', 'p50 ms', 'p95 ms', 'added p50', 'CPU ms per call (answering process)', 'server RSS MB'],
          [
            row('engine in process', inProcess, inProcess, 'itself'),
            row('built serve over stdio (target p50 ≤ 1.5 ms)', overStdio, inProcess, 'in process', fmt(stdioRss, 0)),
            row('built serve over HTTP (target: ≤ 1 ms over stdio)', overHttp, overStdio, 'stdio', fmt(httpRss, 0)),
          ],
        ),
        '',
        table(
          ['start to first tool result', 'median ms', 'runs ms'],
          [
            startRow('node dist/main/cli/index.js serve, HTTP (target ≤ 500 ms)', starts.http),
            startRow('node dist/main/cli/index.js serve --mode stdio', starts.stdio),
            startRow('bare MCP SDK server (one no-op tool), HTTP', starts.bare),
          ],
        ),
      ].join('\n');
    } finally {
      tmp.remove();
    }
  },
};
