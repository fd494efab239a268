// Composition of the headless server: the same runtime serves `serve`, the Electron app and tests.
import { unwatchFile, watchFile } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { createDashboardHandlers, type DashboardHandlers } from './api/handlers.js';
import { adminApiRouter } from './api/httpRouter.js';
import { jsonSettingsStore, settingsFilePath, type SettingsStore } from './api/settingsFile.js';
import { uiRouter } from './api/uiRouter.js';
import { bundleFile } from './clients/bridgeLauncher.js';
import type { DesktopHooks, ServingKeyStore } from './ports.js';
import type { ServerConfig } from '../shared/config.js';
import { AppError } from './errors.js';
import { scheduleBackups } from './backup/backups.js';
import { ensureWritableDataDir } from './memory/dataDir.js';
import { lockDataFolder, type DataLock } from './memory/dataLock.js';
import { markTeamFolder } from './postgres/teamFolder.js';
import { openToOthers } from './privateFs.js';
import { openMemoryService } from './memory/service.js';
import { openPgMemoryService } from './memory/store/postgres/service.js';
import { openTeamStores, type TeamStores } from './postgres/teamStores.js';
import { FileKeyStore } from './security/keyStore.js';
import { RateLimits } from './security/rateLimit.js';
import { createApp, type AppDeps, type AppParts } from './server/app.js';
import { createLogger, type LogFn } from './server/logger.js';
import { Sessions } from './server/sessions.js';
import { Stats } from './server/stats.js';
import { StatsStore, statsFilePath } from './server/statsStore.js';

const DRAIN_MS = 10_000;

/** Memories are personal: say so when other accounts on this machine can read the data folder. */
export function warnIfShared(dir: string, log: LogFn): void {
  if (openToOthers(dir))
    log(
      'warn',
      `the data folder ${dir} can be read by other users of this machine; make it private with: chmod 700 "${dir}"`,
    );
}

export interface ServerRuntime extends AppParts, AppDeps {
  /** The dashboard's handlers over this runtime (also served at /admin/api). */
  dashboard: DashboardHandlers;
  listen(): Promise<{ host: string; port: number; url: string }>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  log?: LogFn;
  /** Where dashboard edits are saved; default: <dataDir>/settings.json. */
  settings?: SettingsStore;
  /** The built dashboard; default: dist/renderer of this package. */
  uiDir?: string;
  onSettingsSaved?: () => Promise<void> | void;
  /** Named in the refusal another process gets while this one holds the data folder. */
  owner?: string;
  /** The desktop app's extras for the dashboard (updates, opening the Claude Desktop bundle). */
  desktop?: DesktopHooks;
  /** What replicas share in PostgreSQL (DATABASE_URL); opened by `openServerRuntime`. */
  team?: TeamStores;
}

const DEFAULT_UI_DIR = fileURLToPath(
  new URL(import.meta.url.includes('/dist/') ? '../renderer' : '../dist/renderer', import.meta.url),
);

/**
 * The runtime for `serve`: with DATABASE_URL it first connects to PostgreSQL and migrates it (a
 * database that cannot be reached is an AppError naming it: exit 2), then composes as below.
 */
export async function openServerRuntime(config: ServerConfig, opts: RuntimeOptions = {}): Promise<ServerRuntime> {
  if (!config.databaseUrl) return createServerRuntime(config, opts);
  const log = opts.log ?? createLogger(config.logLevel);
  const team = await openTeamStores(config, log);
  try {
    return createServerRuntime(config, { ...opts, log, team });
  } catch (err) {
    await team.close();
    throw err;
  }
}

export function createServerRuntime(config: ServerConfig, opts: RuntimeOptions = {}): ServerRuntime {
  if (config.databaseUrl && !opts.team)
    throw new AppError(
      'invalid_input',
      'DATABASE_URL is for the headless team server (memoryos serve); here memories stay in the data folder',
    );
  const log = opts.log ?? createLogger(config.logLevel);
  ensureWritableDataDir(config.dataDir);
  const lock = lockDataFolder(config.dataDir, opts.owner ?? 'memoryos serve');
  try {
    if (config.databaseUrl) markTeamFolder(lock.dir, config.databaseUrl);
    return assemble(config, opts, log, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

function assemble(config: ServerConfig, opts: RuntimeOptions, log: LogFn, lock: DataLock): ServerRuntime {
  warnIfShared(lock.dir, log);
  const team = opts.team;
  const fileKeys = team ? null : new FileKeyStore({ config });
  const keys: ServingKeyStore = team?.keys ?? fileKeys!;
  // A team server keeps every user's memories in PostgreSQL, where any replica serves them; the
  // data folder then holds this replica's own files only (settings, stats).
  const memory = team ? openPgMemoryService(team.database, { ...config, log }) : openMemoryService({ ...config, log });
  const sessions = new Sessions(config.sessionIdleMinutes * 60_000, config.maxSessionsPerKey, Date.now, team?.sessions);
  const stats = new Stats(() => sessions, memory, new StatsStore(statsFilePath(config.dataDir), log));
  const rateLimits = team?.rateLimits ?? new RateLimits(config.rateLimit);
  const parts = createApp({
    config,
    keys,
    sessions,
    stats,
    rateLimits,
    memory,
    log,
    ...(team ? { windows: team.windows, database: team.database } : {}),
  });
  const onKeyFile = () => {
    try {
      fileKeys?.reload();
    } catch (err) {
      log('warn', 'the key file changed but could not be read; keeping the keys in memory', {
        error: (err as Error).message,
      });
    }
  };
  if (fileKeys) watchFile(fileKeys.path, { interval: 1000, persistent: false }, onKeyFile);
  // Memories in PostgreSQL are backed up with the database (pg_dump), not file by file.
  const stopBackups = team
    ? () => {}
    : scheduleBackups(memory, config.dataDir, config.backup.intervalHours, config.backup.retain, log);
  let http: HttpServer | null = null;
  let address = `http://${config.host}:${config.port}`;

  const runtime: Omit<ServerRuntime, 'dashboard'> & { dashboard?: DashboardHandlers } = {
    ...parts,
    config,
    keys,
    sessions,
    stats,
    rateLimits,
    memory,
    log,
    listen() {
      parts.finish();
      return new Promise((resolve, reject) => {
        const server = parts.app.listen(config.port, config.host);
        server.once('error', (err: NodeJS.ErrnoException) => {
          reject(
            err.code === 'EADDRINUSE'
              ? new AppError(
                  'unavailable',
                  `port ${config.port} on ${config.host} is already in use: stop the other process or set PORT`,
                )
              : err,
          );
        });
        server.once('listening', () => {
          http = server;
          const a = server.address() as AddressInfo;
          const shown = a.family === 'IPv6' ? `[${a.address}]` : a.address;
          const url = `http://${shown}:${a.port}`;
          address = url;
          lock.announce(url);
          log('info', 'listening', { url, mcp: `${url}/mcp`, host: a.address, port: a.port });
          resolve({ host: a.address, port: a.port, url });
        });
      });
    },
    async close() {
      // Stop accepting, end the sessions (their SSE streams), let in-flight requests finish, then close the stores.
      const server = http;
      http = null;
      if (server) {
        const closed = new Promise<void>((r) => server.close(() => r()));
        await sessions.closeAll();
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
        await closed;
        clearTimeout(timer);
      } else {
        await sessions.closeAll();
      }
      stopBackups();
      stats.close();
      if (fileKeys) {
        unwatchFile(fileKeys.path, onKeyFile);
        try {
          fileKeys.flush();
        } catch (err) {
          log('warn', 'key usage counters could not be saved', { error: (err as Error).message });
        }
      }
      await memory.close();
      await team?.close();
      lock.release();
    },
  };
  const handlers = createDashboardHandlers({
    runtime,
    settings: opts.settings ?? jsonSettingsStore(settingsFilePath(config.dataDir)),
    address: () => address,
    onSettingsSaved: opts.onSettingsSaved,
    desktop: opts.desktop,
  });
  parts.mountExtra(
    '/admin/api',
    Router().use(...parts.dashboardProtect, adminApiRouter(handlers, config.maxBodyBytes, log)),
  );
  parts.mountExtra('/ui', uiRouter(opts.uiDir ?? DEFAULT_UI_DIR, bundleFile()));
  runtime.dashboard = handlers;
  return runtime as ServerRuntime;
}
