// Plain Okapi BM25 (k1 = 1.2, b = 0.75) over lower-cased words without stopwords or stemming: the
// baseline the engine's retrieval is compared with, in the same run and over the same pages.
import { isStopword, words } from '../main/memory/text.js';

const tokens = (t: string) => words(t).filter((w) => !isStopword(w));

export class Bm25 {
  private readonly docs: Map<string, number>[] = [];
  private readonly lengths: number[] = [];
  private readonly df = new Map<string, number>();
  private avg = 0;

  constructor(texts: string[]) {
    for (const t of texts) {
      const tf = new Map<string, number>();
      const ws = tokens(t);
      for (const w of ws) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const w of tf.keys()) this.df.set(w, (this.df.get(w) ?? 0) + 1);
      this.docs.push(tf);
      this.lengths.push(ws.length);
    }
    this.avg = this.lengths.reduce((s, x) => s + x, 0) / Math.max(1, this.lengths.length);
  }

  search(query: string, k: number): number[] {
    const n = this.docs.length;
    const q = [...new Set(tokens(query))];
    const scores = this.docs.map((tf, i) => {
      let s = 0;
      for (const w of q) {
        const f = tf.get(w);
        if (!f) continue;
        const df = this.df.get(w)!;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        s += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * this.lengths[i]!) / this.avg));
      }
      return s;
    });
    return scores
      .map((s, i) => [s, i] as const)
      .filter(([s]) => s > 0)
      .sort((a, b) => b[0] - a[0])
      .slice(0, k)
      .map(([, i]) => i);
  }
}
