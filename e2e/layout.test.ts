// The project's structural promises, checked on every run: the README's commands are the ones CI
// runs, and the layering (only main/electron imports electron; the renderer never imports main/;
// shared/ is free of Node and DOM; the folders of main/ import downwards only) holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|tsx)$/.test(name)) out.push(rel);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs: string[] = [];
  const fromClause = /(?:import|export)[^'"`]*?from\s*['"]([^'"]+)['"]/.source;
  const dynamic = /import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/.source;
  for (const m of text.matchAll(new RegExp(`${fromClause}|${dynamic}`, 'g'))) {
    specs.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return specs;
}

function fencedCommandAfter(markdown: string, heading: RegExp): string {
  const at = markdown.search(heading);
  assert.ok(at >= 0, `README has no section matching ${heading}`);
  const block = /```bash\n([^`]+?)\n```/.exec(markdown.slice(at));
  assert.ok(block, `no bash block after ${heading}`);
  return (block[1] as string).trim();
}

test('README opens with the start command and the test command, and .ci/run runs the latter verbatim', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = fencedCommandAfter(readme, /Install and start the headless server/);
  const testCmd = fencedCommandAfter(readme, /Install and run every test/);
  assert.match(start, /npm ci && npm run serve/);
  assert.match(testCmd, /npm ci && npm test$/);
  const firstSection = readme.indexOf('\n## ');
  const secondBlockEnd = readme.indexOf(testCmd) + testCmd.length;
  assert.ok(firstSection === -1 || secondBlockEnd < firstSection, 'the two commands come before any other section');
  const ci = readFileSync(join(root, '.ci/run'), 'utf8')
    .split('\n')
    .map((l) => l.trim());
  assert.ok(ci.includes(testCmd), `.ci/run must contain the README's test command verbatim: ${testCmd}`);
});

test('only main/electron imports electron', () => {
  const offenders = sourceFiles('main')
    .filter((f) => !f.startsWith(join('main', 'electron')))
    .filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')));
  assert.deepEqual(offenders, []);
});

test('the renderer never imports main/ or Node built-ins', () => {
  const offenders = sourceFiles('renderer')
    .filter((f) => !f.endsWith('vite.config.ts'))
    .filter((f) => importsOf(f).some((s) => /(^|\/)main\//.test(s) || s.startsWith('node:') || s === 'electron'));
  assert.deepEqual(offenders, []);
});

test('shared/ imports neither Node, DOM-only code, main/ nor renderer/', () => {
  const runtimeFiles = sourceFiles('shared').filter((f) => !f.endsWith('.test.ts'));
  const offenders = runtimeFiles.filter((f) =>
    importsOf(f).some(
      (s) => s.startsWith('node:') || s === 'electron' || /(^|\/)(main|renderer)\//.test(s) || s === 'react',
    ),
  );
  assert.deepEqual(offenders, []);
  for (const f of runtimeFiles) {
    const text = readFileSync(join(root, f), 'utf8');
    assert.doesNotMatch(
      text,
      /\b(process\.|require\(|window\.|document\.)/,
      `${relative(root, join(root, f))} uses a runtime global`,
    );
  }
});

/** The folders under main/ that a file of `dir` imports, by resolving its relative imports. */
function mainFoldersImportedBy(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of sourceFiles(join('main', dir)).filter((f) => !f.endsWith('.test.ts'))) {
    const folders = importsOf(f)
      .filter((s) => s.startsWith('.'))
      .map((s) => relative(join(root, 'main'), join(root, f, '..', s)).split(/[\\/]/))
      .filter((parts) => parts.length > 1 && parts[0] !== '..')
      .map((parts) => parts[0]!);
    out.set(f, folders);
  }
  return out;
}

const RULES: { from: string; never: string[]; why: string }[] = [
  { from: 'server', never: ['api', 'cli', 'electron'], why: 'the composition root (main/runtime.ts) mounts the api' },
  { from: 'api', never: ['server', 'cli', 'electron'], why: 'handlers see the server through main/ports.ts' },
  {
    from: 'security',
    never: ['server', 'api', 'cli', 'electron', 'memory', 'postgres'],
    why: 'middleware stands alone',
  },
  {
    from: 'postgres',
    never: ['server', 'api', 'cli', 'electron', 'tools', 'desktop'],
    why: 'the shared stores sit below the server; the composition root wires them in',
  },
  { from: 'memory', never: ['server', 'api', 'security', 'tools', 'cli', 'electron'], why: 'nothing below calls up' },
  { from: 'tools', never: ['server', 'api', 'security', 'cli', 'electron'], why: 'tools only call the engine' },
  { from: 'desktop', never: ['server', 'cli', 'electron'], why: 'the app controller gets its runtime injected' },
];

test('only the entry points (main/cli, main/electron) import the composition root, main/runtime.ts', () => {
  const offenders = sourceFiles('main')
    .filter((f) => !f.endsWith('.test.ts') && !/^main[\\/](cli|electron)[\\/]/.test(f))
    .filter((f) => importsOf(f).some((s) => s.startsWith('.') && join(f, '..', s) === join('main', 'runtime.js')));
  assert.deepEqual(offenders, []);
});

test('main/bridge/ needs nothing but Node and the MCP SDK (it ships alone, bundled into one file)', () => {
  const offenders = sourceFiles(join('main', 'bridge'))
    .filter((f) => !f.endsWith('.test.ts'))
    .flatMap((f) => importsOf(f).map((s) => `${f} -> ${s}`))
    .filter((line) => !/ -> (\.\/[^/]+\.js|node:.+|@modelcontextprotocol\/sdk\/.+)$/.test(line));
  assert.deepEqual(offenders, []);
});

for (const rule of RULES) {
  test(`main/${rule.from}/ never imports ${rule.never.join(', ')} (${rule.why})`, () => {
    const offenders: string[] = [];
    for (const [file, folders] of mainFoldersImportedBy(rule.from)) {
      for (const folder of folders) if (rule.never.includes(folder)) offenders.push(`${file} -> main/${folder}`);
    }
    assert.deepEqual(offenders, []);
  });
}

test("README's configuration reference is the variables table, row for row", async () => {
  const { VARIABLES } = await import('../main/config/variables.js');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const rows = new Set(readme.split('\n').filter((l) => /^\| `[A-Z_]+` \|/.test(l)));
  for (const v of VARIABLES) {
    const row = `| \`${v.env}\` | \`--${v.flag}\` | ${v.defaultText} | ${v.help} |`;
    assert.ok(rows.has(row), `README lacks or differs on ${v.env}; expected:\n${row}`);
  }
  const documented = [...rows].map((l) => /^\| `([A-Z_]+)`/.exec(l)![1]!);
  const known = new Set<string>(VARIABLES.map((v) => v.env));
  assert.deepEqual(
    documented.filter((e) => !known.has(e)),
    [],
    'README documents variables the server does not read',
  );
});
