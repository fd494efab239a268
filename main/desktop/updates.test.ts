// Update decisions without Electron. electron-updater itself needs Electron, so the feed here is a
// small port whose failures are real network failures (a fetch to a closed local port).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serverConfigSchema } from '../../shared/config.js';
import { jsonSettingsStore } from '../api/settingsFile.js';
import { tempDataDir } from '../memory/testing.js';
import { createServerRuntime } from '../runtime.js';
import { DesktopController, type Shell } from './controller.js';
import type { TrayItem } from './trayMenu.js';
import { UpdateChecker, isOffline, type UpdaterPort } from './updates.js';

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

function feed(result: () => Promise<{ version: string } | null>) {
  const calls: string[] = [];
  const port: UpdaterPort = {
    check: () => (calls.push('check'), result()),
    download: async () => void calls.push('download'),
    install: () => void calls.push('install'),
  };
  return { port, calls };
}

const labels = (items: TrayItem[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);

test('offline: the check fails quietly into a tray line, and can be tried again', async () => {
  const port = await closedPort();
  const { port: updater, calls } = feed(async () => {
    await fetch(`http://127.0.0.1:${port}/latest.yml`);
    return null;
  });
  const u = new UpdateChecker(updater, '1.0.0');
  await u.checkAtStart(true);
  const v = u.view();
  assert.equal(v.state.kind, 'failed');
  assert.equal(v.state.kind === 'failed' && v.state.offline, true);
  assert.equal(v.summary, 'Version 1.0.0 · could not check for updates (offline?)');
  assert.equal(v.canCheck, true);
  assert.deepEqual(calls, ['check']);
  assert.equal(isOffline(new Error('net::ERR_INTERNET_DISCONNECTED')), true);
  assert.equal(
    isOffline(new Error('Cannot find latest-mac.yml in the latest release artifacts (HttpError: 404)')),
    false,
  );
});

test('turned off in Settings: no check at start; the tray can still check on request', async () => {
  const { port, calls } = feed(async () => null);
  const u = new UpdateChecker(port, '1.0.0');
  await u.checkAtStart(false);
  assert.deepEqual(calls, []);
  assert.equal(u.view().summary, 'Version 1.0.0');
  await u.check();
  assert.deepEqual(calls, ['check']);
  assert.equal(u.view().summary, 'Version 1.0.0 · up to date');
});

test('a newer release downloads, then "Restart to install" drains the server before the installer runs', async (t) => {
  const tmp = tempDataDir('memoryos-update-');
  t.after(tmp.remove);
  const settings = jsonSettingsStore(join(tmp.dir, 'settings.json'));
  settings.save({ port: 0, logLevel: 'silent', apiKey: 'update-test-key-0123456789' });
  const order: string[] = [];
  const { port } = feed(async () => ({ version: '1.1.0' }));
  const install = port.install;
  port.install = () => (order.push('install'), install());
  const shell: Shell = {
    openDashboard: () => {},
    copyText: () => {},
    openPath: async () => {},
    showError: () => {},
    refresh: () => {},
    exit: () => void order.push('exit'),
  };
  const controller = new DesktopController({
    loadConfig: () => serverConfigSchema.parse({ dataDir: join(tmp.dir, 'data'), ...settings.load() }),
    settingsLocation: settings.location,
    createRuntime: (config, hooks) => {
      const r = createServerRuntime(config, { settings, ...hooks, uiDir: tmp.dir });
      const close = r.close.bind(r);
      return { ...r, close: () => close().then(() => void order.push('server closed')) } as typeof r;
    },
    shell,
    loginItem: null,
    updates: new UpdateChecker(port, '1.0.0'),
  });
  t.after(() => controller.quit());
  const { updateCheck } = await controller.launch();
  await updateCheck;
  assert.equal(controller.current().kind, 'running');
  const menu = labels(controller.menu());
  assert.ok(menu.includes('Version 1.0.0 · 1.1.0 is ready to install'), menu.join(' | '));
  assert.ok(menu.includes('Restart to install 1.1.0'));
  assert.ok(!menu.includes('Check for updates…'));
  await controller.handle('install-update');
  assert.deepEqual(order, ['server closed', 'install']);
  assert.equal(controller.hasStopped(), true, 'the quit that the installer triggers goes through');
});

test('a development build offers no updates, and says so', () => {
  const u = new UpdateChecker(null, '1.0.0', () => {}, 'updates come with installed builds');
  assert.equal(u.view().summary, 'Version 1.0.0 · updates come with installed builds');
  assert.equal(u.view().canCheck, false);
});
