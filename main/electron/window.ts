// The dashboard window: isolated, sandboxed, no Node, strict CSP, no navigation, no new windows.
import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { DASHBOARD_CSP } from '../api/uiRouter.js';

const PRELOAD = fileURLToPath(new URL('./preload.cjs', import.meta.url));
const INDEX = fileURLToPath(new URL('../../renderer/index.html', import.meta.url));

export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DASHBOARD_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

export function createDashboardWindow(icon: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 800,
    show: false,
    title: 'MemoryOS',
    icon,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadFile(INDEX);
  return win;
}

/** The one dashboard window: created on demand, hidden (not closed) until the app quits. */
export function dashboardWindow(icon: string): { open(): void; webContents(): WebContents | null; allowClose(): void } {
  let win: BrowserWindow | null = null;
  let closable = false;
  return {
    open() {
      if (win && !win.isDestroyed()) {
        win.show();
        win.focus();
        return;
      }
      win = createDashboardWindow(icon);
      win.on('close', (e) => {
        // Closing the window keeps the app in the tray; Quit ends it.
        if (!closable) {
          e.preventDefault();
          win?.hide();
        }
      });
    },
    webContents: () => (win && !win.isDestroyed() ? win.webContents : null),
    allowClose: () => void (closable = true),
  };
}
