// The desktop controller over a real server runtime (port 0, a temp data folder): what Electron would
// show and do is recorded by a Shell that stands in for the few Electron calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { serverConfigSchema } from '../../shared/config.js';
import { jsonSettingsStore } from '../api/settingsFile.js';
import { tempDataDir } from '../memory/testing.js';
import { createServerRuntime } from '../runtime.js';
import { DesktopController, type Shell } from './controller.js';
import type { ErrorDialog } from './errorDialog.js';
import type { LoginItem } from './loginItem.js';
import type { TrayItem } from './trayMenu.js';
import { UpdateChecker } from './updates.js';

const KEY = 'desktop-controller-key-0123456789';

interface Recorded extends Shell {
  dialogs: ErrorDialog[];
  copied: string[];
  openedFiles: string[];
  exits: number;
  opened: number;
}

function recordingShell(): Recorded {
  const r: Recorded = {
    dialogs: [],
    copied: [],
    openedFiles: [],
    exits: 0,
    opened: 0,
    openDashboard: () => void r.opened++,
    copyText: (t) => void r.copied.push(t),
    openPath: async (f) => void r.openedFiles.push(f),
    showError: (d) => void r.dialogs.push(d),
    refresh: () => {},
    exit: () => void r.exits++,
  };
  return r;
}

function setup(
  t: { after: (fn: () => unknown) => void },
  saved: Record<string, unknown> = {},
  loginItem: LoginItem | null = null,
) {
  const tmp = tempDataDir('memoryos-desktop-');
  const settings = jsonSettingsStore(join(tmp.dir, 'settings.json'));
  settings.save({ port: 0, apiKey: KEY, logLevel: 'silent', ...saved });
  const shell = recordingShell();
  const controller = new DesktopController({
    loadConfig: () => serverConfigSchema.parse({ dataDir: join(tmp.dir, 'data'), ...settings.load() }),
    settingsLocation: settings.location,
    createRuntime: (config, hooks) => createServerRuntime(config, { settings, ...hooks, uiDir: tmp.dir }),
    shell,
    loginItem,
    updates: new UpdateChecker(null, '1.0.0'),
  });
  t.after(async () => {
    await controller.quit();
    tmp.remove();
  });
  return { controller, shell, settings, dir: tmp.dir };
}

const labels = (items: TrayItem[]) => items.map((i) => (i.type === 'separator' ? '—' : i.label));
const item = (items: TrayItem[], label: string) => items.find((i) => i.type !== 'separator' && i.label === label);

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check(), `timed out waiting for ${what}`);
}

async function mcpClient(address: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${address}/mcp`), {
    requestInit: { headers: { 'X-API-Key': KEY } },
  });
  const client = new Client({ name: 'controller-test', version: '1' });
  await client.connect(transport);
  return client;
}

test('launch starts the server; the menu shows its address and sessions; pause and resume really stop and start it', async (t) => {
  const { controller, shell } = setup(t);
  await controller.launch();
  const s = controller.current();
  assert.equal(s.kind, 'running');
  const address = s.kind === 'running' ? s.address : '';
  assert.match(address, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal((await fetch(`${address}/health`)).status, 200);
  assert.deepEqual(shell.dialogs, []);

  const client = await mcpClient(address);
  const menu = controller.menu();
  assert.equal(labels(menu)[0], `Running at ${address} · 1 open session`);
  assert.deepEqual(item(menu, 'Copy connection details'), {
    type: 'action',
    id: 'copy-connection',
    label: 'Copy connection details',
    enabled: true,
  });
  assert.ok(item(menu, 'Pause server'));
  assert.equal(item(menu, 'Start at login'), undefined, 'no login item offered: none shown');
  await controller.handle('copy-connection');
  assert.match(shell.copied[0]!, new RegExp(`MCP endpoint: ${address}/mcp`));
  await client.callTool({ name: 'add_memory', arguments: { user_input: 'The tray app keeps my violin notes' } });
  await client.close();

  await controller.handle('pause');
  assert.equal(controller.current().kind, 'paused');
  await assert.rejects(fetch(`${address}/health`), 'a paused server accepts nothing');
  const paused = controller.menu();
  assert.equal(labels(paused)[0], 'Paused: clients cannot connect');
  assert.ok(item(paused, 'Resume server'));
  assert.deepEqual(item(paused, 'Copy connection details'), {
    ...item(menu, 'Copy connection details')!,
    enabled: false,
  });
  assert.throws(() => controller.handlers(), /paused: choose Resume server/);

  await controller.handle('resume');
  const back = controller.current();
  assert.equal(back.kind, 'running');
  const again = await mcpClient(back.kind === 'running' ? back.address : '');
  const found = await again.callTool({ name: 'retrieve_memory', arguments: { query: 'violin' } });
  assert.match(JSON.stringify(found.structuredContent), /violin notes/, 'memories survive a pause');
  await again.close();
});

test('a port in use gives the error state and dialog, keeps the dashboard, and a settings change restarts into running', async (t) => {
  const blocker = createServer();
  const port = await new Promise<number>((r) =>
    blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)),
  );
  t.after(() => blocker.close());
  const { controller, shell } = setup(t, { port });
  await controller.launch();
  const s = controller.current();
  assert.equal(s.kind, 'error');
  assert.equal(shell.dialogs.length, 1, 'the dialog is shown once, at launch');
  assert.deepEqual(shell.dialogs[0], {
    title: 'MemoryOS could not start its server',
    message: `Port ${port} on 127.0.0.1 is already in use.`,
    detail:
      'Another program, or another copy of MemoryOS, is using that port. Quit it, or choose another port in ' +
      'Settings (your memories stay available in the dashboard), then choose Try again in the tray menu.',
  });
  const menu = controller.menu();
  assert.equal(labels(menu)[0], `Error: Port ${port} on 127.0.0.1 is already in use.`);
  assert.ok(item(menu, 'Try again'));

  // The dashboard still answers: the person changes the port there, and the server comes back.
  const handlers = controller.handlers();
  const view = await handlers['settings.get']({});
  const saved = await handlers['settings.update']({ ...view, port: 0, llmApiKey: '' });
  assert.equal(saved.restartRequired, true);
  assert.equal(saved.message, 'Saved. The server restarts with the new settings.');
  await until(() => controller.current().kind === 'running', 'the restart after the settings change');
  const after = controller.current();
  assert.notEqual(after.kind === 'running' && after.address, `http://127.0.0.1:${port}`);
});

test('a bad saved setting is explained in words, naming the file; the dashboard says why it cannot serve', async (t) => {
  const { controller, shell } = setup(t, { rateLimit: { requests: -5, windowSeconds: 60 } });
  await controller.launch();
  assert.equal(controller.current().kind, 'error');
  assert.match(shell.dialogs[0]!.message, /^A saved setting is not valid: .*rateLimit\.requests/);
  assert.match(shell.dialogs[0]!.detail, /settings\.json/);
  assert.throws(() => controller.handlers(), /The server could not start: A saved setting is not valid/);
});

test('a settings change that needs no restart does not restart', async (t) => {
  const { controller } = setup(t);
  await controller.launch();
  const before = controller.current();
  const handlers = controller.handlers();
  const view = await handlers['settings.get']({});
  assert.equal(view.checkForUpdates, true);
  const saved = await handlers['settings.update']({ ...view, checkForUpdates: false, llmApiKey: '' });
  assert.deepEqual([saved.restartRequired, saved.message, saved.settings.checkForUpdates], [false, 'Saved.', false]);
  assert.deepEqual(controller.current(), before);
  assert.equal(controller.handlers(), handlers, 'the same runtime still serves');
});

test('quit drains: sessions end, stores close, acknowledged memories are on disk; it exits once', async (t) => {
  const { controller, shell, settings, dir } = setup(t);
  await controller.launch();
  const s = controller.current();
  const address = s.kind === 'running' ? s.address : '';
  const client = await mcpClient(address);
  await client.callTool({ name: 'add_memory', arguments: { user_input: 'Acknowledged just before quitting: oboe' } });
  const first = controller.quit();
  assert.equal(controller.quit(), first, 'a second Quit waits for the first');
  await first;
  assert.equal(shell.exits, 1);
  assert.equal(controller.hasStopped(), true);
  await assert.rejects(fetch(`${address}/health`));
  await client.close().catch(() => undefined);
  await controller.start();
  assert.equal(controller.current().kind, 'stopping', 'nothing starts once quitting');

  const runtime = createServerRuntime(serverConfigSchema.parse({ dataDir: join(dir, 'data'), ...settings.load() }), {
    settings,
    uiDir: dir,
  });
  t.after(() => runtime.close());
  const found = await runtime.memory.forUser('default').retrieve({ query: 'oboe', max_results: 5 });
  assert.match(JSON.stringify(found), /oboe/);
});

test('the dashboard in the app opens the Claude Desktop bundle with the OS and shows the version and updates', async (t) => {
  const { controller, shell } = setup(t);
  await controller.launch();
  const handlers = controller.handlers();
  const r = await handlers['connect.bundle']({});
  assert.equal(r.opened, true);
  assert.match(r.path, /dist[\\/]mcpb[\\/]memoryos\.mcpb$/);
  assert.deepEqual(shell.openedFiles, [r.path]);
  assert.match(r.message, /choose Install, paste a key from API keys/);
  assert.deepEqual(await handlers['app.updates']({}), {
    current: '1.0.0',
    supported: false,
    available: null,
    summary: 'Version 1.0.0 · updates come with installed builds',
    canCheck: false,
  });
});
