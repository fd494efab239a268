// Why a search hit matched, and whether it matched at all. The engine's fused scores rank, but they
// cannot say "nothing relevant": reciprocal-rank fusion gives the 1st and the 10th candidate of a
// list nearly the same score (1/61 against 1/70), and a query of words no page holds still brings
// back the vector list's nearest pages. So the floor is what a person can check: a hit shares a
// content word with the query (after the engine's own stemming), or falls in a time the query
// names. Whatever else the engine returned is only loosely related and is shown as such.
import type { MemorySearch, SearchHit } from '../../shared/dashboard.js';
import type { RetrieveMemoryResult, RetrievedPage } from '../../shared/tools.js';
import { isStopword, stem, words } from '../memory/text.js';
import { timeWindows } from '../memory/timeExpressions.js';

/**
 * A word as compared here: the engine's stem, less a final "e" so that "live" meets "lives" and
 * "hike" meets "hiked" (the light stemmer folds the ending, not the silent e before it).
 */
const base = (w: string) => {
  const s = stem(w);
  return s.length > 3 ? s.replace(/e$/, '') : s;
};

/** The query's content words, compared by their stems. */
export function queryStems(query: string): Set<string> {
  return new Set(
    words(query)
      .filter((w) => w.length > 1 && !isStopword(w))
      .map(base),
  );
}

/** The words of `text` whose stem is one of `stems`, each once, as the engine reads them (lower case). */
export function matchedWords(text: string, stems: Set<string>): string[] {
  const out = new Set<string>();
  for (const w of words(text)) if (w.length > 1 && stems.has(base(w))) out.add(w);
  return [...out];
}

export function judgeSearch(result: RetrieveMemoryResult, nowMs: number = Date.now()): MemorySearch {
  const stems = queryStems(result.query);
  const windows = timeWindows(result.query, nowMs);
  const inNamedTime = (iso: string) => {
    const t = Date.parse(iso);
    return windows.some((w) => t >= w.fromMs && t <= w.toMs);
  };
  const judge = (p: RetrievedPage): SearchHit => ({
    ...p,
    matched: matchedWords(`${p.user_input}\n${p.agent_response}\n${p.tags.join(' ')}`, stems),
    in_named_time: inNamedTime(p.timestamp),
  });
  const hits = result.retrieved_pages.map(judge);
  const knowledge = [...result.retrieved_user_knowledge, ...result.retrieved_assistant_knowledge]
    .map((k) => ({ ...k, matched: matchedWords(k.text, stems) }))
    .filter((k) => k.matched.length > 0);
  return {
    query: result.query,
    took_ms: result.took_ms,
    relevant: hits.filter((h) => h.matched.length > 0 || h.in_named_time),
    loose: hits.filter((h) => h.matched.length === 0 && !h.in_named_time),
    knowledge,
  };
}
