// Deterministic, offline versions of every MemoryOS LLM step: term statistics and extraction, no
// model. They are what runs with no model configured and whenever a model call fails.
import { jaccard, sentences, terms, topKeywords } from '../text.js';
import type { PageText, Theme } from './types.js';

const CONTINUITY_MAX_GAP_MS = 6 * 3600_000;
const CONTINUITY_QUICK_MS = 10 * 60_000;
const FIRST_PERSON_PHRASES = [
  'i am',
  "i'm",
  'i was',
  'i have',
  "i've",
  'i had',
  'i like',
  'i love',
  'i enjoy',
  'i hate',
  'i prefer',
  'i work',
  'i live',
  'i moved',
  'i grew',
  'i study',
  'i studied',
  'i want',
  'i plan',
  'i need',
  'i own',
  'i usually',
  'i always',
  'i never',
  'my [a-z]+',
];
const FIRST_PERSON_FACT = new RegExp(`\\b(${FIRST_PERSON_PHRASES.join('|')})\\b`, 'i');
const PROFILE_MAX_LINES = 40;

const pageText = (p: PageText) => `${p.user_input} ${p.agent_response}`;

export function continuity(prev: PageText, next: PageText): boolean {
  const gap = Math.abs(Date.parse(next.timestamp) - Date.parse(prev.timestamp));
  if (Number.isFinite(gap) && gap > CONTINUITY_MAX_GAP_MS) return false;
  if (Number.isFinite(gap) && gap <= CONTINUITY_QUICK_MS) return true;
  return jaccard(terms(pageText(prev)), terms(pageText(next))) >= 0.05;
}

export function metaInfo(prevMeta: string | null, page: PageText): string {
  const previous = prevMeta
    ? prevMeta
        .replace(/^Topics:\s*/, '')
        .split(/,\s*/)
        .filter(Boolean)
    : [];
  const merged = [...new Set([...previous, ...topKeywords([pageText(page)], 4)])].slice(-8);
  return merged.length > 0 ? `Topics: ${merged.join(', ')}` : 'Topics: small talk';
}

function summarySentences(texts: string[], keywords: string[], max: number): string {
  const keySet = new Set(terms(keywords.join(' ')));
  const scored = texts
    .flatMap((t) => sentences(t))
    .filter((s) => s.length >= 12 && !s.endsWith('?'))
    .map((s, i) => ({ s, i, score: terms(s).filter((t) => keySet.has(t)).length }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i);
  const text = scored.map((x) => x.s).join(' ');
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** Greedy clustering by term overlap into at most `maxThemes` groups; every page lands in one group. */
export function groupPages(pages: PageText[], maxThemes: number): number[][] {
  const groups: { idx: number[]; terms: Set<string> }[] = [];
  pages.forEach((p, i) => {
    const t = terms(pageText(p));
    let best = -1;
    let bestSim = 0;
    groups.forEach((g, gi) => {
      const sim = jaccard(t, g.terms);
      if (sim > bestSim) [best, bestSim] = [gi, sim];
    });
    if (best >= 0 && (bestSim >= 0.08 || groups.length >= maxThemes)) {
      groups[best]!.idx.push(i);
      for (const x of t) groups[best]!.terms.add(x);
    } else if (groups.length < maxThemes) {
      groups.push({ idx: [i], terms: new Set(t) });
    } else {
      groups[0]!.idx.push(i);
    }
  });
  return groups.map((g) => g.idx);
}

export function summarize(pages: PageText[], maxThemes: number): Theme[] {
  return groupPages(pages, maxThemes).map((idx) => {
    const texts = idx.map((i) => pageText(pages[i]!));
    const keywords = topKeywords(texts, 6);
    const content = summarySentences(texts, keywords, 3) || texts.join(' ').slice(0, 300);
    return { theme: keywords.slice(0, 3).join(', ') || 'conversation', keywords, content };
  });
}

function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N} ]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function userFacts(pages: PageText[]): string[] {
  const facts = pages
    .flatMap((p) => sentences(p.user_input))
    .filter((s) => s.length >= 12 && s.length <= 300 && !s.endsWith('?') && FIRST_PERSON_FACT.test(s));
  return dedupe(facts);
}

export function profile(existing: string, pages: PageText[]): string {
  const lines = existing
    .split('\n')
    .map((l) => l.replace(/^-\s*/, '').trim())
    .filter((l) => l.length > 0 && normalise(l) !== 'none');
  const merged = dedupe([...lines, ...userFacts(pages)]);
  return merged
    .slice(-PROFILE_MAX_LINES)
    .map((l) => `- ${l}`)
    .join('\n');
}

export function knowledge(pages: PageText[]): { user: string[]; assistant: string[] } {
  const assistant = pages
    .flatMap((p) => sentences(p.agent_response))
    .filter(
      (s) =>
        s.length >= 20 &&
        s.length <= 300 &&
        !s.endsWith('?') &&
        /(\d|\b[A-Z][a-z]+\b.*\b(is|are|was|has|uses|means)\b)/.test(s),
    );
  return { user: userFacts(pages), assistant: dedupe(assistant).slice(0, 10) };
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const key = normalise(item);
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}
