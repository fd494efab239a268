// Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): each ranked list gives an item
// weight / (k + rank), summed over the lists, so lists of different kinds of score combine by rank.
import { isStopword, words } from './text.js';

const RRF_K = 60;

export class RankFusion {
  readonly scores = new Map<string, number>();

  add(ids: string[], weight = 1): void {
    ids.forEach((id, rank) => this.scores.set(id, (this.scores.get(id) ?? 0) + weight / (RRF_K + rank + 1)));
  }

  /** Every item, best first. */
  ranked(): [string, number][] {
    return [...this.scores].sort((a, b) => b[1] - a[1]);
  }
}

/** The content words of a query, each once, to match any of. */
export function queryWords(text: string): string[] {
  return [...new Set(words(text).filter((w) => w.length > 1 && !isStopword(w)))];
}
