// One remembered exchange: view, edit in place, delete with confirmation.
import { useState } from 'react';
import type { DashboardApi } from '../../shared/dashboard.js';
import type { Page } from '../../shared/memory.js';
import { ConfirmButton, Notice, when } from './State.js';

type Shown = Pick<Page, 'user_input' | 'agent_response' | 'timestamp' | 'tags' | 'memory_type'> & {
  id: string;
  meta_info: string | null;
  score?: number;
};

export function PageCard({
  api,
  user,
  page,
  onChange,
}: {
  api: DashboardApi;
  user: string;
  page: Shown;
  onChange: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [userInput, setUserInput] = useState(page.user_input);
  const [reply, setReply] = useState(page.agent_response);
  const [tags, setTags] = useState(page.tags.join(', '));
  const [error, setError] = useState<string | null>(null);
  if (editing)
    return (
      <article className="page editing">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            api
              .invoke('memory.updatePage', {
                user,
                id: page.id,
                patch: {
                  user_input: userInput,
                  agent_response: reply,
                  tags: tags
                    .split(',')
                    .map((t) => t.trim())
                    .filter(Boolean),
                },
              })
              .then(
                () => {
                  setEditing(false);
                  onChange();
                },
                (err: Error) => setError(err.message),
              );
          }}
        >
          <label htmlFor={`u-${page.id}`}>User said</label>
          <textarea id={`u-${page.id}`} value={userInput} onChange={(e) => setUserInput(e.target.value)} rows={3} />
          <label htmlFor={`a-${page.id}`}>Assistant answered</label>
          <textarea id={`a-${page.id}`} value={reply} onChange={(e) => setReply(e.target.value)} rows={3} />
          <label htmlFor={`t-${page.id}`}>Tags (comma separated)</label>
          <input id={`t-${page.id}`} value={tags} onChange={(e) => setTags(e.target.value)} />
          <button type="submit">Save</button>{' '}
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {error && <Notice kind="error">{error}</Notice>}
        </form>
      </article>
    );
  return (
    <article className="page" data-testid="page">
      <header>
        <time dateTime={page.timestamp}>{when(page.timestamp)}</time> <span className="tag">{page.memory_type}</span>
        {page.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        {page.score !== undefined && <span className="muted"> score {page.score.toFixed(4)}</span>}
      </header>
      <p>
        <strong>User:</strong> {page.user_input}
      </p>
      {page.agent_response && (
        <p>
          <strong>Assistant:</strong> {page.agent_response}
        </p>
      )}
      {page.meta_info && <p className="muted">{page.meta_info}</p>}
      <button onClick={() => setEditing(true)}>Edit</button>{' '}
      <ConfirmButton
        label="Delete"
        confirm="Delete this memory everywhere? This cannot be undone."
        onConfirm={() =>
          void api.invoke('memory.delete', { user, id: page.id }).then(onChange, (e: Error) => setError(e.message))
        }
      />
      {error && <Notice kind="error">{error}</Notice>}
    </article>
  );
}
