import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDataDir } from '../memory/testing.js';
import { launchDecision } from './launch.js';
import { loginItemFor, xdgAutostart, type LoginItem } from './loginItem.js';
import { trayMenu } from './trayMenu.js';
import { UpdateChecker } from './updates.js';

test('Linux: "Start at login" writes and removes an XDG autostart entry that starts the app hidden', (t) => {
  const tmp = tempDataDir('memoryos-xdg-');
  t.after(tmp.remove);
  const item = loginItemFor({
    platform: 'linux',
    env: { XDG_CONFIG_HOME: tmp.dir, APPIMAGE: '/home/a/Apps/MemoryOS 1.0 "beta".AppImage' },
  })!;
  const file = join(tmp.dir, 'autostart', 'memoryos.desktop');
  assert.equal(item.enabled(), false);
  item.set(true);
  assert.equal(item.enabled(), true);
  const entry = readFileSync(file, 'utf8');
  assert.match(entry, /^\[Desktop Entry\]\nType=Application\nName=MemoryOS\n/);
  assert.match(entry, /^Exec="\/home\/a\/Apps\/MemoryOS 1\.0 \\"beta\\"\.AppImage" --hidden$/m, 'the AppImage, quoted');
  item.set(false);
  assert.equal(existsSync(file), false);
  assert.equal(item.enabled(), false);

  const deb = xdgAutostart({ exec: '/opt/MemoryOS/memoryos', configHome: tmp.dir });
  deb.set(true);
  assert.match(readFileSync(deb.file, 'utf8'), /^Exec="\/opt\/MemoryOS\/memoryos" --hidden$/m);
});

test('macOS and Windows use the system login item; elsewhere the menu has no entry', () => {
  let on = false;
  const native: LoginItem = { enabled: () => on, set: (v) => void (on = v) };
  assert.equal(loginItemFor({ platform: 'darwin', native }), native);
  assert.equal(loginItemFor({ platform: 'win32', native }), native);
  assert.equal(loginItemFor({ platform: 'freebsd', native }), null);
  const updates = new UpdateChecker(null, '1.0.0').view();
  const without = trayMenu({ state: { kind: 'paused' }, openSessions: 0, startAtLogin: null, updates });
  assert.ok(!without.some((i) => i.type !== 'separator' && i.label === 'Start at login'));
  const withIt = trayMenu({ state: { kind: 'paused' }, openSessions: 0, startAtLogin: true, updates });
  assert.deepEqual(
    withIt.find((i) => i.type === 'checkbox'),
    { type: 'checkbox', id: 'toggle-start-at-login', label: 'Start at login', checked: true },
  );
});

test('one instance: a second launch quits (the first shows its window); a start at login stays in the tray', () => {
  assert.deepEqual(launchDecision({ gotLock: false, argv: [] }), { action: 'quit' });
  assert.deepEqual(launchDecision({ gotLock: true, argv: ['/opt/MemoryOS/memoryos'] }), {
    action: 'run',
    openWindow: true,
  });
  assert.deepEqual(launchDecision({ gotLock: true, argv: ['memoryos', '--hidden'] }), {
    action: 'run',
    openWindow: false,
  });
  assert.deepEqual(launchDecision({ gotLock: true, argv: ['MemoryOS'], openedAtLogin: true }), {
    action: 'run',
    openWindow: false,
  });
});
