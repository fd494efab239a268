// The memory engine's data layer as an interface, one part per table, implemented twice: over one
// SQLite file per user (store/sqlite/, the embedded default) and over PostgreSQL shared by the
// replicas of a team server (store/postgres/). The engine above calls nothing else.
//
// Every method returns a promise. Reads may be called on the store itself; writes only inside
// `transaction`, whose changes commit together or not at all. Nothing but the store may be awaited
// inside a transaction (no embedding, no LLM): it would hold the user's write lock, and in SQLite
// the one connection, for as long.
import type { KnowledgeKind, ProfileVersion } from '../../../shared/memory.js';
import type {
  FoundPage,
  FullTextIndex,
  HeatedSegmentRow,
  HeatSettings,
  JobKind,
  JobRow,
  KnowledgeRow,
  OwnerKind,
  PageBody,
  PageContent,
  PageFilter,
  PageRow,
  Placement,
  SegmentRow,
  StoredVector,
  TextHit,
} from './rows.js';

export interface PageReads {
  get(id: string): Promise<PageRow | undefined>;
  exists(id: string): Promise<boolean>;
  count(tier?: 'short' | 'mid'): Promise<number>;
  /** Short-term pages, oldest first. */
  shortTerm(): Promise<PageRow[]>;
  /**
   * Newest first by when each exchange happened (its timestamp, which an import or a client may
   * set in the past), then by when it was stored: a timeline by day never shows the same day twice.
   */
  list(offset: number, limit: number, tier?: 'short' | 'mid'): Promise<PageRow[]>;
  /** A segment's pages in the order they were added (all of them without a limit). */
  ofSegment(segmentId: string, offset?: number, limit?: number): Promise<PageRow[]>;
  countOfSegment(segmentId: string): Promise<number>;
  unanalysedOfSegment(segmentId: string): Promise<PageRow[]>;
  /** The pages added just before and just after one, whatever their tier. */
  adjacent(seq: number): Promise<{ prev?: PageRow; next?: PageRow }>;
  found(ids: string[]): Promise<FoundPage[]>;
  bodies(ids: string[]): Promise<PageBody[]>;
  /** Up to `limit` pages added after `seq`, in order (export and migration walk the store with it). */
  after(seq: number, limit: number): Promise<PageRow[]>;
  /** Pages without a vector of the given embedder, oldest first. */
  lackingVector(embedder: string, limit: number): Promise<PageRow[]>;
  /** Porter stem -> number of pages holding it, over the page index (body and context). */
  termDocCounts(): Promise<[string, number][]>;
  lastEvicted(): Promise<string | undefined>;
  /**
   * The best pages holding any of `words` (every page of a phrase: words of a query are matched as
   * FTS5 matches them) under a filter, by bm25 with the body weighing 1 and the context 0.4, ties
   * broken by closeness in time to `moments`.
   */
  match(words: string[], filter: PageFilter, limit: number, moments?: number[]): Promise<TextHit[]>;
  /** Pages under a filter, closest in time to `moments` first. */
  closest(filter: PageFilter, moments: number[], limit: number): Promise<string[]>;
  idsWhere(filter: PageFilter): Promise<Set<string>>;
  /** The newest short-term pages under a filter, newest first. */
  newestShortTerm(filter: PageFilter, limit: number): Promise<FoundPage[]>;
}

export interface PageWrites {
  /** A new short-term page, found by its own words until indexed with its context; returns its seq. */
  insert(row: PageRow): Promise<number>;
  /** Replaces a page's full-text entry. */
  writeIndex(seq: number, id: string, body: string, context: string): Promise<void>;
  updateContent(id: string, content: PageContent): Promise<void>;
  /** Moves a short-term page into a segment, chained after `prePage` when it continues it. */
  place(id: string, p: Placement): Promise<void>;
  setLastEvicted(id: string): Promise<void>;
  markAnalyzed(ids: string[]): Promise<void>;
  /**
   * Removes a page and everything that points at it: its chain neighbours are linked to each
   * other, its full-text entry and vector go, the last-evicted pointer is cleared if it named it,
   * and a segment left without pages goes too. Undefined when there was no such page.
   */
  remove(id: string): Promise<{ page: PageRow; emptiedSegment: string | null } | undefined>;
}

export interface SegmentReads {
  get(id: string): Promise<SegmentRow | undefined>;
  count(): Promise<number>;
  /** Hottest first, with their page counts. */
  list(h: HeatSettings, now: number, offset: number, limit: number): Promise<HeatedSegmentRow[]>;
  /** The `n` segments with the lowest heat, coldest first. */
  coldest(h: HeatSettings, now: number, n: number): Promise<HeatedSegmentRow[]>;
  /** Segments at or over a heat holding pages not analysed yet for the profile and knowledge. */
  hotWithUnanalysedPages(h: HeatSettings, now: number, threshold: number): Promise<HeatedSegmentRow[]>;
  lackingVector(embedder: string, limit: number): Promise<SegmentRow[]>;
  all(): Promise<SegmentRow[]>;
}

export interface SegmentWrites {
  insert(r: Omit<SegmentRow, 'page_count'>): Promise<void>;
  /** New pages join a segment: more interaction, visited now, the keywords merged. */
  merge(id: string, m: { pages: number; nowMs: number; keywords: string[] }): Promise<void>;
  /** Retrieval visits (N_visit), gathered and written together. Segments gone meanwhile are skipped. */
  addVisits(visits: [string, { count: number; lastMs: number }][]): Promise<void>;
  /** After analysis, the counters start again. */
  resetCounters(id: string): Promise<void>;
  /** Removes a segment row and its vector; its pages are removed first, through pages.remove. */
  remove(id: string): Promise<void>;
}

export interface KnowledgeReads {
  get(id: string): Promise<KnowledgeRow | undefined>;
  count(kind?: KnowledgeKind): Promise<number>;
  /** Newest first. */
  list(kind: KnowledgeKind, offset: number, limit: number): Promise<KnowledgeRow[]>;
  /** The entries of a kind beyond the newest `keep`. */
  beyond(kind: KnowledgeKind, keep: number): Promise<string[]>;
  /** Every entry, oldest first (at most the knowledge capacity of each kind). */
  all(): Promise<KnowledgeRow[]>;
  byIds(ids: string[]): Promise<KnowledgeRow[]>;
  kindsOf(ids: string[]): Promise<Map<string, KnowledgeKind>>;
  /** Ids of the best full-text matches of any of the words, best first (bm25). */
  match(words: string[], limit: number): Promise<string[]>;
  lackingVector(embedder: string, limit: number): Promise<KnowledgeRow[]>;
}

export interface KnowledgeWrites {
  /** Adds an entry and its full-text entry; false when its id, or the same text of the same kind, exists. */
  insert(r: KnowledgeRow): Promise<boolean>;
  updateText(id: string, text: string): Promise<void>;
  /** Removes an entry, its full-text entry and its vector; false when there was none. */
  remove(id: string): Promise<boolean>;
}

export interface ProfileReads {
  /** Newest first. */
  history(): Promise<ProfileVersion[]>;
  /** The current profile text ('' when there is none). */
  current(): Promise<string>;
  /** Whether a version with this text and time exists (an import seen before). */
  has(text: string, createdAt: string): Promise<boolean>;
}

export interface ProfileWrites {
  insert(text: string, source: ProfileVersion['source'], createdAt: string): Promise<ProfileVersion>;
}

export interface JobReads {
  count(): Promise<number>;
}

export interface JobWrites {
  /** Queues a job unless one of its kind is already waiting. */
  enqueue(kind: JobKind, createdAt: string): Promise<void>;
  /**
   * Takes the oldest job nobody else runs (in PostgreSQL: claimed for this replica, so each job
   * runs once somewhere); undefined when none is waiting.
   */
  claim(): Promise<JobRow | undefined>;
  /** Done: removed, in the transaction that commits its writes. */
  remove(id: number): Promise<void>;
  /** Failed: counted, and left for a later try. */
  release(id: number, attempts: number): Promise<void>;
}

/** Vectors written and dropped since a revision, for a process whose indexes another replica changed. */
export interface VectorChanges {
  /** The revision these changes bring an index up to. */
  rev: number;
  /** In the order they were made; `vector` null for a vector dropped. */
  changes: { kind: OwnerKind; id: string; embedder: string; vector: Uint8Array | null }[];
}

export interface EmbeddingReads {
  count(kind: OwnerKind, embedder: string): Promise<number>;
  /**
   * The stored vectors of one kind and embedder. `rows` must be read before the next call to the
   * store (SQLite streams them from its statement: no array of every row).
   */
  load(kind: OwnerKind, embedder: string): Promise<{ count: number; rows: Iterable<StoredVector> }>;
  /** The store's vector revision now (0 where one process is the only writer). */
  revision(): Promise<number>;
  /**
   * What changed after `rev` (nothing, where one process is the only writer); null when the change
   * log no longer reaches back that far: load everything again.
   */
  changes(rev: number): Promise<VectorChanges | null>;
}

export interface EmbeddingWrites {
  put(kind: OwnerKind, id: string, embedder: string, v: Float32Array): Promise<void>;
  drop(kind: OwnerKind, id: string): Promise<void>;
}

export interface FullTextReads {
  /** Whether the indexes need merging from time to time (FTS5 does; a GIN index keeps itself). */
  readonly merges: boolean;
  /** The index's stored blocks, about its size in pages. */
  leafPages(index: FullTextIndex): Promise<number>;
}

export interface FullTextWrites {
  /** One bounded merge step; false when there was nothing left to merge. */
  mergeStep(index: FullTextIndex, pages: number): Promise<boolean>;
}

/** What may be read outside a transaction. */
export interface ReadTables {
  pages: PageReads;
  segments: SegmentReads;
  knowledge: KnowledgeReads;
  profile: ProfileReads;
  jobs: JobReads;
  embeddings: EmbeddingReads;
  fullText: FullTextReads;
}

/** Everything, inside a transaction. */
export interface Tables {
  pages: PageReads & PageWrites;
  segments: SegmentReads & SegmentWrites;
  knowledge: KnowledgeReads & KnowledgeWrites;
  profile: ProfileReads & ProfileWrites;
  jobs: JobReads & JobWrites;
  embeddings: EmbeddingReads & EmbeddingWrites;
  fullText: FullTextReads & FullTextWrites;
}

/** One user's memory tables. */
export interface MemoryStore extends ReadTables {
  /** Where the memories live, for messages: a file, or a database and user. */
  readonly where: string;
  readonly isOpen: boolean;
  /**
   * Several reads that belong together (a retrieval): in PostgreSQL one connection and one setup
   * for all of them; in SQLite they simply run.
   */
  read<T>(fn: (r: ReadTables) => Promise<T>): Promise<T>;
  /** Commits everything `fn` wrote when it resolves; nothing of it when it throws. */
  transaction<T>(fn: (tx: Tables) => Promise<T>): Promise<T>;
  /** The store's failures as errors a person can act on (StorageError, DatabaseUnavailableError). */
  failure(err: unknown): Error;
  /** A consistent copy to a file (SQLite's backup API); refused where the store is a shared database. */
  backup(toFile: string): Promise<void>;
  close(): Promise<void>;
}
