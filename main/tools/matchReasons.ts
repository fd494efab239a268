// Why each retrieved page and knowledge entry matched, in terms a person checks at a glance: the
// query's words it contains (folded by the engine's own stemmer) and whether it dates from a time
// the query named. Items with neither were found by meaning or topic; the view says so.
import type { Matches } from '../../shared/memoryView.js';
import type { RetrieveMemoryResult } from '../../shared/tools.js';
import { isStopword, stem, words } from '../memory/text.js';
import { timeWindows } from '../memory/timeExpressions.js';

export function matchReasons(result: RetrieveMemoryResult, nowMs: number = Date.now()): Matches {
  const queryWords = new Map<string, string>();
  for (const w of words(result.query))
    if (w.length > 1 && !isStopword(w) && !queryWords.has(stem(w))) queryWords.set(stem(w), w);
  const windows = timeWindows(result.query, nowMs);
  const shared = (text: string) => {
    const stems = new Set(words(text).map(stem));
    return [...queryWords].filter(([s]) => stems.has(s)).map(([, surface]) => surface);
  };
  const inWindow = (iso: string) => {
    const t = Date.parse(iso);
    return windows.some((w) => t >= w.fromMs && t <= w.toMs);
  };

  const out: Matches = {};
  for (const p of result.retrieved_pages)
    out[p.memory_id] = { words: shared(`${p.user_input}\n${p.agent_response}`), in_time_named: inWindow(p.timestamp) };
  for (const k of [...result.retrieved_user_knowledge, ...result.retrieved_assistant_knowledge])
    out[k.id] = { words: shared(k.text), in_time_named: false };
  return out;
}
