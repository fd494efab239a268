// Document frequencies of the page index's terms, for dropping query words too common to rank by.
// FTS5's bm25() weighs a term by idf = ln((N - n + 0.5) / (n + 0.5)), floored at 1e-6: a term in
// half the pages or more weighs nothing, and one in a fifth of them (idf ≈ 1.4) under a fifth of a
// rare term's weight (≈ 7 at 10k pages) — yet FTS5 scores and sorts every page holding it, which
// was most of a query's time at 10k pages. Worse, under rank fusion those near-zero scores still
// earn rank credit, crowding out the pages the vector list found. Dropping such words (a per-user
// stopword list, in effect) made retrieval faster and better: see docs/PERFORMANCE.md.
//
// The figures come from the store's page index (an fts5vocab table in SQLite, ts_stat in PostgreSQL:
// Porter stems either way, so query words are stemmed with the same algorithm). Reading them walks
// the whole index, so they are cached per user and refreshed off the request path when the number
// of pages has moved by a few percent.
import { stemmer } from 'stemmer';
import type { MemoryStore, ReadTables } from './store/types.js';

/** Below this many pages no term is dropped: in a small store every match is worth showing. */
const MIN_PAGES = 200;
/** Share of pages from which a word is too common to match on (idf under ln 4). */
export const COMMON_SHARE = 0.2;
const MAX_STEMS = 50_000;
/** Refresh when the page count has moved by more than this share since the last load. */
const STALE_SHARE = 0.05;

export class TermStats {
  private df = new Map<string, number>();
  private pagesAtLoad = -1;
  private loading = false;
  /** Porter stems of the words seen, since stemming was a tenth of a query's time. */
  private readonly stems = new Map<string, string>();

  constructor(private readonly store: MemoryStore) {}

  /**
   * The words worth matching: those whose stem is in fewer than COMMON_SHARE of the pages.
   * When every word is that common, the rarest is kept so the query still finds its pages.
   */
  async informative(words: string[], r: ReadTables = this.store): Promise<string[]> {
    const n = await r.pages.count();
    await this.refreshLater(n, r);
    if (n < MIN_PAGES || this.pagesAtLoad < MIN_PAGES || words.length <= 1) return words;
    const kept = words.filter((w) => this.share(w) < COMMON_SHARE);
    if (kept.length > 0) return kept;
    return [words.reduce((a, b) => (this.share(b) < this.share(a) ? b : a))];
  }

  /** The share of pages holding the word's stem (0 when unknown or not loaded yet). */
  share(word: string): number {
    return this.pagesAtLoad > 0 ? (this.df.get(this.stem(word)) ?? 0) / this.pagesAtLoad : 0;
  }

  /** How many pages hold the word's stem, as last loaded (0 when unknown). */
  pagesWith(word: string): number {
    return this.df.get(this.stem(word)) ?? 0;
  }

  private stem(word: string): string {
    let s = this.stems.get(word);
    if (s === undefined) {
      if (this.stems.size >= MAX_STEMS) this.stems.clear();
      this.stems.set(word, (s = stemmer(word)));
    }
    return s;
  }

  /** Loads the figures now (used at the first query of a large store and by tests). */
  async load(r: ReadTables = this.store): Promise<void> {
    const n = await r.pages.count();
    this.df = new Map(await r.pages.termDocCounts());
    this.pagesAtLoad = n;
  }

  private async refreshLater(n: number, r: ReadTables): Promise<void> {
    if (this.loading || n < MIN_PAGES) return;
    // The first figures are read at once (one walk of the index: ~30 ms at 10k pages); later
    // refreshes wait for the event loop to be free, and the query uses the figures it has.
    if (this.pagesAtLoad < 0) return this.load(r);
    if (Math.abs(n - this.pagesAtLoad) <= this.pagesAtLoad * STALE_SHARE) return;
    this.loading = true;
    setImmediate(() => {
      (this.store.isOpen ? this.load() : Promise.resolve())
        // Stale figures only make the pruning a little less exact; the next query tries again.
        .catch(() => undefined)
        .finally(() => {
          this.loading = false;
        });
    });
  }
}
