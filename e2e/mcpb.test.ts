// memoryos.mcpb as Claude Desktop gets it: packed by the official CLI into a temp folder, its manifest
// valid and true to the server's tools, and the server config Claude Desktop derives from it (with the
// official variable substitution) reaching a real MemoryOS server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { VERSION } from '../main/version.js';
import { CHROMIUM, ensureDashboardBuilt, launchChromium } from './fixtures/browser.js';
import { join } from 'node:path';
import { getMcpConfigForManifest } from '@anthropic-ai/mcpb';
import { TOOL_NAMES } from '../shared/tools.js';
import { tempDataDir } from '../main/memory/testing.js';
import { BUNDLE_NAME, DEFAULT_MCP_URL, mcpb, mcpbManifest, packMcpb } from '../packaging/mcpb.js';
import { BRIDGE, assertBridgeBuilt, bridgeClient } from './fixtures/bridge.js';
import { startServe } from './fixtures/serveProcess.js';

const KEY = 'mcpb-test-key-0123456789abcdef';

type Manifest = {
  server: { entry_point: string; mcp_config: { command: string; args: string[]; env: Record<string, string> } };
  tools: { name: string; description?: string }[];
  user_config: Record<string, { type: string; sensitive?: boolean; required?: boolean; default?: string }>;
};

test('the bundle packs and validates with the official CLI, declares the key as sensitive, and lists the server’s tools', async (t) => {
  assertBridgeBuilt();
  const out = tempDataDir('memoryos-mcpb-');
  t.after(out.remove);
  const file = await packMcpb(out.dir);
  assert.equal(file, join(out.dir, BUNDLE_NAME));
  assert.match(await mcpb('info', file), /memoryos/);

  const unpacked = join(out.dir, 'unpacked');
  await mcpb('unpack', file, unpacked);
  const manifest = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as Manifest;
  assert.match(await mcpb('validate', join(unpacked, 'manifest.json')), /valid/i);
  assert.deepEqual(readFileSync(join(unpacked, manifest.server.entry_point)), readFileSync(BRIDGE), 'the built bridge');
  assert.ok(existsSync(join(unpacked, 'icon.png')));

  assert.deepEqual(
    manifest.tools.map((x) => x.name),
    [...TOOL_NAMES],
  );
  assert.ok(manifest.tools.every((x) => (x.description ?? '').length > 20));
  assert.equal(manifest.user_config.api_key!.sensitive, true);
  assert.equal(manifest.user_config.api_key!.required, true);
  assert.equal(manifest.user_config.url!.default, DEFAULT_MCP_URL);
  assert.deepEqual(manifest.server.mcp_config.env, {
    MEMORYOS_KEY: '${user_config.api_key}',
    MEMORYOS_URL: '${user_config.url}',
  });

  // The config Claude Desktop derives (official substitution) runs the unpacked bridge against a real server.
  const data = tempDataDir();
  t.after(data.remove);
  const s = await startServe({ MEMORYOS_DATA_DIR: data.dir, MCP_API_KEY: KEY });
  t.after(() => s.stop());
  const config = await getMcpConfigForManifest({
    manifest: manifest as never,
    extensionPath: unpacked,
    systemDirs: {},
    userConfig: { api_key: KEY, url: `${s.url}/mcp` },
    pathSeparator: '/',
  });
  assert.ok(config, 'the required key is set, so Claude Desktop would start the server');
  assert.equal(config.command, 'node', 'Claude Desktop runs it with the Node it ships');

  // A headless server offers the built bundle as a download, since the browser may be on another machine.
  const offer = (await (
    await fetch(`${s.url}/admin/api/connect.bundle`, {
      method: 'POST',
      headers: { 'X-API-Key': KEY, 'Content-Type': 'application/json' },
      body: '{}',
    })
  ).json()) as { opened: boolean; downloadUrl: string };
  assert.deepEqual([offer.opened, offer.downloadUrl], [false, '/ui/memoryos.mcpb']);
  const download = await fetch(`${s.url}${offer.downloadUrl}`);
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="?memoryos\.mcpb"?$/);
  assert.equal(
    Buffer.from(await download.arrayBuffer())
      .subarray(0, 2)
      .toString(),
    'PK',
    'a zip',
  );

  const b = bridgeClient(config.env ?? {}, process.execPath, config.args ?? []);
  await b.client.connect(b.transport);
  t.after(() => b.client.close());
  const listed = await b.client.listTools();
  assert.deepEqual(
    listed.tools.map((x) => x.name),
    manifest.tools.map((x) => x.name),
    'the manifest lists exactly what the running server offers',
  );
});

test('the official validator refuses a manifest that is wrong (so its approval above means something)', async (t) => {
  const dir = tempDataDir('memoryos-mcpb-bad-');
  t.after(dir.remove);
  const bad = mcpbManifest() as { user_config: { api_key: { type: string } } };
  bad.user_config.api_key.type = 'secret';
  writeFileSync(join(dir.dir, 'manifest.json'), JSON.stringify(bad));
  await assert.rejects(
    mcpb('validate', join(dir.dir, 'manifest.json')),
    /mcpb validate failed:[\s\S]*user_config\.api_key\.type/,
  );
});

test(
  'the dashboard offers "Install in Claude Desktop" (a download from a headless server) and shows the version',
  { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: apt-get install -y chromium` },
  async (t) => {
    ensureDashboardBuilt();
    const data = tempDataDir();
    t.after(data.remove);
    const s = await startServe({ MEMORYOS_DATA_DIR: data.dir, MCP_API_KEY: KEY });
    t.after(() => s.stop());
    const browser = await launchChromium();
    t.after(() => browser.close());
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${s.url}/ui/`);
    await page.getByLabel('Admin API key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Connect' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Install in Claude Desktop' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'memoryos.mcpb');
    await page.getByText(/Open the downloaded memoryos\.mcpb on the computer where Claude Desktop runs/).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByText(`Version ${VERSION} · update it the way you installed it`).waitFor();
  },
);
