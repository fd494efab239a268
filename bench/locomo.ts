// LoCoMo evidence recall: each conversation is ingested turn by turn through the engine (two
// consecutive turns to a page, the session's date as timestamp); for each question, the share of its
// evidence turns found in the top 5/10/25 pages, per category, beside plain BM25 over the same pages.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memorySettingsSchema } from '../shared/config.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import { Bm25 } from './bm25.js';
import type { Benchmark } from './run.js';
import { fmt, table } from './stats.js';

interface Turn {
  dia_id: string;
  speaker: string;
  text: string;
  image_caption?: string;
}
interface Conversation {
  id: string;
  sessions: { session: number; date_time: string; turns: Turn[] }[];
  qa: { question: string; category: number; evidence: string[] }[];
}

const DATA = fileURLToPath(new URL('../../shared/bench/locomo-dev.json', import.meta.url));
const KS = [5, 10, 25] as const;
const CATEGORY: Record<number, string> = { 1: 'multi-hop', 2: 'temporal', 3: 'open-domain', 4: 'single-hop' };

/** "1:56 pm on 8 May, 2023" -> epoch ms (UTC). */
export function parseLocomoDate(s: string): number {
  const m = /(\d+):(\d+)\s*(am|pm)\s+on\s+(\d+)\s+(\w+),?\s+(\d{4})/i.exec(s);
  if (!m) return Date.parse(s);
  let hour = Number(m[1]) % 12;
  if (m[3]!.toLowerCase() === 'pm') hour += 12;
  return Date.parse(`${m[4]} ${m[5]} ${m[6]} ${String(hour).padStart(2, '0')}:${m[2]}:00 UTC`);
}

const turnText = (t: Turn) =>
  `${t.speaker}: ${t.text}${t.image_caption ? ` [shares a photo: ${t.image_caption}]` : ''}`;

interface Page {
  dias: string[];
  user_input: string;
  agent_response: string;
  timestamp: string;
}

function pagesOf(c: Conversation): Page[] {
  const pages: Page[] = [];
  for (const s of c.sessions) {
    const base = parseLocomoDate(s.date_time);
    for (let i = 0; i < s.turns.length; i += 2) {
      const a = s.turns[i]!;
      const b = s.turns[i + 1];
      pages.push({
        dias: [a.dia_id, ...(b ? [b.dia_id] : [])],
        user_input: turnText(a),
        agent_response: b ? turnText(b) : '',
        timestamp: new Date(base + i * 30_000).toISOString(),
      });
    }
  }
  return pages;
}

type Tally = Record<string, { n: number; hits: Record<number, number> }>;
const add = (t: Tally, cat: string, recall: Record<number, number>) => {
  const e = (t[cat] ??= { n: 0, hits: { 5: 0, 10: 0, 25: 0 } });
  e.n++;
  for (const k of KS) e.hits[k]! += recall[k]!;
};
/** The share of the evidence turns among the pages found. */
const recallWithin = (found: string[][], evidence: string[]) =>
  evidence.filter((e) => found.some((dias) => dias.includes(e))).length / evidence.length;
const recallAt = (found: string[][], evidence: string[]) =>
  Object.fromEntries(KS.map((k) => [k, recallWithin(found.slice(0, k), evidence)]));

/** Recall within the first 50: the most any reordering of those candidates could reach. */
const CEILING = 50;

export async function runLocomo(): Promise<{
  engine: Tally;
  bm25: Tally;
  ingestMs: number;
  pages: number;
  ceiling: { engine: number; bm25: number; n: number };
}> {
  const data = JSON.parse(readFileSync(DATA, 'utf8')) as { conversations: Conversation[] };
  const tmp = tempDataDir('memoryos-locomo-');
  const engine: Tally = {};
  const bm25: Tally = {};
  let ingestMs = 0;
  let pageCount = 0;
  const ceiling = { engine: 0, bm25: 0, n: 0 };
  try {
    const svc = openTestService(tmp.dir, { memory: memorySettingsSchema.parse({}) });
    for (const [ci, c] of data.conversations.entries()) {
      const pages = pagesOf(c);
      pageCount += pages.length;
      const mem = svc.forUser(`conv${ci}`);
      const byId = new Map<string, string[]>();
      const started = performance.now();
      for (const p of pages) {
        const r = await mem.add({
          user_input: p.user_input,
          agent_response: p.agent_response,
          timestamp: p.timestamp,
          memory_type: 'conversation',
          tags: [],
        });
        byId.set(r.memory_id, p.dias);
      }
      await mem.drain();
      ingestMs += performance.now() - started;
      const baseline = new Bm25(pages.map((p) => `${p.user_input}\n${p.agent_response}`));
      for (const q of c.qa) {
        if (!CATEGORY[q.category] || q.evidence.length === 0) continue;
        const r = await mem.retrieve({ query: q.question, max_results: CEILING });
        const found = r.retrieved_pages.map((p) => byId.get(p.memory_id) ?? []);
        const base = baseline.search(q.question, CEILING).map((i) => pages[i]!.dias);
        ceiling.n++;
        ceiling.engine += recallWithin(found, q.evidence);
        ceiling.bm25 += recallWithin(base, q.evidence);
        for (const cat of [CATEGORY[q.category]!, 'overall']) {
          add(engine, cat, recallAt(found, q.evidence));
          add(bm25, cat, recallAt(base, q.evidence));
        }
      }
    }
    await svc.close();
  } finally {
    tmp.remove();
  }
  return { engine, bm25, ingestMs, pages: pageCount, ceiling };
}

export const locomo: Benchmark = {
  name: 'locomo',
  description:
    'evidence recall@5/10/25 on the LoCoMo dev split, engine (embedded defaults, no LLM) vs plain BM25 over the same pages',
  async run() {
    const { engine, bm25, ingestMs, pages, ceiling } = await runLocomo();
    const rows = Object.keys(engine).map((cat) => {
      const e = engine[cat]!;
      const b = bm25[cat]!;
      const pct = (t: { n: number; hits: Record<number, number> }, k: number) => (100 * t.hits[k]!) / t.n;
      return [
        cat,
        e.n,
        ...KS.flatMap((k) => [fmt(pct(e, k), 1), fmt(pct(b, k), 1), `${fmt(pct(e, k) / Math.max(1e-9, pct(b, k)))}×`]),
      ];
    });
    return [
      table(['category', 'questions', ...KS.flatMap((k) => [`engine@${k}`, `bm25@${k}`, `ratio@${k}`])], rows),
      '',
      `recall@${CEILING} (the most any reranking of the first ${CEILING} could give @10 and @25): engine ${fmt((100 * ceiling.engine) / ceiling.n, 1)}, bm25 ${fmt((100 * ceiling.bm25) / ceiling.n, 1)}`,
      `${pages} pages ingested through add_memory + consolidation in ${fmt(ingestMs / 1000, 1)} s (${fmt(ingestMs / pages)} ms per page, queue drained)`,
    ].join('\n');
  },
};
