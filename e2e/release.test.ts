// The release path cannot run here (no Electron binary): check that it is written in the only order
// that works. On each runner: Node tests (Node build of better-sqlite3) → rebuild for Electron → the
// Electron e2e, asked for explicitly so it cannot skip → package. And the scripts a contributor runs
// rebuild for the runtime they start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './fixtures/serveProcess.js';

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

const workflow = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as {
  jobs: { build: { steps: Step[]; strategy: { matrix: { include: { os: string }[] } } } };
};
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts;

/** Whether a step runs on a runner OS; only the conditions this workflow uses are understood. */
function runsOn(step: Step, os: string): boolean {
  if (!step.if) return true;
  const onOs = /^runner\.os (==|!=) '(\w+)'( && startsWith\(github\.ref, 'refs\/tags\/v'\))?$/.exec(step.if.trim());
  assert.ok(onOs, `e2e/release.test.ts does not understand the condition "${step.if}"; teach it`);
  return onOs[1] === '==' ? os === onOs[2] : os !== onOs[2];
}

const osOf = (runner: string) =>
  runner.startsWith('macos') ? 'macOS' : runner.startsWith('windows') ? 'Windows' : 'Linux';

const KINDS: [string, (s: Step) => boolean][] = [
  ['node tests', (s) => /\bnpm test\b|npm run test:platform\b/.test(s.run ?? '')],
  [
    'rebuild for Electron',
    (s) => /electron-builder install-app-deps|@electron\/rebuild|electron-rebuild/.test(s.run ?? ''),
  ],
  ['electron e2e', (s) => /e2e\/electron\.test\.ts|npm run test:electron\b/.test(s.run ?? '')],
  ['package', (s) => /electron-builder (?!install-app-deps).*--publish/.test(s.run ?? '')],
];

test('release.yml, on every runner: Node tests, then the rebuild for Electron, then the Electron e2e, then packaging', () => {
  const { steps, strategy } = workflow.jobs.build;
  const runners = strategy.matrix.include.map((m) => osOf(m.os));
  assert.deepEqual([...runners].sort(), ['Linux', 'Windows', 'macOS']);
  for (const os of runners) {
    const mine = steps.filter((s) => runsOn(s, os));
    const order = mine.flatMap((s) => KINDS.filter(([, is]) => is(s)).map(([kind]) => kind));
    assert.deepEqual(
      order,
      KINDS.map(([kind]) => kind),
      `${os}: steps in this order, each once`,
    );
    const e2e = mine.find((s) => KINDS[2]![1](s))!;
    assert.ok(
      e2e.env?.MEMORYOS_E2E_ELECTRON === '1' || /npm run test:electron/.test(e2e.run ?? ''),
      `${os}: the Electron e2e must be asked for (MEMORYOS_E2E_ELECTRON=1), or it skips`,
    );
  }
});

test('scripts: the app starts on an Electron build, the tests on a Node build, and dist packs the bundle first', () => {
  const before = (script: string, first: RegExp, then: RegExp) => {
    const s = scripts[script] ?? '';
    const a = s.search(first);
    const b = s.search(then);
    assert.ok(a >= 0 && b > a, `"${script}" must run ${first} before ${then}: ${s}`);
  };
  before('desktop', /electron-builder install-app-deps/, /electron \./);
  before('test:electron', /electron-builder install-app-deps/, /e2e\/electron\.test\.ts/);
  assert.match(scripts.pretest ?? '', /packaging\/ensureNodeBinding\.ts/, 'npm test puts the Node build back first');
  before('build', /build:bridge/, /build:mcpb/);
  before('dist', /npm run build/, /electron-builder/);
});

test('electron-builder.yml unpacks the bridge and the bundle, keeps run-as-Node, and publishes GitHub releases', () => {
  const builder = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
    asarUnpack: string[];
    publish: { provider: string; releaseType?: string };
    electronFuses?: { runAsNode?: boolean };
  };
  assert.ok(builder.asarUnpack.includes('dist/bridge/**'), 'Claude Desktop runs the bridge file from disk');
  assert.ok(builder.asarUnpack.includes('dist/mcpb/**'), 'the OS opens the .mcpb from disk');
  assert.notEqual(builder.electronFuses?.runAsNode, false, 'Claude Desktop runs the bridge with ELECTRON_RUN_AS_NODE');
  assert.equal(builder.publish.provider, 'github');
  assert.equal(builder.publish.releaseType, 'release', 'electron-updater reads published releases, not drafts');
});
