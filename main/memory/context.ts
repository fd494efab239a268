// Everything one user's memory works with, passed to the parts (records, consolidation, retrieval).
import type { MemorySettings } from '../../shared/config.js';
import type { Embedder } from './embed/types.js';
import type { MemoryLlm } from './llm/types.js';
import type { MemoryStore } from './store/types.js';
import type { TermStats } from './termStats.js';
import { VectorIndex } from './vectorIndex.js';

export type Log = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

export interface MemoryContext {
  user: string;
  store: MemoryStore;
  settings: MemorySettings;
  embedder: Embedder;
  llm: MemoryLlm;
  pages: VectorIndex;
  segments: VectorIndex;
  knowledge: VectorIndex;
  /** Document frequencies of the page index's terms, for query pruning and feedback. */
  terms: TermStats;
  now: () => number;
  log: Log;
}

export function newIndexes(dimensions: number): Pick<MemoryContext, 'pages' | 'segments' | 'knowledge'> {
  return {
    pages: new VectorIndex(dimensions),
    segments: new VectorIndex(dimensions),
    knowledge: new VectorIndex(dimensions),
  };
}

export const isoNow = (ctx: MemoryContext) => new Date(ctx.now()).toISOString();
