// The tiers of one user's memory: short-term pages, mid-term segments (with heat), knowledge, profile.
import { useState } from 'react';
import type { DashboardApi } from '../../shared/dashboard.js';
import { useApi } from '../api/useApi.js';
import { PageCard } from '../components/PageCard.js';
import { Async, ConfirmButton, Notice, Pager, when } from '../components/State.js';

const LIMIT = 20;

export function ShortTerm({ api, user, bump }: { api: DashboardApi; user: string; bump: () => void }) {
  const state = useApi(api, 'memory.shortTerm', { user });
  return (
    <Async state={state} isEmpty={(p) => p.length === 0} empty="No recent exchanges.">
      {(pages) =>
        pages.map((p) => (
          <PageCard
            key={p.id}
            api={api}
            user={user}
            page={p}
            onChange={() => {
              state.reload();
              bump();
            }}
          />
        ))
      }
    </Async>
  );
}

function SegmentPages({ api, user, segmentId }: { api: DashboardApi; user: string; segmentId: string }) {
  const [offset, setOffset] = useState(0);
  const state = useApi(api, 'memory.segmentPages', { user, segmentId, offset, limit: LIMIT });
  return (
    <Async state={state}>
      {(r) => (
        <>
          {r.items.map((p) => (
            <PageCard key={p.id} api={api} user={user} page={p} onChange={state.reload} />
          ))}
          <Pager offset={offset} limit={LIMIT} total={r.total} onChange={setOffset} />
        </>
      )}
    </Async>
  );
}

export function Segments({ api, user }: { api: DashboardApi; user: string }) {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const state = useApi(api, 'memory.segments', { user, offset, limit: LIMIT });
  return (
    <Async
      state={state}
      isEmpty={(r) => r.total === 0}
      empty="No mid-term segments yet: exchanges move here when short-term memory is full."
    >
      {(r) => (
        <>
          {r.items.map((s) => (
            <article key={s.id} className="segment">
              <header>
                <button aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>
                  {open === s.id ? '▾' : '▸'} {s.keywords.slice(0, 5).join(', ') || 'segment'}
                </button>
                <span className="muted">
                  {' '}
                  heat {s.heat.toFixed(2)} · {s.page_count} pages · visits {s.n_visit} · last {when(s.last_visit_time)}
                </span>
              </header>
              <p>{s.summary}</p>
              {open === s.id && <SegmentPages api={api} user={user} segmentId={s.id} />}
            </article>
          ))}
          <Pager offset={offset} limit={LIMIT} total={r.total} onChange={setOffset} />
        </>
      )}
    </Async>
  );
}

export function Knowledge({ api, user }: { api: DashboardApi; user: string }) {
  const [kind, setKind] = useState<'user' | 'assistant'>('user');
  const [offset, setOffset] = useState(0);
  const state = useApi(api, 'memory.knowledge', { user, kind, offset, limit: LIMIT });
  return (
    <>
      <label htmlFor="knowledge-kind">Knowledge about</label>{' '}
      <select
        id="knowledge-kind"
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as 'user' | 'assistant');
          setOffset(0);
        }}
      >
        <option value="user">the user</option>
        <option value="assistant">what the assistant shared</option>
      </select>
      <Async
        state={state}
        isEmpty={(r) => r.total === 0}
        empty="No knowledge entries yet: they are extracted from hot segments."
      >
        {(r) => (
          <>
            <ul className="knowledge">
              {r.items.map((k) => (
                <li key={k.id}>
                  {k.text} <span className="muted">{when(k.created_at)}</span>{' '}
                  <button
                    onClick={() => {
                      const t = window.prompt('Edit knowledge', k.text);
                      if (t) void api.invoke('memory.updateKnowledge', { user, id: k.id, text: t }).then(state.reload);
                    }}
                  >
                    Edit
                  </button>{' '}
                  <ConfirmButton
                    label="Delete"
                    confirm="Delete this knowledge entry?"
                    onConfirm={() => void api.invoke('memory.delete', { user, id: k.id }).then(state.reload)}
                  />
                </li>
              ))}
            </ul>
            <Pager offset={offset} limit={LIMIT} total={r.total} onChange={setOffset} />
          </>
        )}
      </Async>
    </>
  );
}

export function Profile({ api, user }: { api: DashboardApi; user: string }) {
  const state = useApi(api, 'memory.profile', { user });
  const [draft, setDraft] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  return (
    <Async state={state}>
      {(p) => (
        <>
          <label htmlFor="profile-text">Profile</label>
          <textarea
            id="profile-text"
            rows={8}
            value={draft ?? p.current?.text ?? ''}
            onChange={(e) => setDraft(e.target.value)}
            placeholder="Nothing is known about this user yet."
          />
          <button
            disabled={draft === null}
            onClick={() =>
              void api.invoke('memory.setProfile', { user, text: draft ?? '' }).then(
                () => {
                  setDraft(null);
                  setMsg('Saved as a new version.');
                  state.reload();
                },
                (e: Error) => setMsg(e.message),
              )
            }
          >
            Save profile
          </button>
          {msg && <Notice kind="ok">{msg}</Notice>}
          <h4>History</h4>
          {p.history.length === 0 ? (
            <p className="empty">No versions yet.</p>
          ) : (
            <ol className="history">
              {p.history.map((v) => (
                <li key={v.version}>
                  <span className="muted">
                    v{v.version} · {v.source} · {when(v.created_at)}
                  </span>
                  <pre>{v.text}</pre>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Async>
  );
}
