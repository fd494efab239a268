// The embedded default embedder: no download, no network, deterministic. Stemmed words, word
// bigrams and character trigrams are hashed (FNV-1a, signed) into a fixed number of dimensions with
// sublinear term weighting, then L2-normalised, so cosine similarity approximates weighted overlap
// that tolerates inflection and misspelling.
import type { Embedder } from './types.js';
import { terms } from '../text.js';

const DEFAULT_DIMENSIONS = 256;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function addFeature(v: Float32Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  const idx = h % v.length;
  v[idx]! += (h & 0x80000000 ? -1 : 1) * weight;
}

export function hashedVector(text: string, dimensions: number): Float32Array {
  const v = new Float32Array(dimensions);
  const ts = terms(text);
  const tf = new Map<string, number>();
  for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
  for (const [t, n] of tf) {
    const w = 1 + Math.log(n);
    addFeature(v, `w:${t}`, w);
    if (t.length >= 4) {
      const padded = `<${t}>`;
      for (let i = 0; i + 3 <= padded.length; i++) addFeature(v, `c:${padded.slice(i, i + 3)}`, 0.25 * w);
    }
  }
  for (let i = 0; i + 1 < ts.length; i++) addFeature(v, `b:${ts[i]} ${ts[i + 1]}`, 0.5);
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function createHashedEmbedder(dimensions = DEFAULT_DIMENSIONS): Embedder {
  return {
    id: `hashed-v1:${dimensions}`,
    dimensions,
    embed: async (texts) => texts.map((t) => hashedVector(t, dimensions)),
  };
}
