// The container and installer files cannot be run here (no Docker engine, no Electron binary):
// check that they agree with the code they ship.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { VARIABLES } from '../main/config/variables.js';
import { ROOT } from './fixtures/serveProcess.js';

const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const known = new Set(VARIABLES.map((v) => v.env));

test('Dockerfile: multi-stage, non-root, health check on /health, data volume, a config the server reads', () => {
  const d = read('Dockerfile');
  assert.ok((d.match(/^FROM /gm) ?? []).length >= 2, 'multi-stage');
  assert.match(d, /^USER node$/m);
  assert.match(d, /^HEALTHCHECK .*\n?.*\/health/m);
  assert.match(d, /^VOLUME \["\/app\/memoryos_data"\]/m);
  for (const [, name] of d.matchAll(/^\s+([A-Z_]+)=/gm))
    if (name !== 'NODE_ENV') assert.ok(known.has(name!), `${name} is read by the server`);
  assert.match(d, /CMD \["node", "dist\/main\/cli\/index.js", "serve"\]/);
  assert.ok(JSON.parse(read('package.json')).bin.memoryos === 'dist/main/cli/index.js');
});

test('docker-compose.yml sets only variables the server reads, and mounts the data folder', () => {
  const c = read('docker-compose.yml');
  const vars = [...c.matchAll(/^\s+- ([A-Z_]+)=/gm)].map((m) => m[1]!);
  assert.ok(vars.length >= 6);
  for (const v of vars) assert.ok(known.has(v), `${v} is read by the server`);
  assert.match(c, /\.\/memoryos_data:\/app\/memoryos_data/);
});

test('docker-compose.team.yml: PostgreSQL, two or more replicas on it, a balancer over them, each health-checked', () => {
  const c = parse(read('docker-compose.team.yml'), { merge: true }) as {
    services: Record<string, { environment?: string[]; healthcheck?: { test: string[] }; depends_on?: object }>;
  };
  const services = Object.entries(c.services);
  const replicas = services.filter(([, s]) => s.environment?.some((e) => e.startsWith('DATABASE_URL=')));
  assert.ok(replicas.length >= 2, 'two or more replicas');
  for (const [name, s] of services) assert.ok(s.healthcheck?.test.length, `${name} has a health check`);
  for (const [name, s] of replicas) {
    for (const e of s.environment!) assert.ok(known.has(e.split('=')[0]!), `${name}: ${e.split('=')[0]} is read`);
    assert.match(
      s.environment!.find((e) => e.startsWith('DATABASE_URL='))!,
      /^DATABASE_URL=postgres:\/\/[^@]+@postgres:5432\//,
    );
    assert.ok('postgres' in (s.depends_on ?? {}), `${name} waits for the database`);
  }
  const caddy = read('deploy/Caddyfile.team');
  for (const [name] of replicas) assert.ok(caddy.includes(`${name}:3000`), `the balancer sends to ${name}`);
  assert.match(caddy, /health_uri \/health/);
});

test('electron-builder.yml targets every platform with icons that exist, and unpacks the native module', () => {
  const y = read('electron-builder.yml');
  for (const target of ['dmg', 'nsis', 'AppImage', 'deb', 'arm64', 'x64']) assert.ok(y.includes(target), target);
  assert.match(y, /better-sqlite3/);
  for (const icon of [
    'assets/icon.png',
    'assets/tray/trayTemplate.png',
    'assets/tray/trayTemplate@2x.png',
    'assets/tray/tray-light.png',
    'assets/tray/tray-dark.png',
  ])
    assert.ok(existsSync(join(ROOT, icon)), icon);
  const png = readFileSync(join(ROOT, 'assets/icon.png'));
  assert.equal(png.readUInt32BE(16), 1024, 'icon.png is 1024 px wide (electron-builder derives icns/ico from it)');
});
