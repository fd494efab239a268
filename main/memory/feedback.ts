// Pseudo-relevance feedback, after RM3 (Lavrenko & Croft; Abdul-Jaleel et al. 2004) with its usual
// settings: the words that characterise the first pages found become a second full-text list.
import type { MemoryContext } from './context.js';
import { pageBody } from './store/rows.js';
import type { ReadTables } from './store/types.js';
import { COMMON_SHARE } from './termStats.js';
import { isStopword, words } from './text.js';

/** RM3's usual feedback depth and breadth. */
export const FEEDBACK_PAGES = 10;
const FEEDBACK_WORDS = 10;

/**
 * The feedback words for the first pages of a full-text list (best first): each word weighted by
 * its share of a page's words and the page's rank, times its idf so that the discriminating words
 * lead; the FEEDBACK_WORDS best that are not in the query, not too common to match on, and whose
 * pages add up to no more than `pageBudget` — FTS5 scores every page holding any of the words, so
 * the budget bounds the second match's cost (at 10k pages it keeps it under a millisecond) and
 * favours the rarer, more telling words. Stores below termStats' minimum size have no document
 * frequencies and get no feedback: with a few dozen pages the first list already holds most of them.
 */
export async function feedbackTerms(
  ctx: MemoryContext,
  read: ReadTables,
  ids: string[],
  query: Set<string>,
  pageBudget: number,
): Promise<string[]> {
  const stats = ctx.terms;
  const rank = new Map(ids.map((id, i) => [id, i]));
  const weight = new Map<string, number>();
  for (const r of await read.pages.bodies(ids)) {
    const ws = words(pageBody(r)).filter((w) => w.length > 2 && !isStopword(w) && !query.has(w) && !/^\d+$/.test(w));
    const pageWeight = 1 / (1 + rank.get(r.id)!);
    for (const w of ws) weight.set(w, (weight.get(w) ?? 0) + pageWeight / ws.length);
  }
  const scored: [string, number][] = [];
  for (const [w, x] of weight) {
    const share = stats.share(w);
    if (share > 0 && share < COMMON_SHARE) scored.push([w, x * Math.log(1 / share)]);
  }
  const chosen: string[] = [];
  let budget = pageBudget;
  for (const [w] of scored.sort((a, b) => b[1] - a[1])) {
    const n = stats.pagesWith(w);
    if (n > budget) continue;
    budget -= n;
    chosen.push(w);
    if (chosen.length === FEEDBACK_WORDS) break;
  }
  return chosen;
}
