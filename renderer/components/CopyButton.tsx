// Copy with feedback: the button says "Copied" once the clipboard took it, or why it could not.
import { useEffect, useState } from 'react';

export function CopyButton({ text, label = 'Copy', what }: { text: string; label?: string; what?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <>
      <button
        type="button"
        aria-label={what ? `${label} ${what}` : undefined}
        onClick={() => {
          const copy = navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'));
          copy.then(
            () => setState('copied'),
            () => setState('failed'),
          );
        }}
      >
        {state === 'copied' ? 'Copied' : label}
      </button>
      <span role="status" className={state === 'failed' ? 'field-error' : 'sr-only'}>
        {state === 'copied' ? 'Copied to the clipboard.' : ''}
        {state === 'failed' ? 'The clipboard is not available here: select the text and copy it.' : ''}
      </span>
    </>
  );
}
