// Numbered migrations, applied in order inside one transaction at open. Never edit one that has
// shipped: add the next number instead.
export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE segments (
        id TEXT PRIMARY KEY,
        summary TEXT NOT NULL,
        keywords TEXT NOT NULL DEFAULT '[]',
        n_visit INTEGER NOT NULL DEFAULT 0,
        l_interaction INTEGER NOT NULL DEFAULT 0,
        last_visit_ms INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE pages (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        user_input TEXT NOT NULL,
        agent_response TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        ts_ms INTEGER NOT NULL,
        memory_type TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        tier TEXT NOT NULL CHECK (tier IN ('short', 'mid')),
        meta_info TEXT,
        segment_id TEXT REFERENCES segments(id) ON DELETE SET NULL,
        pre_page TEXT,
        next_page TEXT,
        analyzed INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX pages_tier_seq ON pages (tier, seq);
      CREATE INDEX pages_segment ON pages (segment_id);
      CREATE INDEX pages_ts ON pages (ts_ms);
      CREATE TABLE knowledge (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('user', 'assistant')),
        text TEXT NOT NULL,
        source_page_ids TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        UNIQUE (kind, text)
      );
      CREATE TABLE profile_versions (
        version INTEGER PRIMARY KEY AUTOINCREMENT,
        text TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE embeddings (
        owner_kind TEXT NOT NULL CHECK (owner_kind IN ('page', 'knowledge', 'segment')),
        owner_id TEXT NOT NULL,
        embedder TEXT NOT NULL,
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (owner_kind, owner_id)
      );
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE VIRTUAL TABLE pages_fts USING fts5 (id UNINDEXED, body, context, tokenize = 'porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE knowledge_fts USING fts5 (id UNINDEXED, text, tokenize = 'porter unicode61 remove_diacritics 2');
    `,
  },
  {
    // Document frequencies of the page index's terms, read by termStats.ts to prune query words.
    version: 2,
    sql: `CREATE VIRTUAL TABLE pages_fts_vocab USING fts5vocab(pages_fts, 'row');`,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
