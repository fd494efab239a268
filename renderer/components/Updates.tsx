// The version this is and what is available; in the desktop app, whether to check at start.
import type { SettingsView } from '../../shared/dashboard.js';
import { errorText, useAction, useChannel } from '../api/queries.js';
import { CheckField } from './Field.js';
import { Notice, sentence } from './State.js';

export function Updates({ settings }: { settings: SettingsView }) {
  const status = useChannel('app.updates', {});
  const save = useAction('settings.update', ['settings.']);
  const check = useAction('app.checkForUpdates', ['app.']);
  const s = status.data;
  if (!s) return null;
  const checkAtStart = save.data?.settings.checkForUpdates ?? settings.checkForUpdates ?? false;
  return (
    <fieldset className="card">
      <legend>Version and updates</legend>
      <p data-testid="version">{s.summary}</p>
      {s.supported && (
        <>
          <CheckField
            label="Check for updates when MemoryOS starts"
            checked={checkAtStart}
            onChange={(next) => {
              const { storedIn: _s, llmApiKeySet: _k, ...editable } = settings;
              save.mutate({ ...editable, llmApiKey: '', checkForUpdates: next });
            }}
          />
          <button type="button" disabled={!s.canCheck || check.isPending} onClick={() => check.mutate({})}>
            Check now
          </button>
        </>
      )}
      {save.isSuccess && (
        <Notice kind="ok">
          {save.data.settings.checkForUpdates ? 'Saved: checks at start.' : 'Saved: no check at start.'}
        </Notice>
      )}
      {save.isError && <Notice kind="error">Not saved: {sentence(errorText(save.error))}</Notice>}
      {check.isError && <Notice kind="error">{sentence(errorText(check.error))}</Notice>}
    </fieldset>
  );
}
