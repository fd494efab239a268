// `npm test`'s pretest: after `npm run desktop` rebuilt better-sqlite3 for Electron, put the Node build
// back (`npm rebuild better-sqlite3`). A binding that was never built is left alone, so that
// main/memory/store/nativeBinding.test.ts fails loudly on an install that skipped its build.
import { spawnSync } from 'node:child_process';
import { bindingProblem, loadError } from './nativeBinding.js';

const err = loadError();
const problem = err ? bindingProblem(err) : null;
if (problem === 'other-runtime') {
  process.stderr.write('better-sqlite3 is built for another runtime (Electron); rebuilding it for Node…\n');
  const npm = process.env.npm_execpath;
  const r = npm
    ? spawnSync(process.execPath, [npm, 'rebuild', 'better-sqlite3'], { stdio: 'inherit' })
    : spawnSync('npm', ['rebuild', 'better-sqlite3'], { stdio: 'inherit', shell: process.platform === 'win32' });
  const after = loadError();
  if (r.status !== 0 || after) {
    process.stderr.write(`better-sqlite3 still does not load under Node: ${(after as Error)?.message ?? r.status}\n`);
    process.exit(1);
  }
} else if (problem) {
  process.stderr.write(`warning: better-sqlite3 does not load (${(err as Error).message}); the tests will say more\n`);
}
