// The other views of one person's memory, in plain words: topics (related exchanges grouped),
// what was learned (knowledge) and the profile assistants read first.
import { useState } from 'react';
import type { Knowledge as KnowledgeItem } from '../../shared/memory.js';
import { errorText, useAction, useChannel } from '../api/queries.js';
import { ConfirmDialog, FormDialog } from '../components/Dialogs.js';
import { PageCard } from '../components/PageCard.js';
import { Loaded, Notice, Pager, ago, plural, sentence, when } from '../components/State.js';

const LIMIT = 20;

function TopicPages({ user, segmentId }: { user: string; segmentId: string }) {
  const [offset, setOffset] = useState(0);
  const pages = useChannel('memory.segmentPages', { user, segmentId, offset, limit: LIMIT });
  return (
    <Loaded query={pages}>
      {(r) => (
        <>
          {r.items.map((p) => (
            <PageCard key={p.id} user={user} page={p} />
          ))}
          <Pager offset={offset} limit={LIMIT} total={r.total} onChange={setOffset} label="Exchanges of this topic" />
        </>
      )}
    </Loaded>
  );
}

export function Topics({ user }: { user: string }) {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const topics = useChannel('memory.segments', { user, offset, limit: LIMIT });
  return (
    <>
      <p className="explain">
        Related exchanges, grouped. A topic you come back to often grows “hot”, and MemoryOS then learns lasting facts
        from it (see Facts). The most recently visited come first.
      </p>
      <Loaded
        query={topics}
        isEmpty={(r) => r.total === 0}
        empty={<p>No topics yet. Recent exchanges are grouped into topics once there are more than a few of them.</p>}
      >
        {(r) => (
          <>
            {r.items.map((s) => (
              <article key={s.id} className="card topic">
                <h3>
                  <button
                    type="button"
                    aria-expanded={open === s.id}
                    onClick={() => setOpen(open === s.id ? null : s.id)}
                  >
                    <span aria-hidden="true">{open === s.id ? '▾' : '▸'}</span>{' '}
                    {s.keywords.slice(0, 5).join(', ') || 'A topic'}
                  </button>
                </h3>
                <p>{s.summary}</p>
                <p className="muted small">
                  {plural(s.page_count, 'exchange')} · brought up {plural(s.n_visit, 'time')} · last{' '}
                  {ago(s.last_visit_time)}
                </p>
                {open === s.id && <TopicPages user={user} segmentId={s.id} />}
              </article>
            ))}
            <Pager offset={offset} limit={LIMIT} total={r.total} onChange={setOffset} label="Topics" />
          </>
        )}
      </Loaded>
    </>
  );
}

function KnowledgeEntry({ user, k, onDone }: { user: string; k: KnowledgeItem; onDone: (m: string) => void }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'delete'>('view');
  const [text, setText] = useState(k.text);
  const update = useAction('memory.updateKnowledge', ['memory.']);
  const del = useAction('memory.delete', ['memory.']);
  const empty = text.trim() === '';
  return (
    <li>
      <p>{k.text}</p>
      <p className="muted small">Learned {when(k.created_at)}</p>
      <div className="actions">
        <button type="button" onClick={() => setMode('edit')}>
          Edit
        </button>
        <button type="button" className="danger" onClick={() => setMode('delete')}>
          Delete
        </button>
      </div>
      {mode === 'edit' && (
        <FormDialog
          open
          onClose={() => setMode('view')}
          title="Correct what was learned"
          submit="Save"
          busy={update.isPending}
          error={update.isError ? `Not saved: ${sentence(errorText(update.error))}` : null}
          onSubmit={() => {
            if (empty) return;
            update.mutate(
              { user, id: k.id, text: text.trim() },
              { onSuccess: () => (setMode('view'), onDone('Saved.')) },
            );
          }}
        >
          <label htmlFor={`k-${k.id}`}>What is true</label>
          <textarea
            id={`k-${k.id}`}
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoFocus
            aria-invalid={empty ? true : undefined}
            aria-describedby={empty ? `k-${k.id}-error` : undefined}
          />
          {empty && (
            <span id={`k-${k.id}-error`} className="field-error">
              Write what is true, or delete the entry instead.
            </span>
          )}
        </FormDialog>
      )}
      {mode === 'delete' && (
        <ConfirmDialog
          open
          onClose={() => setMode('view')}
          title="Forget this?"
          confirm="Delete"
          onConfirm={() =>
            del.mutateAsync({ user, id: k.id }).then(() => onDone('Deleted: assistants no longer get it.'))
          }
        >
          <p>“{k.text}” will no longer be given to assistants. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </li>
  );
}

export function Knowledge({ user }: { user: string }) {
  const [kind, setKind] = useState<'user' | 'assistant'>('user');
  const [offset, setOffset] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const list = useChannel('memory.knowledge', { user, kind, offset, limit: LIMIT });
  return (
    <>
      <p className="explain">
        Facts MemoryOS learned from your conversations. Assistants receive the ones that fit each question. Correct
        anything that is wrong, or delete it.
      </p>
      <fieldset className="segmented">
        <legend>Show</legend>
        {(['user', 'assistant'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name="knowledge-kind"
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setOffset(0);
              }}
            />
            <span>{k === 'user' ? 'About you' : 'What assistants told you'}</span>
          </label>
        ))}
      </fieldset>
      {done && <Notice kind="ok">{done}</Notice>}
      <Loaded
        query={list}
        isEmpty={(r) => r.total === 0}
        empty={
          <p>
            Nothing learned yet. Facts are learned when a topic keeps coming up, so keep talking to your assistants; you
            can also describe yourself on the Profile tab.
          </p>
        }
      >
        {(r) => (
          <>
            <ul className="knowledge">
              {r.items.map((k) => (
                <KnowledgeEntry key={k.id} user={user} k={k} onDone={setDone} />
              ))}
            </ul>
            <Pager offset={offset} limit={LIMIT} total={r.total} onChange={setOffset} label="Knowledge" />
          </>
        )}
      </Loaded>
    </>
  );
}

export function Profile({ user }: { user: string }) {
  const profile = useChannel('memory.profile', { user });
  const [draft, setDraft] = useState<string | null>(null);
  const save = useAction('memory.setProfile', ['memory.']);
  return (
    <>
      <p className="explain">
        A short description of you that assistants read before anything else. MemoryOS keeps it up to date from your
        conversations; edit it freely: every earlier version is kept.
      </p>
      <Loaded query={profile}>
        {(p) => (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ user, text: draft ?? '' }, { onSuccess: () => setDraft(null) });
            }}
          >
            <label htmlFor="profile-text">Profile</label>
            <textarea
              id="profile-text"
              rows={8}
              value={draft ?? p.current?.text ?? ''}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="Nothing is known yet. Write a few lines about yourself: what you do, what you like, how you like answers."
            />
            <div className="actions">
              <button type="submit" className="primary" disabled={draft === null || save.isPending}>
                {save.isPending ? 'Saving…' : 'Save profile'}
              </button>
            </div>
            {save.isSuccess && draft === null && <Notice kind="ok">Saved as version {save.data.version}.</Notice>}
            {save.isError && <Notice kind="error">Not saved: {sentence(errorText(save.error))}</Notice>}
            {p.history.length > 1 && (
              <details className="history">
                <summary>Earlier versions ({p.history.length - 1})</summary>
                <ol>
                  {p.history.slice(1).map((v) => (
                    <li key={v.version}>
                      <p className="muted small">
                        Version {v.version},{' '}
                        {v.source === 'edit'
                          ? 'written by you'
                          : v.source === 'import'
                            ? 'imported'
                            : 'from conversations'}
                        , {when(v.created_at)}
                      </p>
                      <pre>{v.text}</pre>
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </form>
        )}
      </Loaded>
    </>
  );
}
