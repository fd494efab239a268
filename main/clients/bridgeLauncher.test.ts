import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { tempDataDir } from '../memory/testing.js';
import { bridgeLauncher, launcherFor, unpackedPath } from './bridgeLauncher.js';

test('inside a packaged app the bridge is read from app.asar.unpacked', () => {
  assert.equal(
    unpackedPath('/Applications/MemoryOS.app/Contents/Resources/app.asar/dist/bridge/memoryos-bridge.cjs'),
    '/Applications/MemoryOS.app/Contents/Resources/app.asar.unpacked/dist/bridge/memoryos-bridge.cjs',
  );
  assert.equal(
    unpackedPath('C:\\Users\\a b\\AppData\\Local\\Programs\\MemoryOS\\resources\\app.asar\\dist\\bridge\\x.cjs'),
    'C:\\Users\\a b\\AppData\\Local\\Programs\\MemoryOS\\resources\\app.asar.unpacked\\dist\\bridge\\x.cjs',
  );
  assert.equal(unpackedPath('/repo/dist/bridge/memoryos-bridge.cjs'), '/repo/dist/bridge/memoryos-bridge.cjs');
});

test('the app runs the bridge with its own executable as Node; a headless install with its node', (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const file = join(tmp.dir, 'memoryos-bridge.cjs');
  writeFileSync(file, '');
  assert.deepEqual(bridgeLauncher(file, { execPath: '/opt/MemoryOS/memoryos', electron: '41.0.0' }), {
    command: '/opt/MemoryOS/memoryos',
    args: [file],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
  assert.deepEqual(bridgeLauncher(file, { execPath: '/usr/bin/node' }), { command: '/usr/bin/node', args: [file] });
  assert.throws(
    () => bridgeLauncher(join(tmp.dir, 'missing.cjs')),
    (e: Error) => e instanceof AppError && /not built .* run "npm run build"/.test(e.message),
  );
});

test('a loopback server gets the bundled bridge (the one npm run build made); another host none', () => {
  const local = launcherFor('http://127.0.0.1:3000/mcp');
  assert.ok(local, 'npm test builds the bridge before the tests run');
  assert.equal(local.command, process.execPath);
  assert.match(local.args[0]!, /dist[\\/]bridge[\\/]memoryos-bridge\.cjs$/);
  assert.ok(launcherFor('http://localhost:3000/mcp'));
  assert.ok(launcherFor('http://[::1]:3000/mcp'));
  assert.equal(launcherFor('https://memory.example.org/mcp'), undefined);
  assert.equal(launcherFor('http://192.168.1.20:3000/mcp'), undefined);
});
