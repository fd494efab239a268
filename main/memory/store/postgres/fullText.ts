// Full text in PostgreSQL, made to rank as SQLite's FTS5 does. The text is cut into tokens here the
// way FTS5's unicode61 tokenizer cuts it (letters and digits, lower case, diacritics removed) and
// Porter-stemmed as its porter tokenizer stems them (the `stemmer` package, which termStats.ts also
// uses), so the lexemes of a page's weighted tsvector (its body at weight A, its context at B) are
// the very terms FTS5 would index, and a GIN index finds the pages holding them.
//
// Ranking is FTS5's bm25() itself, computed in SQL over those tsvectors: for each query word, its
// frequency in a page (a body occurrence counts 1, a context one 0.4: the column weights of
// pages.ts), idf = ln((N - n + 0.5) / (n + 0.5)) floored at 1e-6 with n the pages holding it, and
// the page's length in tokens against the average (k1 = 1.2, b = 0.75). A word that is several
// tokens ("caroline's") is a phrase, as in FTS5: matched as adjacent tokens, counted by its rarest.
import { stemmer } from 'stemmer';

const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;
/** FTS5's porter tokenizer leaves tokens under 3 or over 64 bytes as they are. */
const MAX_STEMMED = 64;
/** What a tsvector can hold: positions up to 16383, 256 of them per lexeme, lexemes under 2 KB. */
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;
const MAX_LEXEME = 500;
const MAX_STEMS = 50_000;
/** bm25's column weights: a page's own words, and the context it sits in (see sqlite/pages.ts). */
export const CONTEXT_WEIGHT = 0.4;

const stems = new Map<string, string>();

function stem(token: string): string {
  if (token.length > MAX_STEMMED) return token.slice(0, MAX_LEXEME);
  let s = stems.get(token);
  if (s === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stems.set(token, (s = stemmer(token)));
  }
  return s;
}

/** The stemmed tokens of a text, in order. */
export function tokens(text: string): string[] {
  const folded = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  return Array.from(folded.matchAll(TOKEN), (m) => stem(m[0]));
}

/** A text as a tsvector literal (body at weight A, context at B) and its length in tokens. */
export function indexed(body: string, context = ''): { tsv: string; length: number } {
  const positions = new Map<string, string[]>();
  let at = 0;
  const add = (text: string, weight: 'A' | 'B') => {
    for (const t of tokens(text)) {
      at++;
      let list = positions.get(t);
      if (!list) positions.set(t, (list = []));
      if (list.length < MAX_POSITIONS && at <= MAX_POSITION) list.push(`${at}${weight}`);
    }
  };
  add(body, 'A');
  add(context, 'B');
  const parts: string[] = [];
  // A lexeme whose positions all lie beyond the last one a tsvector holds is kept at that position.
  for (const [lexeme, list] of positions)
    parts.push(`'${lexeme}':${list.length ? list.join(',') : `${MAX_POSITION}A`}`);
  return { tsv: parts.join(' '), length: at };
}

/** The query side: each word's lexemes (a phrase when several), as parameters of the bm25 SQL. */
export interface TextQuery {
  /** JSON of [{ i, lexemes, q }]: one entry per word, its lexemes and its own tsquery. */
  words: string;
  /** Any of the words, for the GIN index. */
  any: string;
  /** Every lexeme of every word. */
  lexemes: string[];
}

export function textQuery(words: string[]): TextQuery | null {
  const entries: { i: number; lexemes: string[]; q: string }[] = [];
  for (const w of words) {
    const lexemes = [...new Set(tokens(w))];
    if (lexemes.length === 0) continue;
    const q = lexemes.map((l) => `'${l}'`).join(' <-> ');
    entries.push({ i: entries.length, lexemes, q: lexemes.length > 1 ? `(${q})` : q });
  }
  if (entries.length === 0) return null;
  return {
    words: JSON.stringify(entries),
    any: entries.map((e) => e.q).join(' | '),
    lexemes: [...new Set(entries.flatMap((e) => e.lexemes))],
  };
}

/**
 * The query's lexemes of row h's tsvector at one weight, each with its positions there, in C
 * functions only: the weight's part (ts_filter), the query's lexemes in it marked D (setweight with
 * a list; D is otherwise unused), and those kept (ts_filter again). Unnesting the whole vector in
 * SQL instead cost 20 µs a row, most of a query's time at 10k pages.
 */
const only = (weight: 'A' | 'B') =>
  `ts_filter(setweight(ts_filter(h.tsv, '{${weight.toLowerCase()}}'), 'D', $4::text[]), '{d}')`;

/**
 * bm25 over one user's rows of `table` (pages or knowledge), best first as (id, s) with s the
 * negated score FTS5 gives (lower is better). Parameters: $1 the user, $2-$4 a TextQuery's words,
 * any and lexemes; `where` may use the row as `p` and parameters from $5.
 *
 * The rows holding any word come once from the GIN index (`cand`, narrow columns); each word's
 * document count is read off them (not a scan per word), and only the filtered hits have their
 * tsvector's query lexemes counted (see `only`).
 */
export function bm25Sql(
  table: 'memory_pages' | 'memory_knowledge',
  o: { where?: string; tie?: string; limit: number },
): string {
  const extra = table === 'memory_pages' ? ', p.ts_ms, p.memory_type, p.tags' : '';
  return `
    WITH words AS (
      SELECT w.i, w.lexemes, w.q::tsquery AS q FROM json_to_recordset($2::json) AS w(i int, lexemes text[], q text)
    ), totals AS (
      SELECT coalesce(max(n), 0)::float8 AS n, greatest(coalesce(max(len)::float8 / nullif(max(n), 0), 1), 1) AS avgdl
      FROM memory_text_totals WHERE user_name = $1 AND tbl = '${table}'
    ), cand AS MATERIALIZED (
      SELECT p.id, p.doc_len, p.tsv${extra} FROM ${table} p WHERE p.user_name = $1 AND p.tsv @@ $3::tsquery
    ), idf AS (
      SELECT w.i, w.lexemes, greatest(ln((t.n - d.n + 0.5) / (d.n + 0.5)), 1e-6) AS idf
      FROM words w CROSS JOIN totals t
      CROSS JOIN LATERAL (SELECT count(*)::float8 AS n FROM cand c WHERE c.tsv @@ w.q) d
    ), hits AS (
      SELECT p.id, p.doc_len, p.tsv${extra} FROM cand p${o.where ? ` WHERE ${o.where}` : ''}
    ), freq AS (
      SELECT id, lexeme, sum(f) AS f FROM (
        SELECT h.id, u.lexeme, cardinality(u.positions) * 1.0 AS f
        FROM hits h CROSS JOIN LATERAL unnest(${only('A')}) u
        UNION ALL
        SELECT h.id, u.lexeme, cardinality(u.positions) * ${CONTEXT_WEIGHT} AS f
        FROM hits h CROSS JOIN LATERAL unnest(${only('B')}) u
      ) x GROUP BY id, lexeme
    ), per_word AS (
      SELECT f.id, i.i, min(i.idf) AS idf, min(f.f) AS f, count(*) AS present, min(cardinality(i.lexemes)) AS need
      FROM idf i JOIN freq f ON f.lexeme = ANY(i.lexemes)
      GROUP BY f.id, i.i
    )
    SELECT h.id, -sum(w.idf * w.f * 2.2 / (w.f + 1.2 * (0.25 + 0.75 * h.doc_len / t.avgdl))) AS s
    FROM hits h JOIN per_word w ON w.id = h.id AND w.present = w.need CROSS JOIN totals t
    GROUP BY h.id, h.doc_len${o.tie ? ', h.ts_ms' : ''}
    ORDER BY s${o.tie ? `, ${o.tie}` : ''}
    LIMIT ${o.limit}`;
}
