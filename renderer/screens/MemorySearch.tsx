// Search one person's memory with the engine's own retrieval, and say honestly when nothing in it is
// relevant: a hit must share a word with the question, or be from the time it names.
import { useState } from 'react';
import type { MemorySearch } from '../../shared/dashboard.js';
import { errorText, useChannel } from '../api/queries.js';
import { Highlight } from '../components/Highlight.js';
import { PageCard } from '../components/PageCard.js';
import { Notice, plural, sentence } from '../components/State.js';

export function SearchForm({
  onSearch,
  onClear,
  active,
}: {
  onSearch: (query: string) => void;
  onClear: () => void;
  active: boolean;
}) {
  const [query, setQuery] = useState('');
  const [empty, setEmpty] = useState(false);
  return (
    <form
      role="search"
      aria-label="Memories"
      noValidate
      className="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (query.trim() === '') return setEmpty(true);
        onSearch(query.trim());
      }}
    >
      <label htmlFor="memory-search">Search memories</label>
      <div className="search-row">
        <input
          id="memory-search"
          type="search"
          value={query}
          placeholder="e.g. where does my sister live"
          onChange={(e) => {
            setQuery(e.target.value);
            setEmpty(false);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && active) {
              setQuery('');
              onClear();
            }
          }}
          aria-invalid={empty ? true : undefined}
          aria-describedby={empty ? 'memory-search-error' : undefined}
        />
        <button type="submit" className="primary">
          Search
        </button>
        {active && (
          <button
            type="button"
            onClick={() => {
              setQuery('');
              onClear();
            }}
          >
            Clear search
          </button>
        )}
      </div>
      {empty && (
        <span id="memory-search-error" className="field-error" role="alert">
          Type a few words to search for.
        </span>
      )}
    </form>
  );
}

function Results({ user, r }: { user: string; r: MemorySearch }) {
  const [showLoose, setShowLoose] = useState(false);
  const nothing = r.relevant.length === 0 && r.knowledge.length === 0;
  return (
    <div data-testid="search-results" className="results">
      {nothing ? (
        <div className="empty" role="status">
          <p>
            <strong>Nothing relevant to “{r.query}”.</strong>
          </p>
          <p>No memory shares a word with it. Try other words, or a time such as “last week” or “in May”.</p>
        </div>
      ) : (
        <p role="status" className="muted">
          {plural(r.relevant.length, 'exchange')}
          {r.knowledge.length ? ` and ${plural(r.knowledge.length, 'learned fact')}` : ''} match “{r.query}”, best
          first.
        </p>
      )}
      {r.knowledge.length > 0 && (
        <ul className="knowledge hits">
          {r.knowledge.map((k) => (
            <li key={k.id}>
              <span className="who">{k.kind === 'user' ? 'Learned about you' : 'Learned from the assistant'}</span>{' '}
              <Highlight text={k.text} words={k.matched} />
            </li>
          ))}
        </ul>
      )}
      {r.relevant.map((p) => (
        <PageCard key={p.memory_id} user={user} page={{ ...p, id: p.memory_id }} />
      ))}
      {r.loose.length > 0 && (
        <div className="loose">
          <button type="button" aria-expanded={showLoose} onClick={() => setShowLoose(!showLoose)}>
            {showLoose ? 'Hide' : 'Show'} {plural(r.loose.length, 'loosely related exchange')}
          </button>
          {showLoose && (
            <>
              <p className="muted small">These share no word with your search; the engine found them only similar.</p>
              {r.loose.map((p) => (
                <PageCard key={p.memory_id} user={user} page={{ ...p, id: p.memory_id }} />
              ))}
            </>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The search for `query` (null: none), as a cached query: an edit or a delete from its results
 * refreshes it like every other memory view. Not re-run on window focus: a search warms the topics it
 * finds, so it runs when asked.
 */
export function SearchResults({ user, query }: { user: string; query: string }) {
  const search = useChannel(
    'memory.search',
    { user, query, max_results: 20 },
    { refetchOnWindowFocus: false, staleTime: Infinity },
  );
  if (search.isError) return <Notice kind="error">The search failed: {sentence(errorText(search.error))}</Notice>;
  if (!search.data)
    return (
      <p className="muted" aria-busy="true">
        Searching…
      </p>
    );
  return <Results user={user} r={search.data} />;
}
