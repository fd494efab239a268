// Start-up time of the built `serve` to /health 200, and its resident memory idle and after load.
import { tempDataDir } from '../main/memory/testing.js';
import { BUILT_CLI, startServe } from '../e2e/fixtures/serveProcess.js';
import { buildMain } from './build.js';
import { callTool, connectClient } from '../e2e/fixtures/server.js';
import type { Benchmark } from './benchmark.js';
import { fmt, rssMb, table } from './stats.js';

const KEY = 'bench-key-0123456789abcdef';

export const startup: Benchmark = {
  name: 'startup',
  description: 'serve: time to /health 200, RSS idle and after 2,000 adds + 500 retrievals',
  async run() {
    buildMain();
    const tmp = tempDataDir('memoryos-bench-start-');
    const rows: (string | number)[][] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const s = await startServe(
          { MEMORYOS_DATA_DIR: tmp.dir, MCP_API_KEY: KEY, RATE_LIMIT_REQUESTS: '1000000' },
          [],
          30_000,
          {},
          BUILT_CLI,
        );
        while ((await fetch(`${s.url}/health`).catch(() => null))?.status !== 200)
          await new Promise((r) => setTimeout(r, 10));
        const startMs = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 1500));
        const idle = rssMb(s.proc.pid!);
        let loaded = idle;
        if (i === 0) {
          const { client } = await connectClient(s.url, { 'X-API-Key': KEY });
          for (let j = 0; j < 2000; j++)
            await callTool(client, 'add_memory', {
              user_input: `memory ${j} about topic ${j % 37}`,
              agent_response: 'ok',
            });
          for (let j = 0; j < 500; j++) await callTool(client, 'retrieve_memory', { query: `topic ${j % 37}` });
          await client.close();
          loaded = rssMb(s.proc.pid!);
        }
        rows.push([
          i === 0 ? 'first start (empty data)' : 'restart',
          fmt(startMs, 0),
          fmt(idle, 0),
          i === 0 ? fmt(loaded, 0) : '',
        ]);
        await s.stop();
      }
      return [
        table(['run', 'to /health 200 (ms, built serve)', 'idle RSS MB', 'RSS after load MB'], rows),
        '',
        'target: idle RSS under 150 MB',
      ].join('\n');
    } finally {
      tmp.remove();
    }
  },
};
