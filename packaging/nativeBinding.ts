// better-sqlite3's binding is compiled for one runtime at a time: Node's (npm ci, npm test) or
// Electron's (npm run desktop, npm run test:electron, the packaged app). This tells which problem a
// failed load is, so `npm test` can put the Node build back after a desktop run.
import { createRequire } from 'node:module';

export type BindingProblem = 'other-runtime' | 'not-built' | 'other';

export function bindingProblem(err: unknown): BindingProblem {
  const message = (err as Error)?.message ?? String(err);
  // "…was compiled against a different Node.js version using NODE_MODULE_VERSION 136. This version of
  // Node.js requires NODE_MODULE_VERSION 115…"
  if (/NODE_MODULE_VERSION/.test(message)) return 'other-runtime';
  if (/Could not locate the bindings file|Cannot find module .*better_sqlite3\.node/i.test(message)) return 'not-built';
  return 'other';
}

/** Loads the binding the way the server does (it loads at the first Database); null when it works. */
export function loadError(): unknown {
  try {
    const Database = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
    new Database(':memory:').close();
    return null;
  } catch (err) {
    return err;
  }
}
