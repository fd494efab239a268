// One remembered exchange: read it (with the words a search matched), edit it in place, delete it.
import { useState } from 'react';
import { z } from 'zod';
import { tagSchema } from '../../shared/memory.js';
import { errorText, useAction } from '../api/queries.js';
import { ConfirmDialog } from './Dialogs.js';
import { errorFor, fieldErrors } from './Field.js';
import { Highlight } from './Highlight.js';
import { Notice, sentence, timeOf, when } from './State.js';
import { useToast } from './Toasts.js';

export interface ShownPage {
  id: string;
  user_input: string;
  agent_response: string;
  timestamp: string;
  tags: string[];
  memory_type: string;
  /** Search hits: the words that matched, and whether the page is from the time the query named. */
  matched?: string[];
  in_named_time?: boolean;
}

const editSchema = z.object({
  user_input: z.string().trim().min(1, 'what was said cannot be empty'),
  tags: z.array(tagSchema),
});
const tagList = (s: string) =>
  s
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

function Editor({ user, page, onDone }: { user: string; page: ShownPage; onDone: (saved: boolean) => void }) {
  const [userInput, setUserInput] = useState(page.user_input);
  const [reply, setReply] = useState(page.agent_response);
  const [tags, setTags] = useState(page.tags.join(', '));
  const [tried, setTried] = useState(false);
  const update = useAction('memory.updatePage', ['memory.']);
  const patch = { user_input: userInput, agent_response: reply, tags: tagList(tags) };
  const local = fieldErrors(editSchema, patch);
  const errors = tried ? { ...local, ...(update.error?.fields ?? {}) } : {};
  const id = `edit-${page.id}`;
  const userError = errorFor(errors, 'user_input') ?? errorFor(errors, 'patch.user_input');
  const tagError = errorFor(errors, 'tags') ?? errorFor(errors, 'patch.tags');
  return (
    <form
      noValidate
      className="editor"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (Object.keys(local).length) return;
        update.mutate({ user, id: page.id, patch }, { onSuccess: () => onDone(true) });
      }}
    >
      <label htmlFor={`${id}-u`}>You said</label>
      <textarea
        id={`${id}-u`}
        value={userInput}
        onChange={(e) => setUserInput(e.target.value)}
        rows={3}
        autoFocus
        aria-invalid={userError ? true : undefined}
        aria-describedby={userError ? `${id}-u-error` : undefined}
      />
      {userError && (
        <span id={`${id}-u-error`} className="field-error">
          {userError}
        </span>
      )}
      <label htmlFor={`${id}-a`}>The assistant answered</label>
      <textarea id={`${id}-a`} value={reply} onChange={(e) => setReply(e.target.value)} rows={3} />
      <label htmlFor={`${id}-t`}>Tags (comma separated)</label>
      <input
        id={`${id}-t`}
        value={tags}
        onChange={(e) => setTags(e.target.value)}
        aria-invalid={tagError ? true : undefined}
        aria-describedby={tagError ? `${id}-t-error` : undefined}
      />
      {tagError && (
        <span id={`${id}-t-error`} className="field-error">
          {tagError}
        </span>
      )}
      {update.isError && <Notice kind="error">Not saved: {sentence(errorText(update.error))}</Notice>}
      <div className="actions">
        <button type="submit" className="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function PageCard({ user, page, showDate = true }: { user: string; page: ShownPage; showDate?: boolean }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const del = useAction('memory.delete', ['memory.']);
  // The card goes away with the exchange, so the confirmation is a toast.
  const toast = useToast();
  const words = page.matched ?? [];
  return (
    <article className="page" data-testid="page" aria-label={`Exchange of ${when(page.timestamp)}`}>
      <header>
        <time dateTime={page.timestamp}>{showDate ? when(page.timestamp) : timeOf(page.timestamp)}</time>
        {page.memory_type !== 'conversation' && <span className="tag">{page.memory_type}</span>}
        {page.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        {!editing && (
          <span className="actions">
            <button
              type="button"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              Edit
            </button>
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              Delete
            </button>
          </span>
        )}
      </header>
      {editing ? (
        <Editor
          user={user}
          page={page}
          onDone={(ok) => {
            setEditing(false);
            setSaved(ok);
          }}
        />
      ) : (
        <>
          <p>
            <span className="who">You</span> <Highlight text={page.user_input} words={words} />
          </p>
          {page.agent_response && (
            <p>
              <span className="who">Assistant</span> <Highlight text={page.agent_response} words={words} />
            </p>
          )}
          {(words.length > 0 || page.in_named_time) && (
            <p className="why">
              {words.length > 0 && <>Matched {words.map((w) => `“${w}”`).join(', ')}</>}
              {words.length > 0 && page.in_named_time && ' · '}
              {page.in_named_time && 'From the time you asked about'}
            </p>
          )}
          {saved && <Notice kind="ok">Saved.</Notice>}
        </>
      )}
      {deleting && (
        <ConfirmDialog
          open
          onClose={() => setDeleting(false)}
          title="Delete this exchange?"
          confirm="Delete"
          onConfirm={() =>
            del.mutateAsync({ user, id: page.id }).then(() => toast('Deleted: no client will find it again.'))
          }
        >
          <p>
            “{page.user_input.slice(0, 120)}
            {page.user_input.length > 120 ? '…' : ''}” is removed from every tier and from search, for every client.
            This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </article>
  );
}
