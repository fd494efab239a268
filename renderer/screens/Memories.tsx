// Memories per user: tiers, search with the real retrieval, export and import.
import { useState } from 'react';
import type { DashboardApi, ResponseOf } from '../../shared/dashboard.js';
import { useApi } from '../api/useApi.js';
import { PageCard } from '../components/PageCard.js';
import { Async, Notice } from '../components/State.js';
import { Knowledge, Profile, Segments, ShortTerm } from './MemoryTabs.js';

const TABS = ['Short-term', 'Segments', 'Knowledge', 'Profile'] as const;

function Search({ api, user }: { api: DashboardApi; user: string }) {
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<ResponseOf<'memory.search'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = () =>
    api.invoke('memory.search', { user, query, max_results: 10 }).then(
      (r) => {
        setResult(r);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  return (
    <div className="search">
      <form
        role="search"
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <label htmlFor="memory-search">Search memories</label>
        <input id="memory-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} required />
        <button type="submit">Search</button>
      </form>
      {error && <Notice kind="error">{error}</Notice>}
      {result && (
        <div data-testid="search-results">
          <p className="muted">
            {result.retrieved_pages.length} of {result.total_pages_found} candidates in {result.took_ms.toFixed(1)} ms
          </p>
          {result.retrieved_pages.length === 0 && <p className="empty">Nothing found.</p>}
          {result.retrieved_pages.map((p) => (
            <PageCard
              key={p.memory_id}
              api={api}
              user={user}
              page={{ ...p, id: p.memory_id }}
              onChange={() => void run()}
            />
          ))}
          {result.retrieved_user_knowledge.map((k) => (
            <p key={k.id} className="knowledge-hit">
              Known: {k.text}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

function Transfer({ api, user, onImported }: { api: DashboardApi; user: string; onImported: () => void }) {
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  return (
    <div className="inline">
      <button
        onClick={() =>
          void api.invoke('memory.export', { user }).then(
            (r) => {
              const url = URL.createObjectURL(new Blob([r.jsonl], { type: 'application/x-ndjson' }));
              const a = document.createElement('a');
              a.href = url;
              a.download = `memoryos-${user}-${new Date().toISOString().slice(0, 10)}.jsonl`;
              a.click();
              URL.revokeObjectURL(url);
              setMsg({ kind: 'ok', text: `Exported ${r.lines} lines.` });
            },
            (e: Error) => setMsg({ kind: 'error', text: e.message }),
          )
        }
      >
        Export JSONL
      </button>
      <label htmlFor="import-file">Import JSONL</label>
      <input
        id="import-file"
        type="file"
        accept=".jsonl,application/x-ndjson,application/json"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          void file
            .text()
            .then((jsonl) => api.invoke('memory.import', { user, jsonl }))
            .then(
              (r) => {
                setMsg({
                  kind: r.errors.length ? 'error' : 'ok',
                  text: `Imported ${r.pages} pages, ${r.knowledge} knowledge, ${r.profiles} profile versions; skipped ${r.skipped}. ${r.errors.slice(0, 3).join(' ')}`,
                });
                onImported();
              },
              (err: Error) => setMsg({ kind: 'error', text: err.message }),
            );
        }}
      />
      {msg && <Notice kind={msg.kind}>{msg.text}</Notice>}
    </div>
  );
}

export function Memories({ api }: { api: DashboardApi }) {
  const users = useApi(api, 'memory.users', {});
  const [user, setUser] = useState<string | null>(null);
  const [tab, setTab] = useState<(typeof TABS)[number]>('Short-term');
  const [version, setVersion] = useState(0);
  return (
    <section aria-labelledby="memories-h">
      <h2 id="memories-h">Memories</h2>
      <Async
        state={users}
        isEmpty={(u) => u.length === 0}
        empty="No users yet: each API key is a user with its own memory."
      >
        {(list) => {
          const current = user ?? list[0]!.user;
          const counts = list.find((u) => u.user === current)?.counts;
          return (
            <div key={`${current}-${version}`}>
              <label htmlFor="memory-user">User</label>{' '}
              <select id="memory-user" value={current} onChange={(e) => setUser(e.target.value)}>
                {list.map((u) => (
                  <option key={u.user} value={u.user}>
                    {u.user}
                  </option>
                ))}
              </select>
              {counts && (
                <span className="muted">
                  {' '}
                  {counts.short_term} short-term · {counts.mid_term_pages} mid-term in {counts.segments} segments ·{' '}
                  {counts.user_knowledge + counts.assistant_knowledge} knowledge
                  {counts.queued_jobs ? ` · ${counts.queued_jobs} queued` : ''}
                  {counts.vectors_pending ? ` · re-embedding for the new embedder: ${counts.vectors_pending} left` : ''}
                </span>
              )}
              <Transfer
                api={api}
                user={current}
                onImported={() => {
                  setVersion((v) => v + 1);
                  users.reload();
                }}
              />
              <Search api={api} user={current} />
              <div role="tablist" aria-label="Memory tiers">
                {TABS.map((t) => (
                  <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
                    {t}
                  </button>
                ))}
              </div>
              <div role="tabpanel">
                {tab === 'Short-term' && <ShortTerm api={api} user={current} bump={users.reload} />}
                {tab === 'Segments' && <Segments api={api} user={current} />}
                {tab === 'Knowledge' && <Knowledge api={api} user={current} />}
                {tab === 'Profile' && <Profile api={api} user={current} />}
              </div>
            </div>
          );
        }}
      </Async>
    </section>
  );
}
