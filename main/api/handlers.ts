// The dashboard's handlers: plain functions over the server runtime, shared by Electron's IPC and
// the headless server's /admin/api. `dispatch` validates each request with the contract first and
// shapes each response with it.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { dashboardContract, type Channel, type RequestOf, type ResponseOf } from '../../shared/dashboard.js';
import { CLIENTS, clientConfig } from '../../shared/clientConfig.js';
import { loneSurrogateAt, refusalOf } from '../../shared/validation.js';
import { bundleFile, launcherFor } from '../clients/bridgeLauncher.js';
import { configFilePath, installEntry } from '../clients/configFiles.js';
import { testConnection } from '../clients/connectionTest.js';
import { AppError, InvalidInputError } from '../errors.js';
import type { AuthenticatedKey, DashboardPorts, DesktopHooks } from '../ports.js';
import { VERSION } from '../version.js';
import type { SettingsStore } from './settingsFile.js';
import { judgeSearch } from './searchRelevance.js';
import { applyEdits, needsRestart, savedConfig, settingsView } from './settings.js';

type Parsed<C extends Channel> = z.output<(typeof dashboardContract)[C]['request']>;

/** Who calls: the signed-in key over HTTP; null in the desktop app's own window (the machine's owner). */
export interface Caller {
  key: AuthenticatedKey | null;
}
export const LOCAL_OWNER: Caller = { key: null };

/**
 * Client configurations live in the home folder of the account the server runs as. Only the desktop
 * app's own window (the machine's owner, over IPC) may write there; over HTTP the server writes
 * nothing outside its data folder, whoever asks.
 */
const mayWriteClientConfigs = (caller: Caller) => caller.key === null;

/** `caller` may be left out where only the machine's owner calls (the desktop app, tests). */
type Handlers = { [C in Channel]: (req: Parsed<C>, caller?: Caller) => Promise<ResponseOf<C>> | ResponseOf<C> };

export interface DashboardDeps {
  runtime: DashboardPorts;
  settings: SettingsStore;
  /** The address clients connect to, e.g. http://127.0.0.1:3000. */
  address: () => string;
  /** In Electron the host restarts the server itself after a change that needs it. */
  onSettingsSaved?: () => Promise<void> | void;
  /** Present in the desktop app only. */
  desktop?: DesktopHooks;
}

const headlessUpdates = () => ({
  current: VERSION,
  supported: false,
  available: null,
  summary: `Version ${VERSION} · update it the way you installed it (npm, Docker or git)`,
  canCheck: false,
});

export function createDashboardHandlers(deps: DashboardDeps): Handlers {
  const { runtime } = deps;
  const mem = (user: string) => runtime.memory.forUser(user);
  return {
    'overview.get': async () => {
      const store = runtime.memory.status();
      return {
        status: store.ok ? 'running' : 'degraded',
        version: VERSION,
        address: deps.address(),
        auth_enabled: !runtime.config.disableAuth,
        key_count: runtime.keys.count(),
        rate_limit: runtime.rateLimits.defaults(),
        stats: await runtime.stats.snapshot(),
        store: { ok: store.ok, ...(store.detail ? { detail: store.detail } : {}) },
        first_client_at: runtime.stats.firstClientAt(),
      };
    },
    'session.me': (_req, caller = LOCAL_OWNER) => {
      if (caller.key) return { name: caller.key.name, admin: caller.key.admin, local: false };
      const owner = runtime.keys.list().find((k) => k.admin && !k.revoked);
      return { name: owner?.name ?? null, admin: true, local: true };
    },
    'stats.trends': ({ range, key }) => runtime.stats.trends(range, key),
    'keys.list': () => runtime.keys.list(),
    'keys.create': (req) => runtime.keys.create(req),
    'keys.revoke': async ({ name }) => {
      await runtime.keys.revoke(name);
      await runtime.sessions.closeForKey(name);
      return { ok: true as const };
    },
    'keys.rename': async ({ name, newName }) => {
      // The key's name is its user: its memories move with it (refused first if the name is taken),
      // and the key is renamed right after, with no wait in between, so no request reopens the old name.
      await runtime.memory.renameUser(name, newName);
      let info;
      try {
        info = await runtime.keys.rename(name, newName);
      } catch (err) {
        await runtime.memory.renameUser(newName, name);
        throw err;
      }
      await runtime.sessions.closeForKey(name);
      return info;
    },
    'keys.setRateLimit': ({ name, rate_limit }) => runtime.keys.setRateLimit(name, rate_limit),
    'rateLimits.get': () => runtime.rateLimits.defaults(),
    'rateLimits.set': async (req) => {
      await runtime.rateLimits.setDefaults(req);
      return runtime.rateLimits.defaults();
    },
    'sessions.list': () => runtime.sessions.list(),
    'sessions.close': async ({ id }) => ({ closed: await runtime.sessions.close(id) }),
    'memory.users': async () => {
      const names = new Set([
        ...(await runtime.memory.listUsers()),
        ...runtime.keys
          .list()
          .filter((k) => !k.revoked)
          .map((k) => k.name),
      ]);
      const out = [];
      for (const user of [...names].sort()) out.push({ user, counts: await mem(user).counts() });
      return out;
    },
    'memory.shortTerm': ({ user }) => mem(user).listShortTerm(),
    'memory.segments': ({ user, offset, limit }) => mem(user).listSegments({ offset, limit }),
    'memory.segmentPages': ({ user, segmentId, offset, limit }) => mem(user).segmentPages(segmentId, { offset, limit }),
    'memory.pages': ({ user, offset, limit, tier }) => mem(user).listPages({ offset, limit, tier }),
    'memory.knowledge': ({ user, kind, offset, limit }) => mem(user).listKnowledge(kind, { offset, limit }),
    'memory.profile': async ({ user }) => {
      const history = await mem(user).profileHistory();
      return { current: history[0] ?? null, history };
    },
    'memory.setProfile': ({ user, text }) => mem(user).setProfile(text),
    'memory.search': async ({ user, ...args }) => judgeSearch(await mem(user).retrieve(args)),
    'memory.updatePage': ({ user, id, patch }) => mem(user).updatePage(id, patch),
    'memory.updateKnowledge': ({ user, id, text }) => mem(user).updateKnowledge(id, text),
    'memory.delete': async ({ user, id }) => {
      const r = await mem(user).delete(id);
      return { deleted: true as const, kind: r.kind };
    },
    'memory.export': async ({ user }) => {
      const lines: string[] = [];
      for await (const l of mem(user).exportLines()) lines.push(JSON.stringify(l));
      return { jsonl: lines.length ? `${lines.join('\n')}\n` : '', lines: lines.length };
    },
    'memory.import': async ({ user, jsonl }) => {
      const rows: unknown[] = [];
      jsonl.split('\n').forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          rows.push(JSON.parse(line));
        } catch {
          rows.push({ invalid: `line ${i + 1} is not JSON` });
        }
      });
      return mem(user).importLines(rows);
    },
    'connect.configs': ({ key }, caller = LOCAL_OWNER) => {
      const mcpUrl = `${deps.address()}/mcp`;
      const bridge = launcherFor(mcpUrl);
      return CLIENTS.map((client) => {
        const c = clientConfig(client, { mcpUrl, key, bridge });
        return {
          client,
          title: c.title,
          snippet: c.snippet,
          note: c.note,
          installable: mayWriteClientConfigs(caller) && (client === 'claude-desktop' || client === 'cursor'),
        };
      });
    },
    'connect.install': ({ key, client }, caller = LOCAL_OWNER) => {
      if (!mayWriteClientConfigs(caller))
        throw new AppError(
          'forbidden',
          "Adding a client's configuration writes files in the home folder of the account the server runs as, " +
            "so only the MemoryOS app's own window may do it. Copy the configuration instead, or run on the " +
            `client's computer: npm run memoryos -- connect ${client} --key KEY --install`,
        );
      const mcpUrl = `${deps.address()}/mcp`;
      const entry = clientConfig(client, { mcpUrl, key, bridge: launcherFor(mcpUrl) }).entry!;
      const r = installEntry(configFilePath(client), 'memoryos', entry);
      return { path: r.path, backupPath: r.backupPath, written: JSON.stringify(entry, null, 2) };
    },
    'connect.test': ({ key }) => testConnection(`${deps.address()}/mcp`, key),
    'connect.bundle': async () => {
      const path = bundleFile();
      if (!existsSync(path))
        throw new AppError('unavailable', `the Claude Desktop bundle is not built (${path}): run "npm run build"`);
      if (!deps.desktop)
        return {
          opened: false,
          path,
          downloadUrl: '/ui/memoryos.mcpb',
          message:
            'Open the downloaded memoryos.mcpb on the computer where Claude Desktop runs: it asks for a key from ' +
            'API keys and the address of this server.',
        };
      await deps.desktop.openPath(path);
      return {
        opened: true,
        path,
        downloadUrl: null,
        message: 'Claude Desktop opens the MemoryOS extension: choose Install, paste a key from API keys, enable it.',
      };
    },
    'app.updates': () => deps.desktop?.updates() ?? headlessUpdates(),
    'app.checkForUpdates': () => deps.desktop?.checkForUpdates() ?? headlessUpdates(),
    'settings.get': () => settingsView(savedConfig(deps.settings.load(), runtime.config), deps.settings.location),
    'settings.update': async (req) => {
      const stored = deps.settings.load();
      const running = settingsView(runtime.config, deps.settings.location);
      const before = settingsView(savedConfig(stored, runtime.config), deps.settings.location);
      const { raw, next } = applyEdits(stored, runtime.config, req);
      deps.settings.save(raw);
      // The default rate limit needs no restart: it applies from the next request.
      runtime.rateLimits.setDefaults(next.rateLimit);
      const after = settingsView(next, deps.settings.location);
      const restartRequired = needsRestart(running, after);
      if (restartRequired) await deps.onSettingsSaved?.();
      return {
        settings: after,
        restartRequired,
        message: restartRequired
          ? deps.onSettingsSaved
            ? 'Saved. The server restarts with the new settings.'
            : `Saved to ${deps.settings.location}. Restart the server to apply them (environment variables and flags still win).`
          : JSON.stringify(before) === JSON.stringify(after)
            ? 'Saved. Nothing changed.'
            : 'Saved.',
      };
    },
  };
}

/** Validates, runs, validates again. Throws InvalidInputError for a request the contract refuses. */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  request: unknown,
  caller: Caller = LOCAL_OWNER,
): Promise<unknown> {
  if (!Object.hasOwn(dashboardContract, channel))
    throw new InvalidInputError(`unknown dashboard channel "${channel.slice(0, 100)}"`);
  const c = channel as Channel;
  const contract = dashboardContract[c];
  const unpaired = loneSurrogateAt(request);
  if (unpaired)
    throw new InvalidInputError(
      `${unpaired} contains an unpaired UTF-16 surrogate, which is not text and cannot be stored as sent`,
    );
  const parsed = contract.request.safeParse(request ?? {});
  if (!parsed.success) {
    const refusal = refusalOf(parsed.error);
    throw new InvalidInputError(refusal.message, { fields: refusal.fields });
  }
  const result = await (handlers[c] as (r: unknown, caller: Caller) => unknown)(parsed.data, caller);
  return contract.response.parse(result);
}

export type { Handlers as DashboardHandlers, RequestOf };
