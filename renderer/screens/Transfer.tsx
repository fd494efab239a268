// Export one person's memory to a JSONL file, and import one: the result stays on the page and says
// what was added, what was already there and what was refused, and why.
import { useState } from 'react';
import type { ResponseOf } from '../../shared/dashboard.js';
import { errorText, useAction } from '../api/queries.js';
import { Notice, plural, sentence } from '../components/State.js';

type Report = ResponseOf<'memory.import'>;

function ImportReport({ r, file }: { r: Report; file: string }) {
  const added = r.pages + r.knowledge + r.profiles;
  // Engines without a refused count counted refused lines as skipped, each with its error.
  const refused = r.refused ?? r.errors.length;
  const skipped = r.refused === undefined ? Math.max(0, r.skipped - r.errors.length) : r.skipped;
  const parts = [
    r.pages && plural(r.pages, 'exchange'),
    r.knowledge && plural(r.knowledge, 'learned fact'),
    r.profiles && plural(r.profiles, 'profile version'),
  ].filter(Boolean);
  return (
    <div
      className={`notice ${refused ? 'error' : 'ok'}`}
      role={refused ? 'alert' : 'status'}
      data-testid="import-report"
    >
      <p>
        Imported {plural(added, 'item')} from {file}
        {parts.length ? ` (${parts.join(', ')})` : ''}. Skipped {skipped} already here. Refused {refused}.
      </p>
      {r.errors.length > 0 && (
        <ul>
          {r.errors.slice(0, 5).map((e) => (
            <li key={e}>{sentence(e)}</li>
          ))}
          {r.errors.length > 5 && <li>…and {r.errors.length - 5} more.</li>}
        </ul>
      )}
    </div>
  );
}

export function Transfer({ user }: { user: string }) {
  const exp = useAction('memory.export');
  const imp = useAction('memory.import', ['memory.']);
  const [file, setFile] = useState('');
  return (
    <div className="transfer">
      <div className="actions">
        <button
          type="button"
          disabled={exp.isPending}
          onClick={() =>
            exp.mutate(
              { user },
              {
                onSuccess: (r) => {
                  const url = URL.createObjectURL(new Blob([r.jsonl], { type: 'application/x-ndjson' }));
                  const a = document.createElement('a');
                  a.href = url;
                  a.download = `memoryos-${user}-${new Date().toISOString().slice(0, 10)}.jsonl`;
                  a.click();
                  URL.revokeObjectURL(url);
                },
              },
            )
          }
        >
          Export to a file
        </button>
        <label className="button file">
          Import a file
          <input
            type="file"
            className="sr-only"
            accept=".jsonl,application/x-ndjson,application/json"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (!f) return;
              setFile(f.name);
              void f.text().then((jsonl) => imp.mutate({ user, jsonl }));
            }}
          />
        </label>
      </div>
      {exp.isSuccess && <Notice kind="ok">Exported {plural(exp.data.lines, 'line')}.</Notice>}
      {exp.isError && <Notice kind="error">Not exported: {sentence(errorText(exp.error))}</Notice>}
      {imp.isPending && <p className="muted">Importing {file}…</p>}
      {imp.isSuccess && <ImportReport r={imp.data} file={file} />}
      {imp.isError && (
        <Notice kind="error">
          Nothing was imported from {file}: {sentence(errorText(imp.error))}
        </Notice>
      )}
    </div>
  );
}
