// The dashboard window: isolated, sandboxed, no Node, strict CSP, no navigation, no new windows.
import { BrowserWindow, session, shell } from 'electron';
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
