// The memory tables in PostgreSQL (migration 2 of main/postgres/migrations.ts): the same tables as
// one user's SQLite file, each row carrying its user, plus a weighted tsvector per page and
// knowledge entry, a revision per vector (so replicas can catch up), and job claims.
//
// Isolation has two walls. Every query of store/postgres filters by the user. And every memory
// transaction runs as MEMBER_ROLE, a login-less role without BYPASSRLS that owns nothing, with the
// user in a transaction-local setting (USER_SETTING): row-level security then refuses any row of
// another user, even to a query that forgot its filter, and even when DATABASE_URL names a
// superuser (who would bypass the policies; SET ROLE makes it the member role for the transaction).

export const MEMBER_ROLE = 'memoryos_member';
export const USER_SETTING = 'memoryos.user_name';

/** Every table of users' memories (each row carries its user; each has the row-level policy). */
export const TABLES = [
  'memory_segments',
  'memory_pages',
  'memory_knowledge',
  'memory_profile_versions',
  'memory_embeddings',
  'memory_vector_drops',
  'memory_jobs',
  'memory_state',
  'memory_text_totals',
];

const own = (table: string) => `
  ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
  CREATE POLICY ${table}_own_rows ON ${table}
    USING (user_name = current_setting('${USER_SETTING}', true))
    WITH CHECK (user_name = current_setting('${USER_SETTING}', true));`;

const totalled = (table: string) => `
  CREATE TRIGGER ${table}_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_text_totals_inserted();
  CREATE TRIGGER ${table}_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_text_totals_deleted();
  CREATE TRIGGER ${table}_updated AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION memory_text_totals_updated();`;

/**
 * The member role and its grants, idempotent: run by migration 2 and again at every start, since a
 * role belongs to the cluster, not the database: a pg_dump restored into another cluster brings the
 * tables and their policies but not the role, and the first replica to start makes it again.
 */
export const MEMBER_ROLE_SETUP = `
  -- Roles belong to the whole cluster: another database of it may have made this one already,
  -- perhaps at this very moment.
  DO $$
  BEGIN
    CREATE ROLE ${MEMBER_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$;
  DO $$
  BEGIN
    EXECUTE format('GRANT ${MEMBER_ROLE} TO %I', current_user);
  EXCEPTION WHEN duplicate_object OR unique_violation OR object_in_use THEN NULL;
  END $$;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ${TABLES.join(', ')} TO ${MEMBER_ROLE};
  GRANT USAGE ON SEQUENCE memory_vector_rev, memory_jobs_id_seq, memory_knowledge_ord_seq TO ${MEMBER_ROLE};
`;

/**
 * Row-level security keeps a query's conditions from running before the policy's unless their
 * functions are LEAKPROOF, so the GIN index could not serve `tsv @@ query` under the member role:
 * every full-text match read all of the user's pages (8 ms at 10k, each of a retrieval's three
 * matches). The match of a tsvector and a tsquery (and a JSON array holding a tag) reveals nothing
 * but its answer, so they are marked LEAKPROOF in this database. That takes a superuser; without one
 * the statement is skipped and matching stays correct, only slower.
 */
export const LEAKPROOF_MATCHES = `
  DO $$
  BEGIN
    ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) LEAKPROOF;
    ALTER FUNCTION pg_catalog.jsonb_exists(jsonb, text) LEAKPROOF;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'not a superuser: full-text matches under row-level security will not use the GIN index';
  END $$;
`;

export const MEMORY_SCHEMA = `
  CREATE TABLE memory_segments (
    user_name text NOT NULL,
    id text NOT NULL,
    summary text NOT NULL,
    keywords text NOT NULL DEFAULT '[]',
    n_visit integer NOT NULL DEFAULT 0,
    l_interaction integer NOT NULL DEFAULT 0,
    last_visit_ms double precision NOT NULL,
    created_at text NOT NULL,
    PRIMARY KEY (user_name, id)
  );

  CREATE TABLE memory_pages (
    user_name text NOT NULL,
    id text NOT NULL,
    seq integer NOT NULL,
    user_input text NOT NULL,
    agent_response text NOT NULL,
    timestamp text NOT NULL,
    ts_ms double precision NOT NULL,
    memory_type text NOT NULL,
    tags text NOT NULL DEFAULT '[]',
    tier text NOT NULL CHECK (tier IN ('short', 'mid')),
    meta_info text,
    segment_id text,
    pre_page text,
    next_page text,
    analyzed integer NOT NULL DEFAULT 0,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    -- Body (weight A) and context (weight B), Porter stems as FTS5 indexes them; length in tokens.
    tsv tsvector NOT NULL,
    doc_len integer NOT NULL,
    PRIMARY KEY (user_name, id),
    UNIQUE (user_name, seq),
    FOREIGN KEY (user_name, segment_id) REFERENCES memory_segments (user_name, id)
      ON DELETE SET NULL (segment_id) DEFERRABLE INITIALLY DEFERRED
  );
  CREATE INDEX memory_pages_tier ON memory_pages (user_name, tier, seq);
  CREATE INDEX memory_pages_segment ON memory_pages (user_name, segment_id, seq);
  CREATE INDEX memory_pages_time ON memory_pages (user_name, ts_ms);
  CREATE INDEX memory_pages_text ON memory_pages USING gin (tsv);

  CREATE TABLE memory_knowledge (
    user_name text NOT NULL,
    id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('user', 'assistant')),
    text text NOT NULL,
    source_page_ids text NOT NULL DEFAULT '[]',
    created_at text NOT NULL,
    ord bigserial NOT NULL,
    tsv tsvector NOT NULL,
    doc_len integer NOT NULL,
    PRIMARY KEY (user_name, id)
  );
  -- The same text of the same kind once (by digest: a text may be longer than an index entry).
  CREATE UNIQUE INDEX memory_knowledge_text ON memory_knowledge (user_name, kind, md5(text));
  CREATE INDEX memory_knowledge_order ON memory_knowledge (user_name, kind, created_at, ord);
  CREATE INDEX memory_knowledge_search ON memory_knowledge USING gin (tsv);

  CREATE TABLE memory_profile_versions (
    user_name text NOT NULL,
    version integer NOT NULL,
    text text NOT NULL,
    source text NOT NULL,
    created_at text NOT NULL,
    PRIMARY KEY (user_name, version)
  );

  -- Revisions come from one sequence, taken under the user's write lock: for one user they grow in
  -- the order transactions commit, so "changes after rev R" misses nothing.
  CREATE SEQUENCE memory_vector_rev;
  CREATE TABLE memory_embeddings (
    user_name text NOT NULL,
    owner_kind text NOT NULL CHECK (owner_kind IN ('page', 'knowledge', 'segment')),
    owner_id text NOT NULL,
    embedder text NOT NULL,
    dim integer NOT NULL,
    vector bytea NOT NULL,
    rev bigint NOT NULL DEFAULT nextval('memory_vector_rev'),
    PRIMARY KEY (user_name, owner_kind, owner_id)
  );
  CREATE INDEX memory_embeddings_rev ON memory_embeddings (user_name, rev);
  CREATE INDEX memory_embeddings_embedder ON memory_embeddings (user_name, owner_kind, embedder);
  CREATE TABLE memory_vector_drops (
    user_name text NOT NULL,
    owner_kind text NOT NULL,
    owner_id text NOT NULL,
    rev bigint NOT NULL DEFAULT nextval('memory_vector_rev'),
    dropped_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX memory_vector_drops_rev ON memory_vector_drops (user_name, rev);

  -- One waiting job of a kind per user; a replica claims one for a while (FOR UPDATE SKIP LOCKED).
  CREATE TABLE memory_jobs (
    id bigserial PRIMARY KEY,
    user_name text NOT NULL,
    kind text NOT NULL,
    payload text NOT NULL DEFAULT '{}',
    attempts integer NOT NULL DEFAULT 0,
    created_at text NOT NULL,
    queued_at timestamptz NOT NULL DEFAULT now(),
    claimed_by text,
    claimed_until timestamptz,
    UNIQUE (user_name, kind)
  );
  CREATE INDEX memory_jobs_waiting ON memory_jobs (claimed_until, queued_at);

  CREATE TABLE memory_state (
    user_name text NOT NULL,
    key text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (user_name, key)
  );

  -- bm25's collection figures per user and indexed table (rows, tokens), as FTS5 keeps them:
  -- counting them at each match read every page (11 ms at 10k). Kept by statement triggers, so
  -- every path that writes the tables (the store, migrate-to-postgres, a rename) keeps them right.
  CREATE TABLE memory_text_totals (
    user_name text NOT NULL,
    tbl text NOT NULL,
    n bigint NOT NULL,
    len bigint NOT NULL,
    PRIMARY KEY (user_name, tbl)
  );
  CREATE FUNCTION memory_text_totals_add(tbl text, changes jsonb) RETURNS void LANGUAGE sql AS $$
    INSERT INTO memory_text_totals AS t (user_name, tbl, n, len)
    SELECT c.user_name, tbl, sum(c.n), sum(c.len)
    FROM jsonb_to_recordset(changes) AS c(user_name text, n bigint, len bigint) GROUP BY c.user_name
    -- Most updates (a page placed, marked analysed) change neither: no write then.
    HAVING sum(c.n) <> 0 OR sum(c.len) <> 0
    ON CONFLICT (user_name, tbl) DO UPDATE SET n = t.n + excluded.n, len = t.len + excluded.len
  $$;
  CREATE FUNCTION memory_text_totals_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM memory_text_totals_add(TG_TABLE_NAME, (SELECT coalesce(jsonb_agg(x), '[]') FROM
      (SELECT user_name, count(*) AS n, sum(doc_len) AS len FROM new_rows GROUP BY user_name) x));
    RETURN NULL;
  END $$;
  CREATE FUNCTION memory_text_totals_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM memory_text_totals_add(TG_TABLE_NAME, (SELECT coalesce(jsonb_agg(x), '[]') FROM
      (SELECT user_name, -count(*) AS n, -sum(doc_len) AS len FROM old_rows GROUP BY user_name) x));
    RETURN NULL;
  END $$;
  CREATE FUNCTION memory_text_totals_updated() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM memory_text_totals_add(TG_TABLE_NAME, (SELECT coalesce(jsonb_agg(x), '[]') FROM
      (SELECT user_name, -count(*) AS n, -sum(doc_len) AS len FROM old_rows GROUP BY user_name
       UNION ALL SELECT user_name, count(*), sum(doc_len) FROM new_rows GROUP BY user_name) x));
    RETURN NULL;
  END $$;

  ${['memory_pages', 'memory_knowledge'].map(totalled).join('\n')}
  ${TABLES.map(own).join('\n')}
  ${MEMBER_ROLE_SETUP}
  ${LEAKPROOF_MATCHES}
`;
