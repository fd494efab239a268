import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timingSafeEqual } from 'node:crypto';
import { digestsEqual, findDigest, generateKey, hashKey } from './keyHash.js';

test('a presented key is compared with every stored digest, whichever matches, without early exit', () => {
  const keys = [generateKey(), generateKey(), generateKey()];
  const digests = keys.map(hashKey);
  for (const [presented, expected] of [
    [keys[0]!, 0],
    [keys[2]!, 2],
    ['nope', -1],
  ] as const) {
    let comparisons = 0;
    const counting = (a: Buffer, b: Buffer) => {
      comparisons++;
      assert.equal(a.length, 32, 'fixed-length SHA-256 digests, so length never leaks');
      return digestsEqual(a, b);
    };
    assert.equal(findDigest(presented, digests, counting), expected);
    assert.equal(comparisons, digests.length);
  }
});

test('the comparison is crypto.timingSafeEqual over digests; near-miss keys fail alike', () => {
  const key = generateKey();
  const d = hashKey(key);
  assert.equal(digestsEqual(d, hashKey(key)), timingSafeEqual(d, hashKey(key)));
  const firstChar = (key[0] === 'a' ? 'b' : 'a') + key.slice(1);
  const lastChar = key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a');
  assert.equal(findDigest(firstChar, [d]), -1);
  assert.equal(findDigest(lastChar, [d]), -1);
  assert.equal(findDigest(key, [d]), 0);
  assert.ok(!hashKey(key).toString('hex').includes(key));
});
