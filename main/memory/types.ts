// The engine's contract with everything above it (tools/, api/, cli/, bench/).
// Implementations live in this folder; callers import only these types and `openMemoryService`.
import type { EmbeddingSettings, LlmSettings, MemorySettings } from '../../shared/config.js';
import type {
  ExportLine,
  Knowledge,
  KnowledgeKind,
  MemoryCounts,
  Page,
  ProfileVersion,
  Segment,
} from '../../shared/memory.js';
import type {
  AddMemoryArgs,
  AddMemoryResult,
  DeleteMemoryResult,
  GetUserProfileArgs,
  GetUserProfileResult,
  RetrieveMemoryArgs,
  RetrieveMemoryResult,
} from '../../shared/tools.js';

export interface PageList {
  items: Page[];
  total: number;
}

export interface ListOptions {
  offset?: number;
  limit?: number;
}

export interface PagePatch {
  user_input?: string;
  agent_response?: string;
  memory_type?: string;
  tags?: string[];
  timestamp?: string;
}

/** What an import added, skipped (already present) and refused (invalid), with the first reasons. */
export interface ImportReport {
  pages: number;
  knowledge: number;
  profiles: number;
  skipped: number;
  refused: number;
  errors: string[];
}

/** One user's memory. Every method validates its own input and throws a MemoryError on bad input. */
export interface UserMemory {
  readonly user: string;
  /** Durable (committed) before the promise resolves; tier moves happen later, from a persisted queue. */
  add(args: AddMemoryArgs): Promise<AddMemoryResult>;
  retrieve(args: RetrieveMemoryArgs): Promise<RetrieveMemoryResult>;
  profile(args: GetUserProfileArgs): Promise<GetUserProfileResult>;
  /** A page id or a knowledge id; removed from every tier and index. Throws NotFound for unknown ids. */
  delete(memoryId: string): Promise<DeleteMemoryResult>;

  // Browsing and editing (dashboard).
  counts(): Promise<MemoryCounts>;
  listShortTerm(): Promise<Page[]>;
  listSegments(opts?: ListOptions): Promise<{ items: Segment[]; total: number }>;
  segmentPages(segmentId: string, opts?: ListOptions): Promise<PageList>;
  listPages(opts?: ListOptions & { tier?: 'short' | 'mid' }): Promise<PageList>;
  getPage(id: string): Promise<Page>;
  updatePage(id: string, patch: PagePatch): Promise<Page>;
  listKnowledge(kind: KnowledgeKind, opts?: ListOptions): Promise<{ items: Knowledge[]; total: number }>;
  updateKnowledge(id: string, text: string): Promise<Knowledge>;
  profileHistory(): Promise<ProfileVersion[]>;
  setProfile(text: string): Promise<ProfileVersion>;
  /** A new profile version made from the current text, read and written in one transaction. */
  changeProfile(change: (current: string) => string): Promise<ProfileVersion>;
  /** Every page, knowledge entry and profile version, read a batch at a time. */
  exportLines(): AsyncIterable<ExportLine>;
  importLines(lines: Iterable<unknown>): Promise<ImportReport>;

  /** Resolves when the background queue is empty (tests, shutdown, benchmarks). */
  drain(): Promise<void>;
  /** Online backup of this user's database to a file (SQLite backup API); refused on PostgreSQL. */
  backup(toFile: string): Promise<void>;
  close(): Promise<void>;
}

export interface MemoryServiceOptions {
  /** Root data directory; each user lives in <dataDir>/users/<name>/. */
  dataDir: string;
  memory: MemorySettings;
  llm: LlmSettings;
  embedding: EmbeddingSettings;
  /** For heat and timestamps; tests move time. */
  now?: () => number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

/** All users' memories; opens each user's store on first use and keeps it open. */
export interface MemoryService {
  /** The user's memory; its store finishes opening in the background (its first call waits for it). */
  forUser(name: string): UserMemory;
  /** Users that have memories stored. */
  listUsers(): Promise<string[]>;
  /** Per-user counts (opening the stores that are not open yet). */
  countsByUser(): Promise<Record<string, MemoryCounts>>;
  status(): { ok: boolean; users_open: number; detail?: string };
  /** Closes one user's store (after its queued work). */
  closeUser(name: string): Promise<void>;
  /**
   * Moves a user's memories to another name (a key renamed), after its queued work. Throws a
   * conflict when memories for the new name exist; a user with no store yet moves nothing.
   */
  renameUser(name: string, newName: string): Promise<void>;
  close(): Promise<void>;
}
