// The dashboard in a real browser (Debian's Chromium) against a real `serve` process: what a person
// does with it, at phone, tablet and desktop widths, light and dark. One server and one browser for
// the whole file; the last test restarts the server to see the trends survive it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { tempDataDir } from '../main/memory/testing.js';
import { CHROMIUM, ensureDashboardBuilt, launchChromium } from './fixtures/browser.js';
import {
  SCHEMES,
  SCREENS,
  WIDTHS,
  assertAccessible,
  assertNoSidewaysScroll,
  go,
  openPage,
  screenshot,
  signIn,
  slug,
} from './fixtures/dashboard.js';
import { callTool, connectClient } from './fixtures/server.js';
import { startServe, type ServeProcess } from './fixtures/serveProcess.js';

const ADMIN = 'dashboard-admin-key-0123456789';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: apt-get install -y chromium`;

const data = tempDataDir();
const home = tempDataDir('memoryos-home-');
const env = { MEMORYOS_DATA_DIR: data.dir, MCP_API_KEY: ADMIN, RATE_LIMIT_REQUESTS: '1000', HOME: home.dir };
let s: ServeProcess;
let browser: Browser;
/** The key the first run created for Cursor: a client key, not an admin. */
let cursorKey = '';

before(async () => {
  if (skip) return;
  ensureDashboardBuilt();
  s = await startServe(env);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await s?.stop();
  data.remove();
  home.remove();
});

const admin = (channel: string, body: unknown = {}, key = ADMIN) =>
  fetch(`${s.url}/admin/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': key },
    body: JSON.stringify(body),
  });

async function desktop(): Promise<Page> {
  const page = await openPage(browser, 1280);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.url });
  return page;
}

test('first run: name a key, pick the client, copy its configuration, watch the test pass', { skip }, async () => {
  const page = await desktop();
  await page.goto(`${s.url}/ui/`);
  await page.getByLabel('Admin API key').fill('not-the-key-0123456789');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
  await signIn(page, s.url, ADMIN);

  const flow = page.getByTestId('first-run');
  await flow.getByRole('heading', { name: 'Connect your first AI client' }).waitFor();
  await screenshot(page, 'first-run-1280-light');
  const phone = await openPage(browser, 360, 'dark');
  await signIn(phone, s.url, ADMIN);
  await phone.getByTestId('first-run').waitFor();
  await assertNoSidewaysScroll(phone, 'first run at 360 px, dark');
  await assertAccessible(phone, 'first run at 360 px, dark');
  await screenshot(phone, 'first-run-360-dark');
  await phone.context().close();
  await flow.getByRole('radio', { name: 'Cursor' }).check();
  const name = flow.getByLabel('Key name');
  assert.equal(await name.inputValue(), 'cursor', 'the name follows the client');
  await name.fill('Bad Name!');
  assert.equal(await name.evaluate((el: HTMLInputElement) => el.checkValidity()), false, 'a valid pattern');
  await flow.getByRole('button', { name: 'Create key' }).click();
  await flow.getByText('A key name is 1 to 64 characters').waitFor();
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  await name.fill('cursor');
  await flow.getByRole('button', { name: 'Create key' }).click();
  await flow.getByText('Key cursor created').waitFor();

  // A headless server writes nothing outside its data folder: the configuration is copied, not added
  // (the desktop app's own window adds it; main/api/handlers.test.ts).
  assert.equal(await flow.getByRole('button', { name: 'Add to Cursor' }).count(), 0);
  await flow.getByRole('button', { name: 'Copy the Cursor configuration' }).click();
  await flow.getByRole('button', { name: 'Copy the Cursor configuration' }).filter({ hasText: 'Copied' }).waitFor();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as {
    mcpServers: { memoryos: { headers: Record<string, string> } };
  };
  cursorKey = copied.mcpServers.memoryos.headers['X-API-Key']!;
  assert.match((await flow.locator('pre').textContent()) ?? '', new RegExp(cursorKey));
  assert.equal(existsSync(join(home.dir, '.cursor')), false, 'nothing written in the home folder');

  await flow.getByRole('button', { name: 'Test connection' }).click();
  await flow
    .getByTestId('first-run-ok')
    .filter({ hasText: /Connected: MemoryOS answered with \d+ tools/ })
    .waitFor();
  await flow.getByRole('button', { name: 'Finish' }).click();
  await flow.waitFor({ state: 'detached' });
  // A client has connected now: signing in again shows no first run.
  await signIn(page, s.url, ADMIN);
  await page.getByTestId('status').filter({ hasText: 'Running' }).waitFor();
  assert.equal(await page.getByTestId('first-run').count(), 0);
  await page.context().close();
});

test(
  'memories: own store first (unless empty beside others), timeline by day, search that says why, edit in place, delete',
  { skip },
  async () => {
    const page = await desktop();
    await signIn(page, s.url, ADMIN);
    await go(page, 'Memories');
    const picker = page.getByLabel('Whose memories');
    assert.equal(await picker.inputValue(), 'default', 'the signed-in key’s own memory first');
    await page.getByText('Nothing remembered yet.').waitFor();
    await picker.selectOption('cursor');

    // An import of 150 exchanges and one broken line: the report names both and stays.
    const day = 24 * 3600_000;
    const lines = Array.from({ length: 150 }, (_, i) => {
      const at = new Date(Date.now() - (150 - i) * day * 0.3).toISOString();
      const page = { id: `imp-${i}`, user_input: `Imported note number ${i}`, agent_response: 'Ok.', timestamp: at };
      const rest = { memory_type: 'note', tags: [], tier: 'short', meta_info: null, segment_id: null };
      const links = { pre_page: null, next_page: null, analyzed: false, created_at: at, updated_at: at };
      return JSON.stringify({ type: 'page', page: { ...page, ...rest, ...links } });
    });
    await page.getByLabel('Import a file').setInputFiles({
      name: 'notes.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${lines.join('\n')}\nthis line is not JSON\n`),
    });
    const report = page.getByTestId('import-report');
    await report.filter({ hasText: 'Imported 150 items from notes.jsonl' }).waitFor();
    await report.filter({ hasText: 'Refused 1.' }).waitFor();

    const { client } = await connectClient(s.url, { 'X-API-Key': cursorKey }, 'e2e-client');
    for (const [said, answer] of [
      ['My sister lives in Lisbon near the river', 'Lovely city.'],
      ['I drink oat milk flat whites', 'Noted.'],
      ['Remind me that the dentist is on Friday', 'Will do.'],
    ])
      await callTool(client, 'add_memory', { user_input: said, agent_response: answer });
    await page.reload();
    await signIn(page, s.url, ADMIN);
    await go(page, 'Memories');
    await page.getByTestId('memory-summary').filter({ hasText: '153 exchanges remembered' }).waitFor();
    assert.equal(
      await page.getByLabel('Whose memories').inputValue(),
      'cursor',
      'the admin’s own memory is empty: the screen opens on the one that holds memories',
    );
    await page.getByTestId('page').filter({ hasText: 'oat milk' }).waitFor();
    // Virtualised: a few rows in the page, not 153; the last one is reached by scrolling.
    const rows = await page.locator('.timeline > li').count();
    assert.ok(rows < 40, `${rows} rows rendered`);
    assert.ok((await page.locator('.timeline h3.day').count()) >= 2, 'a heading per day');
    const last = page.locator('.timeline > li[aria-posinset="153"]').getByTestId('page');
    // Rows are measured as they appear, so the bottom moves while scrolling towards it.
    for (let i = 0; i < 20 && !(await last.isVisible()); i++) {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(100);
    }
    await last.waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));

    // Search: why each hit matched; nothing relevant when nothing is; cleared with one button.
    const box = page.getByRole('searchbox', { name: 'Search memories' });
    await box.fill('where does my sister live');
    await box.press('Enter');
    const results = page.getByTestId('search-results');
    const lisbon = results.getByTestId('page').filter({ hasText: 'Lisbon' });
    await lisbon.waitFor();
    assert.deepEqual(await lisbon.locator('mark').allTextContents(), ['sister', 'lives']);
    await lisbon.getByText('Matched “sister”, “lives”').waitFor();
    assert.equal(await page.getByRole('tablist').count(), 0, 'results replace the tabs');
    await box.fill('xylophone quantum zebra');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await results.getByText('Nothing relevant to “xylophone quantum zebra”.').waitFor();
    assert.equal(await results.getByTestId('page').count(), 0);
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByRole('tablist', { name: 'Views of this memory' }).waitFor();
    assert.equal(await box.inputValue(), '');

    // Edit in place, in the card itself.
    await page.getByTestId('page').filter({ hasText: 'oat milk' }).getByRole('button', { name: 'Edit' }).click();
    const editor = page.locator('form.editor');
    await editor.getByLabel('You said').fill('I drink soy milk cappuccinos');
    await editor.getByRole('button', { name: 'Save' }).click();
    const soy = page.getByTestId('page').filter({ hasText: 'soy milk' });
    await soy.getByText('Saved.').waitFor();
    const edited = await callTool<{ retrieved_pages: { user_input: string }[] }>(client, 'retrieve_memory', {
      query: 'milk',
      max_results: 5,
    });
    assert.equal(edited.retrieved_pages[0]?.user_input, 'I drink soy milk cappuccinos');

    // Delete through an in-page dialog: Escape keeps it, the button deletes it.
    const dentist = page.getByTestId('page').filter({ hasText: 'dentist' });
    await dentist.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete this exchange?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await dentist.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dentist.waitFor({ state: 'detached' });
    await page.getByText('Deleted: no client will find it again.').first().waitFor();
    const gone = await callTool<{ retrieved_pages: { user_input: string }[] }>(client, 'retrieve_memory', {
      query: 'dentist Friday',
      max_results: 5,
    });
    assert.ok(!JSON.stringify(gone.retrieved_pages).includes('dentist'));

    // Tabs are a tablist: arrow keys move between them.
    await page.getByRole('tab', { name: 'Timeline' }).focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('tab', { name: 'Topics' }).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.getByRole('tabpanel').getByText('A short description of you').waitFor();
    await page.getByRole('textbox', { name: 'Profile' }).fill('Lives near Lisbon. Prefers short answers.');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved as version 1.').waitFor();
    await client.close();
    await page.context().close();
  },
);

test('API keys: dialogs for rename, limit and revoke; a refused save says why beside the field', { skip }, async () => {
  const page = await desktop();
  await signIn(page, s.url, ADMIN);
  await go(page, 'API keys');
  await page.getByLabel('New key name').fill('laptop');
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-key').textContent())!.trim();
  assert.ok(key.length >= 40);
  await page.getByRole('button', { name: 'Copy the key laptop' }).click();
  await page.getByRole('button', { name: 'Copy the key laptop' }).filter({ hasText: 'Copied' }).waitFor();

  const actions = (name: string) => page.getByRole('button', { name: `Actions for ${name}` });
  await actions('laptop').click();
  await page.getByRole('menuitem', { name: 'Rate limit…' }).click();
  const limit = page.getByRole('dialog', { name: 'Rate limit for laptop' });
  await limit.getByLabel(/Use the default/).uncheck();
  await limit.getByLabel('Requests', { exact: true }).fill('0');
  await limit.getByRole('button', { name: 'Apply' }).click();
  await limit.getByText('Must be at least 1.').waitFor();
  assert.equal(await limit.getByLabel('Requests', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByText('Applied').count(), 0, 'no success before the server confirmed');
  await limit.getByLabel('Requests', { exact: true }).fill('3');
  await limit.getByLabel('Per seconds').fill('60');
  await limit.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('status').filter({ hasText: 'Applied: laptop may make 3 requests per 60 seconds.' }).waitFor();
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++)
    statuses.push((await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': key } })).status);
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);

  await actions('laptop').click();
  await page.getByRole('menuitem', { name: 'Rename…' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename laptop' });
  await rename.getByLabel('New name').fill('cursor');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await rename
    .getByRole('alert')
    .filter({ hasText: /cursor/ })
    .waitFor();
  await rename.getByLabel('New name').fill('laptop-2');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await page.getByRole('status').filter({ hasText: 'Renamed laptop to laptop-2.' }).waitFor();

  await actions('laptop-2').click();
  await page.getByRole('menuitem', { name: 'Revoke…' }).click();
  await page.getByRole('alertdialog', { name: 'Revoke laptop-2?' }).getByRole('button', { name: 'Revoke key' }).click();
  await page.getByRole('status').filter({ hasText: 'Revoked laptop-2.' }).waitFor();
  assert.equal((await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': key } })).status, 401);

  // Revoking the key this dashboard is signed in with asks so, then signs out.
  await page.getByLabel('New key name').fill('second-admin');
  await page.getByLabel(/^Admin:/).check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const second = (await page.getByTestId('new-key').textContent())!.trim();
  await signIn(page, s.url, second);
  await go(page, 'API keys');
  await actions('second-admin').click();
  await page.getByRole('menuitem', { name: 'Revoke…' }).click();
  const self = page.getByRole('alertdialog', { name: 'Revoke second-admin, the key you are signed in with?' });
  await self.getByRole('button', { name: 'Revoke and sign out' }).click();
  await page.getByText('You revoked second-admin, the key you were signed in with.').waitFor();
  await page.getByLabel('Admin API key').waitFor();
  await page.context().close();
});

test('settings: a refused value is named beside its field, "Saved" only once the server saved', { skip }, async () => {
  const page = await desktop();
  await signIn(page, s.url, ADMIN);
  await go(page, 'Settings');
  const port = page.getByLabel('Port');
  const before = await port.inputValue();
  await port.fill('99999');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Must be at most 65535.').waitFor();
  assert.equal(await port.getAttribute('aria-invalid'), 'true');
  await page.getByRole('alert').filter({ hasText: 'One setting needs attention' }).waitFor();
  assert.equal(await page.getByText(/^Saved/).count(), 0);
  await port.fill(before);
  // What the next start would refuse is refused here, beside the field, naming the item.
  const proxies = page.getByLabel('Trusted proxies');
  await proxies.fill('loopback, 999.1.1.1');
  await page.getByLabel('Host', { exact: true }).fill('not a host!!');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('“999.1.1.1”: Must be an IP address').waitFor();
  await page.getByText('Must be an IP address (127.0.0.1').waitFor();
  await page.getByRole('alert').filter({ hasText: '2 settings need attention' }).waitFor();
  assert.equal(await page.getByText(/^Saved/).count(), 0);
  await proxies.fill('');
  await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await page.getByLabel('Requests per key').fill('500');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /^Saved/ })
    .waitFor();
  const limits = (await (await admin('rateLimits.get')).json()) as { requests: number };
  assert.equal(limits.requests, 500, 'the default limit applies at once');
  const file = JSON.parse(readFileSync(join(data.dir, 'settings.json'), 'utf8')) as { rateLimit: unknown };
  assert.deepEqual(file.rateLimit, { requests: 500, windowSeconds: 3600 });
  await page.context().close();
});

test('sessions: a connected client is listed and disconnected through a dialog', { skip }, async () => {
  const { client } = await connectClient(s.url, { 'X-API-Key': cursorKey }, 'session-client');
  const page = await desktop();
  await signIn(page, s.url, ADMIN);
  await go(page, 'Sessions');
  const row = page.getByTestId('session-row').filter({ hasText: 'session-client' });
  await row.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
  await row.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'Disconnected session-client' }).waitFor();
  await assert.rejects(client.listTools());
  // Closed, so that it stops trying to reopen its event stream (a client request the trends would count).
  await client.close();
  await page.context().close();
});

test('keyboard: the menu, a row’s actions and a dialog that keeps focus and closes on Escape', { skip }, async () => {
  const page = await openPage(browser, 360);
  await signIn(page, s.url, ADMIN);
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.focus();
  await page.keyboard.press('Enter');
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1, name: 'API keys' });
  await heading.waitFor();
  assert.equal(await heading.evaluate((h) => h === document.activeElement), true, 'the heading takes the focus');
  const actions = page.getByRole('button', { name: 'Actions for cursor' });
  await actions.focus();
  await page.keyboard.press('Enter');
  const first = page.getByRole('menuitem', { name: 'Rename…' });
  await first.waitFor();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await first.evaluate((m) => m === document.activeElement), true, 'arrow keys move in the menu');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Rename cursor' });
  await dialog.waitFor();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    const inside = await dialog.evaluate((d) => d.contains(document.activeElement));
    const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200));
    assert.ok(inside, `focus left the dialog at Tab ${i}: ${at}`);
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await actions.evaluate((b) => b === document.activeElement), true, 'focus returns to the button');
  await page.context().close();
});

test(
  'every screen at 360, 768 and 1280 px, light and dark: no sideways scroll, no serious axe finding',
  { skip },
  async () => {
    for (const width of WIDTHS)
      for (const scheme of SCHEMES) {
        const page = await openPage(browser, width, scheme);
        const where = (name: string) => `${name} at ${width} px, ${scheme}`;
        await page.goto(`${s.url}/ui/`);
        await page.getByLabel('Admin API key').waitFor();
        await assertAccessible(page, where('sign-in'));
        if (width !== 768) await screenshot(page, `sign-in-${width}-${scheme}`);
        await signIn(page, s.url, ADMIN);
        for (const name of SCREENS) {
          await go(page, name);
          if (name === 'Memories') {
            await page.getByLabel('Whose memories').selectOption('cursor');
            await page.getByTestId('page').first().waitFor();
          }
          if (name === 'Overview') await page.getByTestId('traffic-chart').locator('canvas').waitFor();
          if (name === 'Connect') {
            await page.getByLabel('API key for the client').fill(cursorKey);
            await page.getByRole('button', { name: 'Show configuration' }).click();
            await page.getByTestId('connect-vscode').waitFor();
          }
          await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
          await assertNoSidewaysScroll(page, where(name));
          await assertAccessible(page, where(name));
          if (width !== 768) await screenshot(page, `${slug(name)}-${width}-${scheme}`);
        }
        // A menu and a dialog, open.
        await go(page, 'API keys');
        await page.getByRole('button', { name: 'Actions for cursor' }).click();
        await page.getByRole('menuitem', { name: 'Rename…' }).waitFor();
        await assertAccessible(page, where('actions menu'));
        await page.getByRole('menuitem', { name: 'Rate limit…' }).click();
        await page.getByRole('dialog').waitFor();
        await assertNoSidewaysScroll(page, where('rate limit dialog'));
        await assertAccessible(page, where('rate limit dialog'));
        if (width !== 768) await screenshot(page, `dialog-${width}-${scheme}`, false);
        await page.context().close();
      }
  },
);

test('the admin API refuses non-admin keys and invalid requests, with sentences per field', { skip }, async () => {
  assert.equal((await admin('keys.list', {}, cursorKey)).status, 403);
  const bad = await admin('keys.create', { name: 'Bad Name!' });
  assert.equal(bad.status, 400);
  const body = (await bad.json()) as { message: string; fields: Record<string, string> };
  assert.match(body.fields.name!, /key name/);
  assert.equal((await admin('no.such.channel')).status, 400);
  const ui = await fetch(`${s.url}/ui/`);
  assert.match(ui.headers.get('content-security-policy') ?? '', /default-src 'self'/);
});

test('trends survive a restart, and the dashboard’s own traffic is not in them', { skip }, async () => {
  const read = async () => {
    const page = await desktop();
    await signIn(page, s.url, ADMIN);
    const chart = page.getByRole('img', { name: /^Client requests, errors and 429s per 1-minute interval/ });
    await chart.locator('canvas').waitFor();
    const requests = Number(await page.getByTestId('trend-requests').textContent());
    await page.context().close();
    return requests;
  };
  const before = await read();
  assert.ok(before > 0, 'the clients’ requests of the tests above');
  await s.stop();
  s = await startServe(env);
  const again = await read();
  assert.equal(again, before, 'the same figures after the restart; signing in and polling added none');
});

test('the last admin key cannot be revoked: the dialog says so before anything is clicked', { skip }, async (t) => {
  const own = tempDataDir();
  t.after(own.remove);
  const alone = await startServe({ MEMORYOS_DATA_DIR: own.dir, HOME: home.dir });
  t.after(() => alone.stop());
  const key = (await alone.waitForStdout(/API key: (\S+)/))[1]!;
  const page = await desktop();
  await signIn(page, alone.url, key);
  await go(page, 'API keys');
  await page.getByRole('button', { name: 'Actions for default' }).click();
  await page.getByRole('menuitem', { name: 'Revoke…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'default is the last admin key' });
  await dialog.getByText(/nobody could open this dashboard, so it cannot be revoked/).waitFor();
  assert.equal(await dialog.getByRole('button', { name: /Revoke/ }).count(), 0, 'nothing to confirm');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
  assert.equal(await page.getByTestId('key-default').getByText('Revoked').count(), 0);
  await page.context().close();
});
