// The desktop app: a tray icon and a dashboard window around the same server runtime as `serve`.
import { app, BrowserWindow, clipboard, dialog, Menu, nativeImage, nativeTheme, Tray } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverConfigSchema, type ServerConfig } from '../../shared/config.js';
import type { DashboardHandlers } from '../api/handlers.js';
import { createServerRuntime, type ServerRuntime } from '../runtime.js';
import { wireDashboardIpc } from './ipc.js';
import { electronSettingsStore } from './settingsStore.js';
import { createDashboardWindow, hardenSession } from './window.js';

// Tests and portable setups point the app at their own folder.
if (process.env.MEMORYOS_USER_DATA) app.setPath('userData', process.env.MEMORYOS_USER_DATA);

const ASSETS = app.isPackaged
  ? join(process.resourcesPath, 'assets')
  : fileURLToPath(new URL('../../../assets', import.meta.url));
const STATUS_REFRESH_MS = 5000;

type Status = { state: 'running'; address: string } | { state: 'stopped' } | { state: 'error'; message: string };

let runtime: ServerRuntime | null = null;
let handlers: DashboardHandlers | null = null;
let status: Status = { state: 'stopped' };
let tray: Tray | null = null;
let win: BrowserWindow | null = null;
let quitting = false;
const settings = electronSettingsStore();

function loadConfig(): ServerConfig {
  const raw = settings.load();
  return serverConfigSchema.parse({ dataDir: join(app.getPath('userData'), 'data'), ...raw });
}

async function startServer(): Promise<void> {
  try {
    const config = loadConfig();
    runtime = createServerRuntime(config, { settings, onSettingsSaved: () => void restartServer() });
    const { url } = await runtime.listen();
    handlers = runtime.dashboard;
    status = { state: 'running', address: url };
  } catch (err) {
    status = { state: 'error', message: (err as Error).message };
    await runtime?.close().catch(() => undefined);
    runtime = null;
  }
  refreshTray();
}

async function stopServer(): Promise<void> {
  const r = runtime;
  runtime = null;
  status = { state: 'stopped' };
  await r?.close();
  refreshTray();
}

async function restartServer(): Promise<void> {
  await stopServer();
  await startServer();
}

function trayIcon(): Electron.NativeImage {
  if (process.platform === 'darwin') {
    const img = nativeImage.createFromPath(join(ASSETS, 'tray', 'trayTemplate.png'));
    img.setTemplateImage(true);
    return img;
  }
  return nativeImage.createFromPath(
    join(ASSETS, 'tray', nativeTheme.shouldUseDarkColors ? 'tray-dark.png' : 'tray-light.png'),
  );
}

function openDashboard(): void {
  if (win && !win.isDestroyed()) {
    win.show();
    win.focus();
    return;
  }
  win = createDashboardWindow(join(ASSETS, 'icon.png'));
  win.on('close', (e) => {
    // Closing the window keeps the app in the tray; Quit ends it.
    if (!quitting) {
      e.preventDefault();
      win?.hide();
    }
  });
}

function statusLine(): string {
  if (status.state === 'running')
    return `Running at ${status.address} · ${runtime?.sessions.count() ?? 0} open sessions`;
  if (status.state === 'error') return `Error: ${status.message.slice(0, 80)}`;
  return 'Paused';
}

function refreshTray(): void {
  if (!tray) return;
  tray.setToolTip(`MemoryOS: ${statusLine()}`);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: statusLine(), enabled: false },
      { type: 'separator' },
      { label: 'Open dashboard', click: openDashboard },
      {
        label: 'Copy connection details',
        enabled: status.state === 'running',
        click: () =>
          status.state === 'running' &&
          clipboard.writeText(
            `MCP endpoint: ${status.address}/mcp\nHeader: X-API-Key: <a key from the dashboard's API keys screen>`,
          ),
      },
      status.state === 'running'
        ? { label: 'Pause server', click: () => void stopServer() }
        : { label: 'Resume server', click: () => void startServer() },
      {
        label: 'Start at login',
        type: 'checkbox',
        checked: app.getLoginItemSettings().openAtLogin,
        click: (item) => app.setLoginItemSettings({ openAtLogin: item.checked }),
      },
      { type: 'separator' },
      { label: 'Quit MemoryOS', click: () => app.quit() },
    ]),
  );
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', openDashboard);
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  app.on('before-quit', (e) => {
    if (quitting) return;
    quitting = true;
    e.preventDefault();
    void stopServer().finally(() => app.exit(0));
  });
  void app.whenReady().then(async () => {
    hardenSession();
    wireDashboardIpc(
      () => {
        if (!handlers) throw new Error('the server is paused; resume it from the tray');
        return handlers;
      },
      () => win?.webContents ?? null,
    );
    tray = new Tray(trayIcon());
    nativeTheme.on('updated', () => tray?.setImage(trayIcon()));
    await startServer();
    setInterval(refreshTray, STATUS_REFRESH_MS).unref();
    if (status.state === 'error')
      void dialog.showMessageBox({
        type: 'error',
        message: 'MemoryOS could not start its server',
        detail: status.message,
      });
    openDashboard();
  });
}
