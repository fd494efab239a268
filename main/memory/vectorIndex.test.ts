// The in-memory cosine index against a brute-force reference, across dimensions that are and are not
// multiples of the unrolled loop's step, through upserts, replacements and removals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VectorIndex } from './vectorIndex.js';

function seeded(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
}

function unit(r: () => number, d: number): Float32Array {
  const v = Float32Array.from({ length: d }, r);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

for (const d of [5, 8, 13, 256]) {
  test(`top-k equals brute force at ${d} dimensions, after upserts, replacements and removals`, () => {
    const r = seeded(d);
    const ix = new VectorIndex(d);
    const truth = new Map<string, Float32Array>();
    for (let i = 0; i < 300; i++) {
      const v = unit(r, d);
      ix.upsert(`p${i}`, v);
      truth.set(`p${i}`, v);
    }
    for (let i = 0; i < 300; i += 7) {
      const v = unit(r, d);
      ix.upsert(`p${i}`, v);
      truth.set(`p${i}`, v);
    }
    for (let i = 1; i < 300; i += 5) {
      ix.remove(`p${i}`);
      truth.delete(`p${i}`);
    }
    ix.upsert('wrong-size', new Float32Array(d + 1).fill(1));
    assert.equal(ix.size, truth.size, 'a vector of the wrong dimension is not indexed');
    for (let q = 0; q < 20; q++) {
      const query = unit(r, d);
      const accept = q % 2 === 0 ? undefined : (id: string) => Number(id.slice(1)) % 3 === 0;
      const expected = [...truth]
        .filter(([id]) => !accept || accept(id))
        .map(([id, v]) => ({ id, score: dot(query, v) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      const got = ix.search(query, 10, accept);
      assert.deepEqual(
        got.map((h) => h.id),
        expected.map((h) => h.id),
      );
      got.forEach((h, i) => assert.ok(Math.abs(h.score - expected[i]!.score) < 1e-5));
    }
  });
}

test('loading stored blobs equals upserting, and skips blobs of another size', () => {
  const r = seeded(7);
  const vectors = Array.from({ length: 50 }, (_, i) => ({ id: `v${i}`, vector: unit(r, 13) }));
  const blob = (v: Float32Array) => new Uint8Array(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  const loaded = new VectorIndex(13);
  loaded.loadBlobs(
    [...vectors.map((v) => ({ id: v.id, vector: blob(v.vector) })), { id: 'short', vector: new Uint8Array(12) }],
    10,
  );
  const upserted = new VectorIndex(13);
  for (const v of vectors) upserted.upsert(v.id, v.vector);
  assert.equal(loaded.size, 50);
  const q = unit(r, 13);
  assert.deepEqual(loaded.search(q, 7), upserted.search(q, 7));
});

test('an empty index and k larger than the index', () => {
  const ix = new VectorIndex(3);
  assert.deepEqual(ix.search(Float32Array.from([1, 0, 0]), 5), []);
  ix.upsert('a', Float32Array.from([1, 0, 0]));
  assert.deepEqual(
    ix.search(Float32Array.from([1, 0, 0]), 5).map((h) => h.id),
    ['a'],
  );
});
