import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NotFoundError } from '../errors.js';
import type { DashboardHandlers } from './handlers.js';
import { invoke } from './invoke.js';

// The handlers themselves are the real ones elsewhere (e2e/dashboard.test.ts); here, what invoke makes
// of a refusal and of a failure nobody foresaw.
const failing = (err: Error) => ({ 'rateLimits.get': () => Promise.reject(err) }) as unknown as DashboardHandlers;

test('an unexpected failure is logged where the reply says "see the log", without the request', async () => {
  const lines: Record<string, unknown>[] = [];
  const r = await invoke(
    () => failing(new TypeError('x is undefined')),
    'rateLimits.get',
    {},
    (_l, msg, f) => lines.push({ msg, ...f }),
  );
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.status === 500 && r.error === 'internal_error');
  assert.match(!r.ok ? r.message : '', /server log says why/);
  assert.equal(lines.length, 1);
  assert.equal(lines[0]!.channel, 'rateLimits.get');
  assert.match(String(lines[0]!.error), /x is undefined/);
  assert.match(String(lines[0]!.stack), /TypeError/);
});

test('a refusal keeps its code and status and is not logged as a failure', async () => {
  const lines: unknown[] = [];
  const r = await invoke(
    () => failing(new NotFoundError('no key named "x"')),
    'rateLimits.get',
    {},
    () => lines.push(1),
  );
  assert.deepEqual(r, { ok: false, status: 404, error: 'not_found', message: 'no key named "x"' });
  assert.equal(lines.length, 0);
});

test('a request the contract refuses names each field, and an unknown channel is refused', async () => {
  const r = await invoke(
    () => failing(new Error('never called')),
    'rateLimits.set',
    { requests: 0 },
    () => {},
  );
  assert.ok(!r.ok && r.status === 400 && r.fields);
  assert.equal(!r.ok && r.fields?.requests, 'Must be at least 1.');
  const u = await invoke(
    () => failing(new Error('never called')),
    'nope.nothing',
    {},
    () => {},
  );
  assert.ok(!u.ok && u.status === 400 && /unknown dashboard channel/.test(u.message));
});
