// The desktop app itself, through Playwright's Electron driver. Electron's binary cannot be
// downloaded on the build machines here, so this runs where one is installed (release CI).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron as electron } from 'playwright';
import { tempDataDir } from '../main/memory/testing.js';
import { ROOT } from './fixtures/serveProcess.js';

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const skip = binary
  ? false
  : 'no Electron binary installed (its download is blocked here); run `node node_modules/electron/install.js` where the network allows, then `npm test`';

test('the app starts its server, shows the dashboard over IPC, and keeps a tray', { skip }, async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(ROOT, 'dist', 'main', 'electron', 'main.js')],
    env: { ...process.env, MEMORYOS_USER_DATA: tmp.dir, ELECTRON_ENABLE_LOGGING: '1' },
  });
  t.after(() => app.close());
  const window = await app.firstWindow();
  await window.getByTestId('status').filter({ hasText: 'running' }).waitFor({ timeout: 30_000 });
  const isolated = await window.evaluate(
    () =>
      typeof (globalThis as { require?: unknown }).require === 'undefined' &&
      typeof (window as { memoryos?: unknown }).memoryos === 'object',
  );
  assert.equal(isolated, true, 'no Node in the renderer; only the contract bridge');
  await window.getByRole('button', { name: 'API keys' }).click();
  await window.getByLabel('New key name').fill('desktop-test');
  await window.getByRole('button', { name: 'Create key' }).click();
  const key = (await window.getByTestId('new-key').textContent())!.trim();
  const address = await window.evaluate(() =>
    (
      window as unknown as { memoryos: { invoke: (c: string, r: unknown) => Promise<{ value: { address: string } }> } }
    ).memoryos.invoke('overview.get', {}),
  );
  const res = await fetch(`${address.value.address}/admin/stats`, { headers: { 'X-API-Key': key } });
  assert.equal(res.status, 200);
  const refused = await window.evaluate(() =>
    (
      window as unknown as { memoryos: { invoke: (c: string, r: unknown) => Promise<{ ok: boolean }> } }
    ).memoryos.invoke('keys.create', { name: 'Bad Name' }),
  );
  assert.equal(refused.ok, false, 'main validates IPC requests with the contract');
  await window.close();
  const stillRunning = await app.evaluate(({ app: a }) => a.isReady());
  assert.equal(stillRunning, true, 'closing the window keeps the app in the tray');
});
