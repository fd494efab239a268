// The card's three kinds of item, each correctable in place: a remembered exchange (delete), a
// knowledge entry (edit, delete) and a profile line (edit, remove).
import { useState } from 'react';
import type { CardKnowledge, CardPage } from './card.js';
import { Confirm, Editor, IconButton, useAction } from './controls.js';
import { formatDate, whyMatched, type Locale } from './format.js';

type Mode = 'view' | 'confirm' | 'edit';

export function PageItem({
  page,
  locale,
  onDelete,
}: {
  page: CardPage;
  locale: Locale;
  onDelete: () => Promise<void>;
}) {
  const [mode, setMode] = useState<Mode>('view');
  const [open, setOpen] = useState(false);
  const action = useAction();
  const why = whyMatched(page.match);
  return (
    <li className="item page" data-memory-id={page.id}>
      <div className="meta">
        <time dateTime={page.timestamp}>{formatDate(page.timestamp, locale)}</time>
        {page.tags.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
        <span className="spacer" />
        {mode === 'view' && <IconButton label="Delete this memory" icon="trash" onClick={() => setMode('confirm')} />}
      </div>
      <button type="button" className={`text ${open ? 'open' : ''}`} onClick={() => setOpen(!open)}>
        <span className="said">{page.userInput}</span>
        {page.agentResponse && <span className="answered">{page.agentResponse}</span>}
      </button>
      {why.length > 0 && <p className="why">{why.join(' · ')}</p>}
      {mode === 'confirm' && (
        <Confirm
          question="Delete this memory? No AI client will recall it again."
          confirmLabel="Delete"
          busyLabel="Deleting…"
          busy={action.busy}
          onCancel={() => setMode('view')}
          onConfirm={() => action.run(onDelete)}
        />
      )}
      {action.error && <p className="error">{action.error}</p>}
    </li>
  );
}

export function KnowledgeItem({
  entry,
  onEdit,
  onDelete,
}: {
  entry: CardKnowledge;
  onEdit: (text: string) => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const [mode, setMode] = useState<Mode>('view');
  const action = useAction();
  const why = whyMatched(entry.match);
  return (
    <li className="item knowledge" data-knowledge-id={entry.id}>
      <div className="meta">
        <span className="kind">{entry.kind === 'user' ? 'About you' : 'From the assistant'}</span>
        <span className="spacer" />
        {mode === 'view' && (
          <>
            <IconButton label="Edit this entry" icon="pen" onClick={() => setMode('edit')} />
            <IconButton label="Delete this entry" icon="trash" onClick={() => setMode('confirm')} />
          </>
        )}
      </div>
      {mode === 'edit' ? (
        <Editor
          label="Knowledge entry"
          initial={entry.text}
          busy={action.busy}
          onCancel={() => setMode('view')}
          onSave={(text) => action.run(() => onEdit(text).then(() => setMode('view')))}
        />
      ) : (
        <p className="fact">{entry.text}</p>
      )}
      {why.length > 0 && mode !== 'edit' && <p className="why">{why.join(' · ')}</p>}
      {mode === 'confirm' && (
        <Confirm
          question="Delete this entry? No AI client will recall it again."
          confirmLabel="Delete"
          busyLabel="Deleting…"
          busy={action.busy}
          onCancel={() => setMode('view')}
          onConfirm={() => action.run(onDelete)}
        />
      )}
      {action.error && <p className="error">{action.error}</p>}
    </li>
  );
}

export function ProfileLine({ line, onSave }: { line: string; onSave: (next: string) => Promise<void> }) {
  const [mode, setMode] = useState<Mode>('view');
  const action = useAction();
  return (
    <li className="item line">
      {mode === 'edit' ? (
        <Editor
          label="Profile line"
          initial={line}
          busy={action.busy}
          onCancel={() => setMode('view')}
          onSave={(text) => action.run(() => onSave(text).then(() => setMode('view')))}
        />
      ) : (
        <div className="meta">
          <span className="fact">{line}</span>
          <span className="spacer" />
          {mode === 'view' && (
            <>
              <IconButton label="Edit this line" icon="pen" onClick={() => setMode('edit')} />
              <IconButton label="Remove this line" icon="trash" onClick={() => setMode('confirm')} />
            </>
          )}
        </div>
      )}
      {mode === 'confirm' && (
        <Confirm
          question="Remove this line from your profile?"
          confirmLabel="Remove"
          busyLabel="Removing…"
          busy={action.busy}
          onCancel={() => setMode('view')}
          onConfirm={() => action.run(() => onSave(''))}
        />
      )}
      {action.error && <p className="error">{action.error}</p>}
    </li>
  );
}
