// Benchmarks of the product as shipped run its built JavaScript: this compiles it first, so the
// figures are never those of a stale dist/. The bare SDK server, the baseline for start-up, is
// compiled the same way (to plain JavaScript, no loader).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../e2e/fixtures/serveProcess.js';

export function buildMain(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** bench/bareServer.ts as JavaScript, under node_modules so that its imports resolve; its path. */
export function buildBareServer(): string {
  const out = join(ROOT, 'node_modules/.cache/memoryos-bench/bareServer.mjs');
  mkdirSync(join(out, '..'), { recursive: true });
  const source = readFileSync(join(ROOT, 'bench/bareServer.ts'), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(out, js);
  return out;
}
