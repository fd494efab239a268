// The dashboard in a real browser against a real `serve` process: what a person does with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDataDir } from '../main/memory/testing.js';
import { callTool, connectClient } from './fixtures/server.js';
import { CHROMIUM, artifactPath, ensureDashboardBuilt, launchChromium } from './fixtures/browser.js';
import { startServe } from './fixtures/serveProcess.js';

const ADMIN = 'dashboard-admin-key-0123456789';

test(
  'log in, manage keys, see and edit memories, sessions and limits from the browser',
  { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: apt-get install -y chromium` },
  async (t) => {
    ensureDashboardBuilt();
    const tmp = tempDataDir();
    t.after(tmp.remove);
    const home = tempDataDir('memoryos-home-');
    t.after(home.remove);
    const s = await startServe({
      MEMORYOS_DATA_DIR: tmp.dir,
      MCP_API_KEY: ADMIN,
      RATE_LIMIT_REQUESTS: '1000',
      HOME: home.dir,
    });
    t.after(() => s.stop());
    const browser = await launchChromium();
    t.after(() => browser.close());
    const page = await browser.newPage();
    page.on('dialog', (d) => void (d.type() === 'prompt' ? d.accept('laptop-renamed') : d.accept()));

    await page.goto(`${s.url}/ui/`);
    await page.getByLabel('Admin API key').fill('not-the-key-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
    await page.screenshot({ path: artifactPath('01-login.png') });
    await page.getByLabel('Admin API key').fill(ADMIN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('status').filter({ hasText: 'running' }).waitFor();
    await page.screenshot({ path: artifactPath('02-overview.png') });

    // Create a key and use it from a real MCP client.
    await page.getByRole('button', { name: 'API keys' }).click();
    await page.getByLabel('New key name').fill('laptop');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key').textContent())!.trim();
    assert.ok(key.length >= 40);
    // A key created with its own limit: the limit shows on its row and applies from its first request.
    await page.getByLabel('New key name').fill('script');
    await page.getByLabel('own limit: requests').fill('2');
    await page.getByLabel('per seconds').first().fill('60');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByTestId('key-script').waitFor();
    const scriptKey = (await page.getByTestId('new-key').textContent())!.trim();
    assert.notEqual(scriptKey, key);
    assert.equal(await page.getByLabel('limit for script: requests').inputValue(), '2');
    const scriptStatuses: number[] = [];
    for (let i = 0; i < 3; i++)
      scriptStatuses.push((await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': scriptKey } })).status);
    assert.deepEqual(scriptStatuses, [200, 200, 429]);
    await page.screenshot({ path: artifactPath('03-keys.png') });

    // Connect: the exact configuration, a connection test, and a one-click install into Cursor.
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByLabel('API key for the client').fill(key);
    await page.getByRole('button', { name: 'Show configuration' }).click();
    await page
      .getByTestId('connect-claude-desktop')
      .getByText(/memoryos-bridge\.cjs/)
      .waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/Connected: 7 tools/).waitFor();
    await page.getByRole('button', { name: 'Add to Cursor' }).click();
    await page.getByText(/Wrote .*mcp\.json/).waitFor();
    await page.screenshot({ path: artifactPath('03b-connect.png') });
    const cursorConfig = JSON.parse(readFileSync(join(home.dir, '.cursor', 'mcp.json'), 'utf8')) as {
      mcpServers: { memoryos: { headers: Record<string, string> } };
    };
    assert.equal(cursorConfig.mcpServers.memoryos.headers['X-API-Key'], key);

    const { client } = await connectClient(s.url, { 'X-API-Key': key }, 'e2e-client');
    await callTool(client, 'add_memory', {
      user_input: 'My sister lives in Lisbon near the river',
      agent_response: 'Lovely city.',
    });
    await callTool(client, 'add_memory', { user_input: 'I drink oat milk flat whites', agent_response: 'Noted.' });
    await callTool(client, 'add_memory', {
      user_input: 'Remind me that the dentist is on Friday',
      agent_response: 'Will do.',
    });

    // See them, search, edit, delete.
    await page.getByRole('button', { name: 'Memories' }).click();
    await page.getByLabel('User', { exact: true }).selectOption('laptop');
    await page.getByTestId('page').filter({ hasText: 'oat milk' }).waitFor();
    assert.equal(await page.getByTestId('page').count(), 3);
    await page.getByLabel('Search memories').fill('where does my sister live');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const results = page.getByTestId('search-results');
    await results.getByTestId('page').first().filter({ hasText: 'Lisbon' }).waitFor();
    await page.screenshot({ path: artifactPath('04-memories-search.png') });
    const milk = page.getByRole('tabpanel').getByTestId('page').filter({ hasText: 'oat milk' });
    await milk.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('tabpanel').getByLabel('User said').fill('I drink soy milk cappuccinos');
    await page.getByRole('tabpanel').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('tabpanel').getByTestId('page').filter({ hasText: 'soy milk' }).waitFor();
    const edited = await callTool<{ retrieved_pages: { user_input: string }[] }>(client, 'retrieve_memory', {
      query: 'milk',
      max_results: 5,
    });
    assert.equal(edited.retrieved_pages[0]?.user_input, 'I drink soy milk cappuccinos');
    await page
      .getByRole('tabpanel')
      .getByTestId('page')
      .filter({ hasText: 'dentist' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByRole('tabpanel').getByTestId('page').filter({ hasText: 'dentist' }).waitFor({ state: 'detached' });
    const gone = await callTool<{ short_term_memory: { user_input: string }[] }>(client, 'retrieve_memory', {
      query: 'dentist Friday',
      max_results: 5,
    });
    assert.ok(!JSON.stringify(gone.short_term_memory).includes('dentist'));

    // See the session and disconnect it.
    await page.getByRole('button', { name: 'Sessions' }).click();
    await page.getByTestId('session-row').filter({ hasText: 'e2e-client' }).waitFor();
    await page.screenshot({ path: artifactPath('05-sessions.png') });
    await page
      .getByTestId('session-row')
      .filter({ hasText: 'e2e-client' })
      .getByRole('button', { name: 'Disconnect' })
      .click();
    await page.getByText('No client is connected.').waitFor();
    await assert.rejects(client.listTools());

    // A per-key rate limit applies at once.
    await page.getByRole('button', { name: 'API keys' }).click();
    await page.getByLabel('limit for laptop: requests').fill('3');
    await page.getByLabel('limit for laptop: requests').press('Enter');
    await page.getByTestId('key-laptop').getByText('Applied.').waitFor();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': key } })).status);
    assert.ok(statuses.includes(429), `statuses ${statuses}`);
    assert.equal(statuses.filter((x) => x === 200).length <= 3, true);

    // Revoke: the client is refused.
    await page.getByTestId('key-laptop').getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('key-laptop').getByText('revoked').first().waitFor();
    assert.equal((await fetch(`${s.url}/admin/stats`, { headers: { 'X-API-Key': key } })).status, 401);

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Port').fill('99999');
    await page.getByText('Too big').or(page.locator('#err-portText')).first().waitFor();
    await page.screenshot({ path: artifactPath('06-settings.png') });
    await page.getByRole('button', { name: 'Overview' }).click();
    await page.getByTestId('status').waitFor();
  },
);

test('the admin API refuses non-admin keys and invalid requests', async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const s = await startServe({
    MEMORYOS_DATA_DIR: tmp.dir,
    MCP_API_KEY: ADMIN,
    MCP_API_KEYS: 'alice:alice-key-0123456789abcdef',
  });
  t.after(() => s.stop());
  const post = (key: string, channel: string, body: unknown) =>
    fetch(`${s.url}/admin/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-API-Key': key },
      body: JSON.stringify(body),
    });
  assert.equal((await post('alice-key-0123456789abcdef', 'keys.list', {})).status, 403);
  assert.equal((await post(ADMIN, 'keys.list', {})).status, 200);
  const bad = await post(ADMIN, 'keys.create', { name: 'Bad Name!' });
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { message: string }).message, /key name/);
  assert.equal((await post(ADMIN, 'no.such.channel', {})).status, 400);
  const ui = await fetch(`${s.url}/ui/`);
  assert.match(ui.headers.get('content-security-policy') ?? '', /default-src 'self'/);
});
