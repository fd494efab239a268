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

/** An FTS5 MATCH expression: every content word as a quoted term, OR-ed; null when none. */
export function ftsQuery(text: string, keep: (ws: string[]) => string[] = (ws) => ws): string | null {
  const ws = keep([...new Set(words(text).filter((w) => w.length > 1 && !isStopword(w)))]);
  return ftsAnyOf(ws);
}

/** An FTS5 MATCH expression for any of the words; null when there are none. */
export function ftsAnyOf(ws: string[]): string | null {
  if (ws.length === 0) return null;
  return ws.map((w) => `"${w.replace(/"/g, '')}"`).join(' OR ');
}
