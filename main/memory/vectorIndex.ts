// Exact cosine search over one user's vectors, kept in memory and loaded from the store at open.
//
// The matrix is stored a dimension at a time (column-major: all rows' values of dimension 0, then
// of dimension 1, ...), so a query adds up only the dimensions where it is non-zero, each as one
// sequential pass. The embedded hashed embedder gives short queries 10-40 non-zero dimensions of
// 256: a query then costs a tenth of a full row-by-row scan, with the same exact scores. Dense
// vectors (an OpenAI-compatible model) cost what a full scan costs.
export interface VectorHit {
  id: string;
  score: number;
}

const MIN_CAPACITY = 64;

export class VectorIndex {
  private ids: string[] = [];
  private rowOf = new Map<string, number>();
  /** capacity × dimensions floats; dimension j of row i at j * capacity + i. */
  private columns = new Float32Array(0);
  private capacity = 0;
  /** Reused between searches: one score per row. */
  private scores = new Float32Array(0);

  constructor(readonly dimensions: number) {}

  get size(): number {
    return this.ids.length;
  }

  /** Replaces the contents with stored little-endian Float32 blobs; blobs of another size are skipped. */
  loadBlobs(rows: Iterable<{ id: string; vector: Uint8Array }>, expected: number): void {
    this.ids = [];
    this.rowOf.clear();
    this.capacity = 0;
    this.columns = new Float32Array(0);
    this.reserve(Math.max(expected, MIN_CAPACITY));
    const bytes = this.dimensions * 4;
    const scratch = new Float32Array(this.dimensions);
    const scratchBytes = new Uint8Array(scratch.buffer);
    for (const r of rows) {
      if (r.vector.byteLength !== bytes) continue;
      scratchBytes.set(r.vector);
      this.append(r.id, scratch);
    }
  }

  /** Upsert of a stored little-endian Float32 blob; one of another size is skipped. */
  upsertBlob(id: string, blob: Uint8Array): void {
    if (blob.byteLength !== this.dimensions * 4) return;
    const v = new Float32Array(this.dimensions);
    new Uint8Array(v.buffer).set(blob);
    this.upsert(id, v);
  }

  upsert(id: string, vector: Float32Array): void {
    if (vector.length !== this.dimensions) return;
    const row = this.rowOf.get(id);
    if (row !== undefined) this.write(row, vector);
    else this.append(id, vector);
  }

  remove(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    const last = this.ids.length - 1;
    if (row !== last) {
      const lastId = this.ids[last]!;
      const c = this.columns;
      for (let j = 0, base = 0; j < this.dimensions; j++, base += this.capacity) c[base + row] = c[base + last]!;
      this.ids[row] = lastId;
      this.rowOf.set(lastId, row);
    }
    this.ids.pop();
    this.rowOf.delete(id);
  }

  /** The `k` best by cosine (vectors are unit length), optionally only ids passing `accept`. */
  search(query: Float32Array, k: number, accept?: (id: string) => boolean): VectorHit[] {
    const n = this.ids.length;
    if (n === 0 || k <= 0) return [];
    if (this.scores.length < n) this.scores = new Float32Array(this.capacity);
    const scores = this.scores;
    scores.fill(0, 0, n);
    const c = this.columns;
    const dims = Math.min(query.length, this.dimensions);
    for (let j = 0; j < dims; j++) {
      const q = query[j]!;
      if (q === 0) continue;
      const base = j * this.capacity;
      for (let i = 0; i < n; i++) scores[i]! += q * c[base + i]!;
    }
    // Keep the best k in a small sorted buffer: one pass, no sort of all n scores.
    const bestRows = new Int32Array(k);
    const bestScores = new Float32Array(k).fill(-Infinity);
    let filled = 0;
    for (let r = 0; r < n; r++) {
      const s = scores[r]!;
      if (filled === k && s <= bestScores[k - 1]!) continue;
      if (accept && !accept(this.ids[r]!)) continue;
      let i = filled < k ? filled++ : k - 1;
      while (i > 0 && bestScores[i - 1]! < s) {
        bestScores[i] = bestScores[i - 1]!;
        bestRows[i] = bestRows[i - 1]!;
        i--;
      }
      bestScores[i] = s;
      bestRows[i] = r;
    }
    const out: VectorHit[] = [];
    for (let i = 0; i < filled; i++) out.push({ id: this.ids[bestRows[i]!]!, score: bestScores[i]! });
    return out;
  }

  private append(id: string, vector: Float32Array): void {
    if (this.ids.length === this.capacity) this.reserve(Math.max(MIN_CAPACITY, this.capacity * 2));
    const row = this.ids.length;
    this.ids.push(id);
    this.rowOf.set(id, row);
    this.write(row, vector);
  }

  private write(row: number, vector: Float32Array): void {
    const c = this.columns;
    for (let j = 0, base = 0; j < this.dimensions; j++, base += this.capacity) c[base + row] = vector[j]!;
  }

  private reserve(capacity: number): void {
    if (capacity <= this.capacity) return;
    const grown = new Float32Array(capacity * this.dimensions);
    const n = this.ids.length;
    for (let j = 0; j < this.dimensions; j++)
      grown.set(this.columns.subarray(j * this.capacity, j * this.capacity + n), j * capacity);
    this.columns = grown;
    this.capacity = capacity;
  }
}
