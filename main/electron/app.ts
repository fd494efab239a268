// The desktop app's Electron side: it builds the controller (main/desktop) with the server runtime
// (main/runtime.ts) and the few things only Electron can do, renders the controller's tray menu and
// forwards clicks and IPC to it. Nothing runs at import: main.ts calls runApp().
import { app, clipboard, dialog, shell } from 'electron';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverConfigSchema } from '../../shared/config.js';
import { DesktopController } from '../desktop/controller.js';
import { launchDecision } from '../desktop/launch.js';
import { HIDDEN_FLAG, loginItemFor } from '../desktop/loginItem.js';
import { UpdateChecker } from '../desktop/updates.js';
import { AppError } from '../errors.js';
import { createServerRuntime } from '../runtime.js';
import { wireDashboardIpc } from './ipc.js';
import { createLogger } from '../server/logger.js';
import { electronSettingsStore } from './settingsStore.js';
import { createTray } from './tray.js';
import { electronUpdaterPort } from './updater.js';
import { dashboardWindow, hardenSession } from './window.js';

const STATUS_REFRESH_MS = 5000;

const assetsDir = () =>
  app.isPackaged ? join(process.resourcesPath, 'assets') : fileURLToPath(new URL('../../../assets', import.meta.url));

export function runApp(): void {
  // Tests and portable setups point the app at their own folder.
  if (process.env.MEMORYOS_USER_DATA) app.setPath('userData', process.env.MEMORYOS_USER_DATA);
  const decision = launchDecision({
    gotLock: app.requestSingleInstanceLock(),
    argv: process.argv,
    openedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
  });
  if (decision.action === 'quit') return app.quit();
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  void app.whenReady().then(() => onReady(decision.openWindow));
}

async function onReady(openWindow: boolean): Promise<void> {
  hardenSession();
  const assets = assetsDir();
  const settings = electronSettingsStore();
  const windows = dashboardWindow(join(assets, 'icon.png'));
  let tray: { render(): void } | null = null;
  const refresh = () => tray?.render();
  const controller = new DesktopController({
    loadConfig: () => serverConfigSchema.parse({ dataDir: join(app.getPath('userData'), 'data'), ...settings.load() }),
    settingsLocation: settings.location,
    createRuntime: (config, hooks) => createServerRuntime(config, { settings, owner: 'MemoryOS Desktop', ...hooks }),
    shell: {
      openDashboard: () => windows.open(),
      copyText: (text) => clipboard.writeText(text),
      async openPath(file) {
        const failure = await shell.openPath(file);
        if (failure)
          throw new AppError(
            'unavailable',
            `No app here opens ${basename(file)} (${failure}); install Claude Desktop first.`,
          );
      },
      showError: (d) =>
        void dialog.showMessageBox({ type: 'error', title: d.title, message: d.message, detail: d.detail }),
      refresh,
      exit: () => app.quit(),
    },
    loginItem: loginItemFor({
      platform: process.platform,
      native: {
        enabled: () => app.getLoginItemSettings().openAtLogin,
        set: (openAtLogin) => app.setLoginItemSettings({ openAtLogin, args: [HIDDEN_FLAG] }),
      },
    }),
    updates: new UpdateChecker(electronUpdaterPort(), app.getVersion(), refresh),
  });
  app.on('second-instance', () => windows.open());
  app.on('before-quit', (e) => {
    windows.allowClose();
    if (controller.hasStopped()) return;
    e.preventDefault();
    void controller.quit();
  });
  wireDashboardIpc(
    () => controller.handlers(),
    () => windows.webContents(),
    createLogger('info'),
  );
  tray = createTray(assets, controller);
  await controller.launch();
  setInterval(refresh, STATUS_REFRESH_MS).unref();
  if (openWindow) windows.open();
}
