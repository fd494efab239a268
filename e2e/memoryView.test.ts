// The memory view as a chat client shows it: a real `serve` process, a host page in Chromium that
// connects with a real key (SDK client) and loads the view through the extension's AppBridge into
// a sandboxed frame under the CSP its resource declares, then a person reading and correcting.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Frame, Page } from 'playwright';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import type { RetrieveMemoryResult } from '../shared/tools.js';
import { ensureMemoryViewBuilt, startAppHost } from './fixtures/appHost.js';
import { CHROMIUM, artifactPath, launchChromium } from './fixtures/browser.js';
import { callTool, connectClient } from './fixtures/server.js';
import { startServe } from './fixtures/serveProcess.js';

const ALICE = 'alice-view-key-0123456789abcdef';
const BOB = 'bob-view-key-0123456789abcdef00';
const BOB_SECRET = 'the spare key is under the blue heron planter';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: apt-get install -y chromium`;

/** Alice's memory as months of use leave it, and one page of Bob's; written before the server starts. */
async function seed(dataDir: string): Promise<{ bobPage: string }> {
  const service = openTestService(dataDir);
  const alice = service.forUser('alice');
  const said: [string, string, string][] = [
    ['2025-03-14T18:20:00Z', 'I moved to Porto last week, near Bonfim.', 'Welcome to Porto! Bonfim is lovely.'],
    ['2025-04-02T09:05:00Z', 'I started bouldering at the climbing gym in Campanhã.', 'Great way to meet people.'],
    ['2025-05-19T20:40:00Z', 'Climbing twice a week now; my forearms hurt.', 'Rest days help; try antagonist work.'],
    ['2025-06-01T12:00:00Z', 'My sister Ana visits in July, she loves climbing too.', 'You could take her to the gym.'],
    ['2025-06-03T08:15:00Z', 'I prefer oat milk in my coffee.', 'Noted.'],
  ];
  for (const [timestamp, user_input, agent_response] of said)
    await alice.add({ user_input, agent_response, timestamp, memory_type: 'conversation', tags: [] });
  await alice.importLines([
    {
      type: 'profile',
      profile: {
        version: 1,
        text: '- Lives in Porto, near Bonfim\n- Climbs twice a week\n- Prefers oat milk',
        source: 'import',
        created_at: '2025-06-03T09:00:00Z',
      },
    },
    ...[
      ['k_gym', 'user', 'Boulders at a climbing gym in Campanhã'],
      ['k_sister', 'user', 'Has a sister, Ana, who also climbs'],
      ['k_rest', 'assistant', 'Rest days of 48 hours help forearm recovery for climbing'],
    ].map(([id, kind, text]) => ({
      type: 'knowledge',
      knowledge: { id, kind, text, source_page_ids: [], created_at: '2025-06-03T09:00:00Z' },
    })),
  ]);
  const bob = service.forUser('bob');
  const bobPage = (
    await bob.add({ user_input: `Remember: ${BOB_SECRET}`, agent_response: 'Noted.', memory_type: 'note', tags: [] })
  ).memory_id;
  await service.close();
  return { bobPage };
}

interface Harness {
  page: Page;
  serveUrl: string;
  bobPage: string;
}

async function harness(t: TestContext): Promise<Harness> {
  ensureMemoryViewBuilt();
  const data = tempDataDir();
  t.after(data.remove);
  const { bobPage } = await seed(data.dir);
  const serve = await startServe({
    MEMORYOS_DATA_DIR: data.dir,
    MCP_API_KEYS: `alice:${ALICE},bob:${BOB}`,
    RATE_LIMIT_REQUESTS: '10000',
  });
  t.after(() => serve.stop());
  const host = await startAppHost();
  t.after(host.stop);
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 412, height: 1400 }, deviceScaleFactor: 2 });
  // The view must confirm inside itself: a browser dialog fails the test.
  page.on('dialog', (d) => {
    void d.dismiss();
    assert.fail(`the view opened a ${d.type()} dialog: ${d.message()}`);
  });
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  t.after(() => assert.deepEqual(cspViolations, [], 'the view loads nothing the CSP forbids'));
  await page.goto(host.url);
  await onHost(page, 'connect', `${serve.url}/mcp`, ALICE);
  return { page, serveUrl: serve.url, bobPage };
}

/** The host page's API (e2e/fixtures/appHost/host.ts), called from here in the page. */
type HostMethod = 'connect' | 'show' | 'setContext';
interface Seen {
  sizes: { width?: number; height?: number }[];
  modelContext: string[];
  displayMode: string;
}

function onHost<T = void>(page: Page, method: HostMethod, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([m, a]) =>
      (window as unknown as { memoryHost: Record<string, (...x: unknown[]) => Promise<unknown>> }).memoryHost[m]!(...a),
    [method, args] as const,
  ) as Promise<T>;
}

const seenBy = (page: Page) =>
  page.evaluate(() => (window as unknown as { memoryHost: { seen: Seen } }).memoryHost.seen);

const context = (theme: 'light' | 'dark') => ({
  theme,
  displayMode: 'inline',
  availableDisplayModes: ['inline', 'fullscreen'],
  containerDimensions: { maxWidth: 380, maxHeight: 4000 },
  locale: 'en-GB',
  timeZone: 'Europe/Lisbon',
  platform: 'web',
});

function viewFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'the view is in a frame');
  return frame;
}

/** A JSON-RPC request sent from inside the view's frame, as any script in it could. */
function sendFromView(frame: Frame, id: number, method: string, params: unknown): Promise<Record<string, unknown>> {
  return frame.evaluate(
    ([id, method, params]) =>
      new Promise<Record<string, unknown>>((resolve) => {
        window.addEventListener('message', (e: MessageEvent) => {
          if ((e.data as { id?: unknown })?.id === id) resolve(e.data as Record<string, unknown>);
        });
        window.parent.postMessage({ jsonrpc: '2.0', id, method, params }, '*');
      }),
    [id, method, params] as const,
  );
}

test(
  'retrieve_memory opens the card in a sandboxed frame; a memory deleted there is gone from the store',
  { skip },
  async (t) => {
    const { page, serveUrl, bobPage } = await harness(t);
    const result = await onHost<CallToolResult>(
      page,
      'show',
      'retrieve_memory',
      { query: 'Where do I go climbing?', max_results: 4 },
      context('light'),
    );
    const retrieved = result.structuredContent as unknown as RetrieveMemoryResult;
    assert.ok(retrieved.retrieved_pages.length >= 2);
    const view = page.frameLocator('iframe');
    await view.getByRole('heading', { name: 'What MemoryOS remembered' }).waitFor();

    // The card shows what the tool returned: each page with its date and why it matched, the profile
    // lines and the knowledge entries.
    const shown = view.locator('li.page');
    const pages = [...retrieved.retrieved_pages, ...retrieved.short_term_memory];
    assert.equal(await shown.count(), new Set(pages.map((p) => p.memory_id)).size);
    for (const p of retrieved.retrieved_pages) {
      const item = view.locator(`li[data-memory-id="${p.memory_id}"]`);
      assert.equal(await item.locator('.said').textContent(), p.user_input);
      assert.equal(await item.locator('time').getAttribute('datetime'), p.timestamp);
    }
    const climbing = view.locator('li.page').filter({ hasText: 'Climbing twice a week' });
    assert.match((await climbing.locator('.why').textContent())!, /mentions “climbing”/);
    for (const line of ['Lives in Porto, near Bonfim', 'Climbs twice a week', 'Prefers oat milk'])
      await view.locator('li.line').filter({ hasText: line }).waitFor();
    for (const k of retrieved.retrieved_user_knowledge) await view.locator(`li[data-knowledge-id="${k.id}"]`).waitFor();

    // Theme, size and narrow width: it reports its height, fits 380 px, and follows a theme change.
    const frame = viewFrame(page);
    const seen = await seenBy(page);
    assert.ok(seen.sizes.length > 0 && seen.sizes.at(-1)!.height! > 200, 'the view reports its size');
    assert.ok(await frame.evaluate(() => document.documentElement.scrollWidth <= 380), 'no sideways scrolling');
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), 'light');
    await page.locator('iframe').screenshot({ path: artifactPath('memory-view-light.png') });
    await onHost(page, 'setContext', { theme: 'dark' });
    await frame.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const background = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(background, 'rgb(255, 255, 255)');
    await page.locator('iframe').screenshot({ path: artifactPath('memory-view-dark.png') });
    await onHost(page, 'setContext', { theme: 'light' });

    // Delete: the confirmation is part of the card; cancelling keeps the memory.
    const oat = view.locator('li.page').filter({ hasText: 'oat milk' });
    const doomed = (await oat.getAttribute('data-memory-id'))!;
    await oat.getByRole('button', { name: 'Delete this memory' }).click();
    await oat.getByRole('alertdialog').waitFor();
    await oat.getByRole('button', { name: 'Cancel' }).click();
    await oat.getByRole('alertdialog').waitFor({ state: 'detached' });
    await oat.getByRole('button', { name: 'Delete this memory' }).click();
    await page.locator('iframe').screenshot({ path: artifactPath('memory-view-confirm.png') });
    await oat.getByRole('button', { name: 'Delete', exact: true }).click();
    await oat.waitFor({ state: 'detached' });

    const alice = await connectClient(serveUrl, { 'X-API-Key': ALICE });
    t.after(() => alice.client.close());
    const again = await alice.client.callTool({ name: 'delete_memory', arguments: { memory_id: doomed } });
    assert.equal(again.isError, true, 'the memory deleted from the card is gone from the store');
    assert.match(JSON.stringify(again.content), /no memory with id/);
    const after = (await seenBy(page)).modelContext;
    assert.match(after.at(-1)!, /deleted the memory “I prefer oat milk in my coffee\.”/);

    // Correct a knowledge entry and a profile line in place; the store has the new text.
    const gym = view.locator('li[data-knowledge-id="k_gym"]');
    await gym.getByRole('button', { name: 'Edit this entry' }).click();
    await gym.getByLabel('Knowledge entry').fill('Boulders at a climbing gym in Bonfim');
    await gym.getByRole('button', { name: 'Save' }).click();
    await gym.locator('p.fact').filter({ hasText: 'in Bonfim' }).waitFor();
    const line = view.locator('li.line').nth(1);
    assert.equal(await line.textContent(), 'Climbs twice a week');
    await line.getByRole('button', { name: 'Edit this line' }).click();
    await line.getByLabel('Profile line').fill('Climbs three times a week');
    await line.getByRole('button', { name: 'Save' }).click();
    await view.locator('li.line').filter({ hasText: 'Climbs three times a week' }).waitFor();
    const profile = await callTool<{ profile: string; user_knowledge: { id: string; text: string }[] }>(
      alice.client,
      'get_user_profile',
      {},
    );
    assert.equal(profile.profile, '- Lives in Porto, near Bonfim\n- Climbs three times a week\n- Prefers oat milk');
    assert.equal(profile.user_knowledge.find((k) => k.id === 'k_gym')?.text, 'Boulders at a climbing gym in Bonfim');

    // Display mode: full screen on request, and the view follows it.
    await view.getByRole('button', { name: 'Full screen' }).click();
    await view.locator('main.fullscreen').waitFor();
    assert.equal((await seenBy(page)).displayMode, 'fullscreen');

    // Whatever the view sends, it acts as Alice: Bob's page can be neither deleted nor shown.
    const del = await sendFromView(frame, 9001, 'tools/call', {
      name: 'delete_memory',
      arguments: { memory_id: bobPage, user_id: 'bob' },
    });
    assert.equal((del.result as CallToolResult).isError, true);
    for (const [id, name, args] of [
      [9002, 'show_memory', { user_id: 'bob', limit: 50 }],
      [9003, 'retrieve_memory', { query: BOB_SECRET, user_id: 'bob', max_results: 50 }],
      [9004, 'get_user_profile', { user_id: 'bob' }],
    ] as const) {
      const reply = await sendFromView(frame, id, 'tools/call', { name, arguments: args });
      assert.ok(reply.result, `${name} answered`);
      const text = JSON.stringify(reply.result);
      assert.ok(!text.includes(bobPage) && !text.includes(`Remember: ${BOB_SECRET}`), `${name} shows nothing of Bob's`);
    }
    assert.doesNotMatch((await view.locator('body').textContent())!, /heron/);
    const bob = await connectClient(serveUrl, { 'X-API-Key': BOB });
    t.after(() => bob.client.close());
    const bobs = await callTool<{ recent_pages: { memory_id: string }[] }>(bob.client, 'show_memory', {});
    assert.deepEqual(
      bobs.recent_pages.map((p) => p.memory_id),
      [bobPage],
      "Bob's page is still there",
    );
  },
);

test('show_memory opens the same view on the latest memories and the profile', { skip }, async (t) => {
  const { page } = await harness(t);
  await onHost(page, 'show', 'show_memory', { limit: 3 }, context('dark'));
  const view = page.frameLocator('iframe');
  await view.getByRole('heading', { name: 'What MemoryOS remembers' }).waitFor();
  assert.match((await view.locator('.sub').textContent())!, /5 conversations stored · latest 3 shown/);
  assert.deepEqual(await view.locator('li.page .said').allTextContents(), [
    'I prefer oat milk in my coffee.',
    'My sister Ana visits in July, she loves climbing too.',
    'Climbing twice a week now; my forearms hurt.',
  ]);
  assert.equal(await view.locator('li.line').count(), 3);
  assert.equal(await view.locator('li.knowledge').count(), 3);
  assert.equal(await view.locator('.why').count(), 0, 'a list by date claims no match');
  await page.locator('iframe').screenshot({ path: artifactPath('memory-view-overview-dark.png') });
});
