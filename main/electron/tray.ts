// The tray icon and its menu, drawn from the controller's menu data; clicks go back to it.
import { Menu, nativeImage, nativeTheme, Tray, type MenuItemConstructorOptions } from 'electron';
import { join } from 'node:path';
import type { TrayAction, TrayItem } from '../desktop/trayMenu.js';

export interface TraySource {
  menu(): TrayItem[];
  tooltip(): string;
  handle(action: TrayAction): Promise<void>;
}

function icon(assets: string): Electron.NativeImage {
  if (process.platform === 'darwin') {
    const img = nativeImage.createFromPath(join(assets, 'tray', 'trayTemplate.png'));
    img.setTemplateImage(true);
    return img;
  }
  return nativeImage.createFromPath(
    join(assets, 'tray', nativeTheme.shouldUseDarkColors ? 'tray-dark.png' : 'tray-light.png'),
  );
}

function toElectron(item: TrayItem, source: TraySource): MenuItemConstructorOptions {
  switch (item.type) {
    case 'separator':
      return { type: 'separator' };
    case 'label':
      return { label: item.label, enabled: false };
    case 'action':
      return { label: item.label, enabled: item.enabled, click: () => void source.handle(item.id) };
    case 'checkbox':
      return { label: item.label, type: 'checkbox', checked: item.checked, click: () => void source.handle(item.id) };
  }
}

export function createTray(assets: string, source: TraySource): { render(): void } {
  const tray = new Tray(icon(assets));
  nativeTheme.on('updated', () => tray.setImage(icon(assets)));
  const render = () => {
    tray.setToolTip(source.tooltip());
    tray.setContextMenu(Menu.buildFromTemplate(source.menu().map((i) => toElectron(i, source))));
  };
  render();
  return { render };
}
