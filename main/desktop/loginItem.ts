// "Start at login". macOS and Windows have it built in (Electron's login item settings, passed in by
// main/electron); on Linux there is no such API, so the app writes an XDG autostart entry
// (~/.config/autostart/memoryos.desktop), which GNOME, KDE, Xfce and most other desktops honour.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface LoginItem {
  enabled(): boolean;
  set(enabled: boolean): void;
}

/** The flag the app is started with at login: it starts in the tray, without opening its window. */
export const HIDDEN_FLAG = '--hidden';

export interface XdgAutostartOptions {
  /** What to run: the AppImage file for an AppImage (its mount point changes each run), else the executable. */
  exec: string;
  configHome?: string;
}

export function xdgAutostart(opts: XdgAutostartOptions): LoginItem & { file: string } {
  const file = join(opts.configHome || join(homedir(), '.config'), 'autostart', 'memoryos.desktop');
  // The Exec line's own quoting rules (Desktop Entry Specification): quote the path, escape \ " ` $.
  const exec = `"${opts.exec.replace(/([\\"`$])/g, '\\$1')}" ${HIDDEN_FLAG}`;
  return {
    file,
    enabled: () => existsSync(file) && !/^Hidden=true$/m.test(readFileSync(file, 'utf8')),
    set(enabled) {
      if (!enabled) return rmSync(file, { force: true });
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(
        file,
        [
          '[Desktop Entry]',
          'Type=Application',
          'Name=MemoryOS',
          'Comment=One private long-term memory for every AI client',
          `Exec=${exec}`,
          'Terminal=false',
          'X-GNOME-Autostart-enabled=true',
          '',
        ].join('\n'),
      );
    },
  };
}

export interface LoginItemChoice {
  platform: NodeJS.Platform;
  /** Electron's login item settings, on the platforms that have them. */
  native?: LoginItem;
  env?: NodeJS.ProcessEnv;
  execPath?: string;
}

/** The login item this platform offers, or null where the menu should not show it. */
export function loginItemFor(c: LoginItemChoice): LoginItem | null {
  if (c.platform === 'darwin' || c.platform === 'win32') return c.native ?? null;
  if (c.platform === 'linux') {
    const env = c.env ?? process.env;
    return xdgAutostart({ exec: env.APPIMAGE || c.execPath || process.execPath, configHome: env.XDG_CONFIG_HOME });
  }
  return null;
}
