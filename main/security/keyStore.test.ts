import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDataDir } from '../memory/testing.js';
import { FileKeyStore } from './keyStore.js';

const config = (dataDir: string) => ({ dataDir, apiKeys: [], adminKeyNames: [] });

test('keys are stored as digests only, in a private file, and a generated key is made once', (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const first = new FileKeyStore({ config: config(tmp.dir) });
  const generated = first.generatedKey!;
  const created = first.create({ name: 'cursor' });
  const file = readFileSync(join(tmp.dir, 'keys.json'), 'utf8');
  assert.ok(!file.includes(generated) && !file.includes(created.key));
  assert.equal(statSync(join(tmp.dir, 'keys.json')).mode & 0o777, 0o600);
  const second = new FileKeyStore({ config: config(tmp.dir) });
  assert.equal(second.generatedKey, null);
  assert.deepEqual(second.verify(generated), { name: 'default', admin: true });
  assert.deepEqual(second.verify(created.key), { name: 'cursor', admin: false });
  assert.equal(second.verify(`${created.key}x`), null);
});

test('a revocation by another process survives this one writing its usage counters', (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const server = new FileKeyStore({ config: config(tmp.dir) });
  const { key } = server.create({ name: 'laptop' });
  const cli = new FileKeyStore({ config: config(tmp.dir), generate: false });
  cli.revoke('laptop');
  assert.ok(server.verify(key), 'the server has not reloaded yet');
  server.flush();
  assert.equal(new FileKeyStore({ config: config(tmp.dir), generate: false }).verify(key), null);
  assert.equal(server.verify(key), null, 'and the server now knows too');
});

test('environment keys cannot be revoked or renamed from the store', (t) => {
  const tmp = tempDataDir();
  t.after(tmp.remove);
  const store = new FileKeyStore({
    config: {
      dataDir: tmp.dir,
      apiKey: 'env-admin-key-0123456789',
      apiKeys: [{ name: 'app', key: 'app-key-0123456789abcdef' }],
      adminKeyNames: [],
    },
  });
  assert.equal(store.generatedKey, null);
  assert.throws(() => store.revoke('default'), /environment/);
  assert.throws(() => store.rename('app', 'other'), /environment/);
  assert.deepEqual(store.verify('app-key-0123456789abcdef'), { name: 'app', admin: false });
});
