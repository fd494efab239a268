import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingProblem, loadError } from './nativeBinding.js';

test('a binding built for Electron is told apart from one never built', () => {
  assert.equal(loadError(), null, 'under npm test the Node build is in place (pretest)');
  assert.equal(
    bindingProblem(
      new Error(
        "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a " +
          'different Node.js version using\nNODE_MODULE_VERSION 136. This version of Node.js requires\n' +
          'NODE_MODULE_VERSION 115. Please try re-compiling or re-installing',
      ),
    ),
    'other-runtime',
  );
  assert.equal(
    bindingProblem(new Error('Could not locate the bindings file. Tried:\n → /app/build/better_sqlite3.node')),
    'not-built',
  );
  assert.equal(bindingProblem(new Error('EACCES: permission denied')), 'other');
});
