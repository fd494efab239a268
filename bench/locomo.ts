// LoCoMo evidence recall: each conversation is ingested turn by turn through the engine (two
// consecutive turns to a page, the session's date as timestamp); for each question, the share of its
// evidence turns found in the top 5/10/25 pages, per category, beside plain BM25 and a plain SQLite
// FTS5 search over the same pages. Ingested as clients do — one add per call, the event loop free
// in between so the background work runs between calls — and, for comparison, in a tight loop with
// the background work drained once at the end.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memorySettingsSchema } from '../shared/config.js';
import { openTestService, tempDataDir } from '../main/memory/testing.js';
import type { MemoryService } from '../main/memory/types.js';
import { Bm25 } from './bm25.js';
import { Fts5Baseline } from './fts5Baseline.js';
import type { Benchmark } from './benchmark.js';
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

/**
 * The data sits in shared/bench beside the repository (or beside a folder of worktrees, found by
 * walking up); LOCOMO_DATA names another file.
 */
function dataFile(): string {
  if (process.env.LOCOMO_DATA) return process.env.LOCOMO_DATA;
  for (let dir = fileURLToPath(new URL('..', import.meta.url)); ;) {
    const parent = dirname(dir);
    const file = join(parent, 'shared/bench/locomo-dev.json');
    if (existsSync(file) || parent === dir) return file;
    dir = parent;
  }
}
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

const readData = () => JSON.parse(readFileSync(dataFile(), 'utf8')) as { conversations: Conversation[] };

/** One conversation's pages and the questions asked about it (those with evidence), for other benchmarks. */
export function locomoConversation(index: number): {
  pages: { user_input: string; agent_response: string; timestamp: string }[];
  questions: string[];
} {
  const c = readData().conversations[index]!;
  return {
    pages: pagesOf(c).map(({ user_input, agent_response, timestamp }) => ({ user_input, agent_response, timestamp })),
    questions: c.qa.filter((q) => CATEGORY[q.category] && q.evidence.length > 0).map((q) => q.question),
  };
}

type Recall = Record<number, number>;
interface Tally {
  n: number;
  hits: Recall;
}
export type Tallies = Record<string, Tally>;

/** Recall within the first 50: the most any reordering of those candidates could reach. */
const CEILING = 50;
export const RECALL_KS = [...KS, CEILING];

/** The share of the evidence turns among the pages found. */
const recallWithin = (found: string[][], evidence: string[]) =>
  evidence.filter((e) => found.some((dias) => dias.includes(e))).length / evidence.length;
const recallAt = (found: string[][], evidence: string[]): Recall =>
  Object.fromEntries(RECALL_KS.map((k) => [k, recallWithin(found.slice(0, k), evidence)]));

function tally(t: Tallies, categories: string[], recall: Recall): void {
  for (const cat of categories) {
    const e = (t[cat] ??= { n: 0, hits: Object.fromEntries(RECALL_KS.map((k) => [k, 0])) });
    e.n++;
    for (const k of RECALL_KS) e.hits[k]! += recall[k]!;
  }
}
export const pct = (t: Tally, k: number) => (100 * t.hits[k]!) / t.n;

/** How pages reach the engine: as clients send them, or all at once with the queue drained at the end. */
export type Ingest = 'clients' | 'tight-loop';

export interface LocomoResult {
  engine: Tallies;
  bm25: Tallies;
  fts5: Tallies;
  ingestMs: number;
  pages: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The engine over a data folder (the default), or over another store (bench/pgEngine.ts: PostgreSQL). */
export type OpenService = (dataDir: string) => MemoryService;

export async function runLocomo(
  ingest: Ingest,
  open: OpenService = (dir) => openTestService(dir, { memory: memorySettingsSchema.parse({}) }),
): Promise<LocomoResult> {
  const data = readData();
  const tmp = tempDataDir('memoryos-locomo-');
  const result: LocomoResult = { engine: {}, bm25: {}, fts5: {}, ingestMs: 0, pages: 0 };
  try {
    const svc = open(tmp.dir);
    for (const [ci, c] of data.conversations.entries()) {
      const pages = pagesOf(c);
      result.pages += pages.length;
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
        if (ingest === 'clients') await yieldToEventLoop();
      }
      await mem.drain();
      result.ingestMs += performance.now() - started;
      const texts = pages.map((p) => `${p.user_input}\n${p.agent_response}`);
      const bm25 = new Bm25(texts);
      const fts5 = new Fts5Baseline(texts);
      for (const q of c.qa) {
        if (!CATEGORY[q.category] || q.evidence.length === 0) continue;
        const categories = [CATEGORY[q.category]!, 'overall'];
        const r = await mem.retrieve({ query: q.question, max_results: CEILING });
        const found = r.retrieved_pages.map((p) => byId.get(p.memory_id) ?? []);
        tally(result.engine, categories, recallAt(found, q.evidence));
        const dias = (indexes: number[]) => indexes.map((i) => pages[i]!.dias);
        tally(result.bm25, categories, recallAt(dias(bm25.search(q.question, CEILING)), q.evidence));
        tally(result.fts5, categories, recallAt(dias(fts5.search(q.question, CEILING)), q.evidence));
      }
      fts5.close();
    }
    await svc.close();
  } finally {
    tmp.remove();
  }
  return result;
}

export const locomo: Benchmark = {
  name: 'locomo',
  description:
    'evidence recall@5/10/25 on the LoCoMo dev split, engine (embedded defaults, no LLM) ingested as clients do, ' +
    'vs plain BM25 and plain SQLite FTS5 over the same pages; and the engine ingested in a tight loop',
  async run() {
    const real = await runLocomo('clients');
    const tight = await runLocomo('tight-loop');
    const ratio = (a: number, b: number) => `${fmt(a / Math.max(1e-9, b))}×`;
    const rows = [...Object.values(CATEGORY).sort(), 'overall'].map((cat) => {
      const [e, b, f] = [real.engine[cat]!, real.bm25[cat]!, real.fts5[cat]!];
      return [
        cat,
        e.n,
        ...KS.flatMap((k) => [
          fmt(pct(e, k), 1),
          fmt(pct(b, k), 1),
          fmt(pct(f, k), 1),
          ratio(pct(e, k), pct(b, k)),
          ratio(pct(e, k), pct(f, k)),
        ]),
      ];
    });
    const overall = (t: Tallies) => RECALL_KS.map((k) => fmt(pct(t.overall!, k), 1));
    return [
      'As clients ingest (one add_memory per call, the event loop free between calls):',
      '',
      table(
        [
          'category',
          'questions',
          ...KS.flatMap((k) => [`engine@${k}`, `bm25@${k}`, `fts5@${k}`, `÷bm25@${k}`, `÷fts5@${k}`]),
        ],
        rows,
      ),
      '',
      table(
        ['overall recall', ...RECALL_KS.map((k) => `@${k}`), 'ingest ms per page (queue drained)'],
        [
          ['engine, as clients ingest', ...overall(real.engine), fmt(real.ingestMs / real.pages)],
          [
            'engine, tight loop (queue drained once at the end)',
            ...overall(tight.engine),
            fmt(tight.ingestMs / tight.pages),
          ],
          ['plain BM25', ...overall(real.bm25), ''],
          ['plain SQLite FTS5 (porter, words OR-ed, bm25)', ...overall(real.fts5), ''],
        ],
      ),
      '',
      `targets, as clients ingest: @5 ≥ 1.2× BM25 and ahead of FTS5; @10 ≥ 1.2× BM25. ` +
        `@${CEILING} is the most any reordering of the first ${CEILING} candidates could reach. ${real.pages} pages.`,
    ].join('\n');
  },
};
