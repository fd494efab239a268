// A throwaway PostgreSQL cluster for tests and benchmarks: Debian's binaries, initdb in a temporary
// folder, run as an unprivileged user (the postgres system user when we are root, as in CI), on a
// free port of 127.0.0.1 with trust authentication and its socket inside the folder.
//
// One cluster serves a whole test run: the first test file that asks starts it, the next ones find
// it through a note keyed by the test runner's pid, and a watchdog stops it and removes its folder
// when the runner exits. Each caller gets its own fresh database in it. Tests that stop or restart
// the server start a private cluster instead.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Where initdb and pg_ctl are: PG_BIN, else the newest Debian postgresql-N. */
export function postgresBinDir(): string | null {
  const candidates = process.env.PG_BIN ? [process.env.PG_BIN] : [];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian))
    candidates.push(
      ...readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(debian, v, 'bin')),
    );
  return candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;
}

/** Why PostgreSQL tests cannot run here, or false when they can. For `test(..., { skip })`. */
export const POSTGRES_SKIP: string | false = postgresBinDir()
  ? false
  : 'PostgreSQL binaries not found (install Debian\'s "postgresql" package, as .ci/run does, or set PG_BIN)';

export interface TestCluster {
  port: number;
  dir: string;
  /** postgres://postgres@127.0.0.1:PORT/NAME */
  url(database?: string): string;
  /** A new empty database; returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** Stops the server (fast shutdown: connections are cut). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder (private clusters). */
  destroy(): Promise<void>;
}

function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function run(bin: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, args, { ...runAs(), stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => (out += d));
    proc.once('error', reject);
    proc.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')}: ${out}`))));
  });
}

/**
 * Stops the cluster (SIGQUIT: immediate shutdown) and removes its folder and `note` once `pid` is
 * gone, even if the test process was killed. It runs as this user: root may signal the server.
 */
function watchdog(pid: number, dir: string, note = ''): void {
  const script = [
    `while [ -d /proc/${pid} ]; do sleep 1; done`,
    `pm=$(head -1 "${dir}/data/postmaster.pid" 2>/dev/null)`,
    `if [ -n "$pm" ]; then kill -QUIT "$pm" 2>/dev/null; while [ -d "/proc/$pm" ]; do sleep 0.1; done; fi`,
    `rm -rf "${dir}" ${note ? `"${note}"` : ''}`,
  ].join('; ');
  spawn('bash', ['-c', script], { detached: true, stdio: 'ignore', cwd: tmpdir() }).unref();
}

function clusterAt(dir: string, port: number, bin: string): TestCluster {
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const pgCtl = join(bin, 'pg_ctl');
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    // Test data: no fsync, a smaller footprint.
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c shared_buffers=32MB',
    '-c max_connections=200',
  ].join(' ');
  const cluster: TestCluster = {
    port,
    dir,
    url,
    async createDatabase(prefix = 't') {
      const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop: () => run(pgCtl, ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']),
    start: () =>
      run(pgCtl, ['-D', join(dir, 'data'), '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']),
    async destroy() {
      await cluster.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** A new cluster of its own, removed when `watchPid` (default: this process) exits. */
export async function startCluster(watchPid = process.pid, note = ''): Promise<TestCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(POSTGRES_SKIP || 'PostgreSQL binaries not found');
  const dir = mkdtempSync(join(tmpdir(), 'memoryos-pg-'));
  const { uid, gid } = runAs();
  if (uid !== undefined) chownSync(dir, uid, gid!);
  await run(join(bin, 'initdb'), [
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  watchdog(watchPid, dir, note);
  // A free port can be taken by someone else between the probe and the start: try again.
  for (let attempt = 1; ; attempt++) {
    const cluster = clusterAt(dir, await freePort(), bin);
    try {
      await cluster.start();
      return cluster;
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

const NOTE = join(tmpdir(), `memoryos-pg-runner-${process.ppid}.json`);

/** The test run's cluster (started by the first caller, stopped when the runner exits). */
export async function sharedCluster(): Promise<TestCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(POSTGRES_SKIP || 'PostgreSQL binaries not found');
  if (existsSync(NOTE)) {
    const { dir, port } = JSON.parse(readFileSync(NOTE, 'utf8')) as { dir: string; port: number };
    const cluster = clusterAt(dir, port, bin);
    const probe = new pg.Client({ connectionString: cluster.url() });
    const alive = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (alive) return cluster;
  }
  const cluster = await startCluster(process.ppid, NOTE);
  writeFileSync(NOTE, JSON.stringify({ dir: cluster.dir, port: cluster.port }));
  return cluster;
}
