import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv6, isBindAddress, isHostPattern, isLoopbackHost, isOriginSpec, isProxySpec } from './addresses.js';

test('bind addresses: IPs and host names, nothing else', () => {
  for (const ok of ['127.0.0.1', '0.0.0.0', '::', '::1', '[::1]', 'localhost', 'my-server.lan', 'fe80::1', 'a.b.c'])
    assert.ok(isBindAddress(ok), ok);
  for (const bad of ['not a host!!', '', '999.1.1.1', '1.2.3', 'host_name', '-bad.example', 'a..b', '[::1', ':::1'])
    assert.ok(!isBindAddress(bad), bad);
});

test('IPv6 in its compressed and IPv4-tailed forms', () => {
  for (const ok of ['::', '::1', '2001:db8::8a2e:370:7334', '::ffff:127.0.0.1', '1:2:3:4:5:6:7:8'])
    assert.ok(isIPv6(ok), ok);
  for (const bad of ['1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '::ffff:999.0.0.1', '1:2:3:4:5:6:7'])
    assert.ok(!isIPv6(bad), bad);
});

test('loopback names are exact: 127.evil.example is not loopback', () => {
  for (const ok of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'LOCALHOST'])
    assert.ok(isLoopbackHost(ok), ok);
  for (const bad of ['127.evil.example', '127.0.0.1.nip.io', 'localhost.evil', '128.0.0.1', '127.0.0.256', '::2'])
    assert.ok(!isLoopbackHost(bad), bad);
});

test('proxies, origins and host patterns', () => {
  for (const ok of ['loopback', '10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']) assert.ok(isProxySpec(ok), ok);
  for (const bad of ['999.1.1.1', '10.0.0.0/33', 'proxy.lan', '10.0.0.0/8/1', '::/129'])
    assert.ok(!isProxySpec(bad), bad);
  for (const ok of ['*', 'https://app.example', 'http://127.0.0.1:5173', 'http://[::1]:3000', 'https://a.b/'])
    assert.ok(isOriginSpec(ok), ok);
  for (const bad of ['foo', 'ftp://x.example', 'https://a.b/path', 'https://', 'http://x:99999'])
    assert.ok(!isOriginSpec(bad), bad);
  for (const ok of ['*', 'memory.example.com', '*.example.com', '10.0.0.5']) assert.ok(isHostPattern(ok), ok);
  for (const bad of ['*.', 'exa mple.com', '*example.com', 'https://x.example']) assert.ok(!isHostPattern(bad), bad);
});
