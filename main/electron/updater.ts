// electron-updater behind the controller's UpdaterPort, reading the GitHub releases that the release
// workflow publishes (electron-builder.yml `publish`). Development builds have no feed: null.
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type { UpdaterPort } from '../desktop/updates.js';

export function electronUpdaterPort(): UpdaterPort | null {
  if (!app.isPackaged) return null;
  const { autoUpdater } = electronUpdater;
  // The controller decides when to check and download; a downloaded update also installs on a normal quit.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  return {
    async check() {
      const r = await autoUpdater.checkForUpdates();
      return r?.isUpdateAvailable ? { version: r.updateInfo.version } : null;
    },
    async download() {
      await autoUpdater.downloadUpdate();
    },
    install: () => autoUpdater.quitAndInstall(),
  };
}
