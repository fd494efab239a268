// The desktop app itself, through Playwright's Electron driver: its own server stores and finds a
// memory through MCP (so better-sqlite3 must be built for Electron's ABI, or this fails), Claude
// Desktop's entry (the app's executable run as Node with the bundled bridge) reaches it, and the
// window shows the memory. Electron's binary cannot be downloaded on the build machines here, so this
// runs where one is installed: `npm run test:electron` (which rebuilds the native module for
// Electron first) and the release workflow, after its rebuild step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { _electron as electron, type Page } from 'playwright';
import { tempDataDir } from '../main/memory/testing.js';
import { bridgeClient } from './fixtures/bridge.js';
import { ROOT } from './fixtures/serveProcess.js';

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** Asked for explicitly: `npm run test:electron`, or MEMORYOS_E2E_ELECTRON=1 after a rebuild for Electron. */
const requested = process.env.npm_lifecycle_event === 'test:electron' || process.env.MEMORYOS_E2E_ELECTRON === '1';
const binary = electronBinary();
const skip = !binary
  ? 'no Electron binary installed (its download is blocked here); where the network allows: ' +
    '`npm run electron:install`, then `npm run test:electron`'
  : !requested
    ? 'the native module is built for Node during `npm test`; run `npm run test:electron`, which rebuilds it for ' +
      'Electron first (`npm test` puts the Node build back)'
    : false;

type Invoke = <T>(channel: string, request: unknown) => Promise<{ ok: boolean; value: T; message?: string }>;

const invoke = <T>(page: Page, channel: string, request: unknown) =>
  page.evaluate(
    ([c, r]) => (window as unknown as { memoryos: { invoke: Invoke } }).memoryos.invoke<T>(c as string, r),
    [channel, request] as const,
  );

test(
  'the app’s own server stores and finds a memory, Claude Desktop’s entry reaches it, the window shows it',
  { skip },
  async (t) => {
    const tmp = tempDataDir();
    t.after(tmp.remove);
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(ROOT, 'dist', 'main', 'electron', 'main.js')],
      env: { ...process.env, MEMORYOS_USER_DATA: tmp.dir, ELECTRON_ENABLE_LOGGING: '1' },
    });
    t.after(() => app.close());
    const window = await app.firstWindow();
    const isolated = await window.evaluate(
      () =>
        typeof (globalThis as { require?: unknown }).require === 'undefined' &&
        typeof (window as { memoryos?: unknown }).memoryos === 'object',
    );
    assert.equal(isolated, true, 'no Node in the renderer; only the contract bridge');

    let overview = await invoke<{ address: string }>(window, 'overview.get', {});
    for (let i = 0; i < 120 && !overview.ok; i++) {
      await new Promise((r) => setTimeout(r, 250));
      overview = await invoke<{ address: string }>(window, 'overview.get', {});
    }
    assert.ok(overview.ok, `the server never came up: ${overview.message}`);
    const created = await invoke<{ key: string }>(window, 'keys.create', { name: 'aaa-desktop-e2e' });
    assert.ok(created.ok);
    const key = created.value.key;
    const refused = await invoke(window, 'keys.create', { name: 'Bad Name' });
    assert.equal(refused.ok, false, 'main validates IPC requests with the contract');

    // MCP against the app's own server: the first add opens a SQLite store inside Electron.
    const mcpUrl = `${overview.value.address}/mcp`;
    const client = new Client({ name: 'desktop-e2e', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(mcpUrl), { requestInit: { headers: { 'X-API-Key': key } } }),
    );
    t.after(() => client.close());
    const added = await client.callTool({
      name: 'add_memory',
      arguments: { user_input: 'The desktop app remembers the amber lighthouse', agent_response: 'Noted.' },
    });
    assert.equal((added.structuredContent as { status: string }).status, 'success');
    const found = await client.callTool({ name: 'retrieve_memory', arguments: { query: 'amber lighthouse' } });
    assert.match(JSON.stringify(found.structuredContent), /amber lighthouse/);

    // Claude Desktop's entry as the app writes it: the app's executable as Node, the unpacked bridge.
    const configs = await invoke<{ client: string; snippet: string }[]>(window, 'connect.configs', { key });
    const snippet = configs.value.find((c) => c.client === 'claude-desktop')!.snippet;
    const entry = (
      JSON.parse(snippet) as {
        mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }>;
      }
    ).mcpServers.memoryos!;
    assert.equal(entry.command, binary, 'the app’s own executable');
    assert.equal(entry.env.ELECTRON_RUN_AS_NODE, '1');
    assert.match(entry.args[0]!, /memoryos-bridge\.cjs$/);
    const bridged = bridgeClient(entry.env, entry.command, entry.args);
    await bridged.client.connect(bridged.transport);
    t.after(() => bridged.client.close());
    const viaBridge = await bridged.client.callTool({ name: 'retrieve_memory', arguments: { query: 'lighthouse' } });
    assert.match(JSON.stringify(viaBridge.structuredContent), /amber lighthouse/);

    // Browse it in the window.
    await window.getByRole('button', { name: 'Memories' }).click();
    const picker = window.getByLabel('User');
    if (await picker.count()) await picker.selectOption('aaa-desktop-e2e');
    await window
      .getByText(/amber lighthouse/)
      .first()
      .waitFor({ timeout: 15_000 });

    await window.close();
    const stillRunning = await app.evaluate(({ app: a }) => a.isReady());
    assert.equal(stillRunning, true, 'closing the window keeps the app in the tray');
  },
);
