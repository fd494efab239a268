// Every command the README shows, run as printed, in the order a person meets them: the README's
// first command starts a server (the real `npm run serve`), the CLI lines then run against it with
// `bash -c` from the checkout, and their effects are checked. A command this test does not know
// fails it, so the README and this test cannot drift apart.
//
// What differs from a person's terminal is only where things land: the data folder, HOME (so
// `--install` writes into a temporary home, not this machine's client configs) and free ports in
// place of 3000/3001/3100, and a database of the test run's PostgreSQL cluster in place of the
// README's postgres:// address. Placeholders are filled as a person would: KEY with the admin key
// the first start printed, <time> with the newest backup folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callTool, connectClient } from './fixtures/server.js';
import { childEnv, ROOT } from './fixtures/serveProcess.js';
import { POSTGRES_SKIP, sharedCluster } from '../main/postgres/testing.js';
import { loadConfig } from '../main/config/load.js';

interface Shown {
  command: string;
  line: number;
}

/** Commands in ```bash blocks, and inline `code` that is a command of this project. */
export function readmeCommands(markdown: string): Shown[] {
  const out: Shown[] = [];
  const lines = markdown.split('\n');
  let inBash = false;
  lines.forEach((text, i) => {
    if (/^```bash\s*$/.test(text)) return void (inBash = true);
    if (/^```/.test(text)) return void (inBash = false);
    if (inBash) {
      const command = text.replace(/\s+#\s.*$/, '').trim();
      if (command && !command.startsWith('#')) out.push({ command, line: i + 1 });
      return;
    }
    for (const m of text.matchAll(/`([^`]+)`/g)) {
      const span = m[1]!.trim();
      if (/^(npx memoryos|npm (run|ci|test)|node dist\/|PORT=\d+ npm)/.test(span) && !span.endsWith('...'))
        out.push({ command: span, line: i + 1 });
    }
  });
  return out;
}

/** Shown but not run here, each with the reason. Anything else must be run. */
const NOT_RUN: [RegExp, string][] = [
  [/^apt-get update .* npm test$/, 'the test command itself: .ci/run runs it, e2e/layout.test.ts keeps them equal'],
  [/^npm test$/, 'this is the test run'],
  [/^npm ci$/, 'the install step: the test command runs it before this test'],
  [
    /^docker |^MCP_API_KEYS=.* docker compose/,
    'no Docker engine on this machine (e2e/packaging.test.ts reads the files)',
  ],
  [
    /^npm run (dist|desktop|electron:install|test:electron)$/,
    'needs the Electron binary, which cannot be downloaded here',
  ],
  [/^npm run build$/, 'npm test runs it before these tests'],
  [/^npm run bench/, 'benchmarks take minutes; npm run bench is run by hand and its figures are in docs/'],
  [/^npm ci --ignore-scripts$/, 'shown as the cause of a problem, not as advice'],
  [/\bCOMMAND\b/, 'a pattern (COMMAND stands for any command), not a command'],
  ...(POSTGRES_SKIP ? ([[/postgres:\/\//, POSTGRES_SKIP]] as [RegExp, string][]) : []),
];

/**
 * A free port below Linux's ephemeral range (32768 and up), so that no other process's port-0 server
 * can take it between the moments this test stops and restarts its server on it.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function bash(command: string, env: NodeJS.ProcessEnv, input?: string, timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    const proc = spawn('bash', ['-c', command], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => (stdout += d));
    proc.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    proc.stdin.end(input ?? '');
  });
}

interface Started {
  proc: ChildProcess;
  stdout: () => string;
  stop: () => Promise<void>;
}

/**
 * A long-running command (a server): started in its own process group, awaited until it says it
 * listens. Stopping it signals the whole group (npm, its shell, the server) and waits until the
 * server has let go of its data folder.
 */
function startLong(command: string, env: NodeJS.ProcessEnv): Promise<Started> {
  return new Promise((resolve, reject) => {
    const proc = spawn('bash', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    const timer = setTimeout(() => reject(new Error(`"${command}" did not start:\n${out}\n${err}`)), 30_000);
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      if (/MemoryOS listening on/.test(out)) {
        clearTimeout(timer);
        resolve({
          proc,
          stdout: () => out,
          stop: async () => {
            try {
              process.kill(-proc.pid!, 'SIGTERM');
            } catch {
              // Already gone.
            }
            await exited;
            const holder = join(env.MEMORYOS_DATA_DIR!, 'memoryos.lock.json');
            for (let i = 0; i < 300 && existsSync(holder); i++) await new Promise((r) => setTimeout(r, 50));
          },
        });
      }
    });
    proc.once('exit', (code) => reject(new Error(`"${command}" exited with ${code}:\n${out}\n${err}`)));
  });
}

test('every command the README shows runs as printed, in order, and does what the README says', async (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const shown = readmeCommands(readme);
  const tmp = mkdtempSync(join(tmpdir(), 'memoryos-readme-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const data = join(tmp, 'memoryos_data');
  const home = join(tmp, 'home');
  const port = await freePort();
  const env = (extra: Record<string, string> = {}) =>
    childEnv({ MEMORYOS_DATA_DIR: data, HOME: home, PORT: String(port), LOG_LEVEL: 'warn', ...extra });
  const ports = new Map<string, number>();
  const portFor = async (written: string) => {
    if (written === '3000') return port;
    if (!ports.has(written)) ports.set(written, await freePort());
    return ports.get(written)!;
  };

  // The README's database: one of the cluster's, made when the first command needs it.
  let database = '';
  let server: Started | null = null;
  let adminKey = '';
  /** The latest key of each name the README's commands created. */
  const keys = new Map<string, string>();
  const ran: string[] = [];
  const skipped: string[] = [];
  const stopServer = async () => {
    await server?.stop();
    server = null;
  };
  t.after(stopServer);
  const ensureServer = async () => {
    if (!server) server = await startLong('npm run serve', env());
  };

  for (const { command, line } of shown) {
    const reason = NOT_RUN.find(([re]) => re.test(command));
    if (reason) {
      skipped.push(`${command}  (${reason[1]})`);
      continue;
    }
    // Filled in as a person would; the ports are the only change to what they type.
    let cmd = command.replace(/\bKEY\b/g, adminKey).replace(/memoryos_data\//g, `${data}/`);
    if (cmd.includes('postgres://')) {
      database ||= await (await sharedCluster()).createDatabase('readme');
      cmd = cmd.replace(/postgres:\/\/\S+/g, database);
    }
    for (const m of [...cmd.matchAll(/(--port |PORT=)(3\d{3})\b/g)])
      cmd = cmd.replace(m[0], `${m[1]}${await portFor(m[2]!)}`);
    if (cmd.includes('<time>')) {
      const newest = readdirSync(join(data, 'backups')).sort().at(-1)!;
      cmd = cmd.replace(/<time>/g, newest);
    }
    const where = `README.md:${line}: ${command}`;
    ran.push(command);

    if (command === 'npm ci && npm run serve') {
      // npm ci has just run (it is the test command's first step): start the server as printed.
      server = await startLong('npm run serve', env());
      // The key block is written right after the banner.
      for (let i = 0; i < 100 && !/API key: \S+/.test(server.stdout()); i++)
        await new Promise((r) => setTimeout(r, 20));
      const key = /API key: (\S+)/.exec(server.stdout());
      assert.ok(key, `${where}: the first start prints the generated key`);
      adminKey = key[1]!;
      keys.set('default', adminKey);
      const ui = await fetch(`http://127.0.0.1:${port}/ui/`);
      assert.equal(ui.status, 200, `${where}: the dashboard is there after the first command`);
      assert.match(await ui.text(), /<div id="root"|<script/);
      const signIn = await fetch(`http://127.0.0.1:${port}/admin/api/overview.get`, {
        method: 'POST',
        headers: { 'X-API-Key': adminKey, 'Content-Type': 'application/json' },
        body: '{}',
      });
      assert.equal(signIn.status, 200, `${where}: the printed key signs in to the dashboard`);
      continue;
    }

    if (/^(PORT=\d+ )?npm run serve( -- (--database-url \S+ )?--port \d+)?$/.test(cmd)) {
      // Another server, as printed: its own data folder (one process owns a folder) and, unless the
      // command names a port, its own port beside the first server's.
      const other = await startLong(
        cmd,
        env({ MEMORYOS_DATA_DIR: join(tmp, `other-${line}`), PORT: String(await freePort()) }),
      );
      const at = /MemoryOS listening on (\S+)/.exec(other.stdout())![1]!;
      const wanted = /(?:--port |PORT=)(\d+)/.exec(cmd)?.[1];
      if (wanted) assert.ok(at.endsWith(`:${wanted}`), `${where}: listens on the port asked for (${at})`);
      assert.equal((await fetch(`${at}/health`)).status, 200, where);
      await other.stop();
      continue;
    }

    if (cmd === 'node dist/main/cli/index.js serve --mode stdio') {
      const init = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'readme', version: '1' } },
      });
      const r = await bash(cmd, env({ MEMORYOS_DATA_DIR: join(tmp, 'stdio') }), `${init}\n`);
      const lines = r.stdout.split('\n').filter(Boolean);
      assert.ok(lines.length >= 1, `${where}: answers initialize\n${r.stderr}`);
      for (const l of lines) assert.equal(JSON.parse(l).jsonrpc, '2.0', `${where}: stdout holds only protocol: ${l}`);
      continue;
    }

    if (/memoryos -- restore /.test(command)) await stopServer(); // "stop the server first"
    if (/connect .* --test$/.test(command)) await ensureServer();
    const r = await bash(cmd, env());
    assert.equal(r.code, 0, `${where} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at \S+ \(|TypeError|ReferenceError/, `${where}: no stack trace`);

    // What each kind of command promises.
    if (/keys create (\S+)/.test(command)) {
      const name = /keys create (\S+)/.exec(command)![1]!;
      assert.match(r.stdout, new RegExp(`"${name}"`), `${where}: names the key`);
      const key = /\n\s+(\S{32,})\n/.exec(r.stdout);
      assert.ok(key, `${where}: prints the new key`);
      const first = !keys.has(name);
      keys.set(name, key[1]!);
      if (first && name === 'cursor') {
        // The person connects that client and it remembers something, for backups and restores (a
        // running server picks a new key up within seconds).
        await ensureServer();
        for (let i = 0; i < 100; i++) {
          const r = await fetch(`http://127.0.0.1:${port}/admin/sessions`, { headers: { 'X-API-Key': key[1]! } });
          if (r.status === 200) break;
          await new Promise((res) => setTimeout(res, 100));
        }
        const { client } = await connectClient(`http://127.0.0.1:${port}`, { 'X-API-Key': key[1]! });
        await callTool(client, 'add_memory', { user_input: 'I keep my bike in the shed', agent_response: 'Noted.' });
        await client.close();
      }
    }
    if (/keys list/.test(command)) {
      const names = JSON.parse(readFileSync(join(data, 'keys.json'), 'utf8')).keys.map((k: { name: string }) => k.name);
      for (const n of names) assert.match(r.stdout, new RegExp(`^${n}\\s`, 'm'), `${where}: lists ${n}`);
    }
    if (/keys revoke (\S+)/.test(command)) {
      const name = /keys revoke (\S+)/.exec(command)![1]!;
      const k = JSON.parse(readFileSync(join(data, 'keys.json'), 'utf8')).keys.find(
        (x: { name: string }) => x.name === name,
      );
      assert.equal(k.revoked, true, `${where}: the key is revoked`);
    }
    if (/connect (cursor|claude-desktop) .*--install/.test(command)) {
      const file = command.includes('cursor')
        ? join(home, '.cursor', 'mcp.json')
        : join(home, '.config', 'Claude', 'claude_desktop_config.json');
      assert.ok(existsSync(file), `${where}: wrote ${file}`);
      assert.ok(readFileSync(file, 'utf8').includes('memoryos'), `${where}: the entry is in ${file}`);
    }
    if (/connect curl .*--test/.test(command)) assert.match(r.stdout, /^OK: \d+ tools/m, where);
    if (/migrate-to-postgres/.test(command)) {
      const stored = JSON.parse(readFileSync(join(data, 'keys.json'), 'utf8')).keys.length;
      assert.match(r.stdout, new RegExp(`: ${stored} moved, 0 already there`), `${where}: moves every stored key`);
      const again = await bash(cmd, env());
      assert.match(
        again.stdout,
        new RegExp(`: 0 moved, ${stored} already there`),
        `${where}: run again, moves nothing`,
      );
    }
    if (/^pg_dump /.test(command)) assert.ok(existsSync(join(home, 'memoryos.dump')), `${where}: the dump is written`);
    if (/memoryos -- backup/.test(command)) assert.match(r.stdout, /Backed up 1 user/, where);
    if (/memoryos -- restore (\S+)/.test(command)) {
      const user = /memoryos -- restore (\S+)/.exec(command)![1]!;
      assert.match(r.stdout, new RegExp(`Restored ${user}`), where);
      await ensureServer();
      const { client } = await connectClient(`http://127.0.0.1:${port}`, { 'X-API-Key': keys.get(user)! });
      type Found = Record<'short_term_memory' | 'retrieved_pages', { user_input: string }[]>;
      const found = await callTool<Found>(client, 'retrieve_memory', { query: 'bike' });
      await client.close();
      assert.ok(
        [...found.short_term_memory, ...found.retrieved_pages].some((p) => p.user_input.includes('bike')),
        `${where}: the restored store holds the memory`,
      );
    }
  }
  assert.ok(ran.length >= 20, `ran ${ran.length} commands:\n${ran.join('\n')}`);
  t.diagnostic(`ran ${ran.length} README commands; not run here: ${skipped.length}\n${skipped.join('\n')}`);
});

test("the README's config file example is one start-up accepts, with the values it shows", async (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const example = /\*\*The JSON config file\*\*[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'the README shows a config file');
  const dir = mkdtempSync(join(tmpdir(), 'memoryos-readme-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'memoryos.json');
  writeFileSync(file, example);
  const { config } = loadConfig(['--config', file], {});
  const shown = JSON.parse(example) as { rateLimit: { requests: number }; memory: { shortTermCapacity: number } };
  assert.equal(config.rateLimit.requests, shown.rateLimit.requests);
  assert.equal(config.memory.shortTermCapacity, shown.memory.shortTermCapacity);
});
