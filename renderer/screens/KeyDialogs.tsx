// The dialogs of the API keys screen: rename, own rate limit, revoke (signing out when it is the
// key this dashboard is signed in with).
import { useState } from 'react';
import { z } from 'zod';
import { rateLimitOverrideSchema, type ApiKeyInfo } from '../../shared/admin.js';
import { keyNameSchema } from '../../shared/config.js';
import { errorText, useAction } from '../api/queries.js';
import { ConfirmDialog, FormDialog, NoticeDialog } from '../components/Dialogs.js';
import { CheckField, RateLimitFields, TextField, errorFor, fieldErrors, toNumber } from '../components/Field.js';
import { sentence } from '../components/State.js';

interface Props {
  k: ApiKeyInfo;
  onClose: () => void;
  /** A sentence for the page once the server confirmed. */
  onDone: (message: string) => void;
}

export function RenameDialog({ k, onClose, onDone }: Props) {
  const [name, setName] = useState(k.name);
  const [tried, setTried] = useState(false);
  const rename = useAction('keys.rename', ['keys.', 'memory.', 'overview.', 'stats.', 'session.']);
  const local = fieldErrors(z.object({ newName: keyNameSchema }), { newName: name.trim() });
  const errors = { ...local, ...(rename.error?.fields ?? {}) };
  const fieldError = tried ? errorFor(errors, 'newName') : undefined;
  return (
    <FormDialog
      open
      onClose={onClose}
      title={`Rename ${k.name}`}
      submit="Rename"
      busy={rename.isPending}
      error={rename.isError && !rename.error.fields.newName ? sentence(errorText(rename.error)) : null}
      onSubmit={() => {
        setTried(true);
        if (Object.keys(local).length) return;
        if (name.trim() === k.name) return onClose();
        rename.mutate(
          { name: k.name, newName: name.trim() },
          { onSuccess: (info) => onDone(`Renamed ${k.name} to ${info.name}. Its memories moved with it.`) },
        );
      }}
    >
      <p>The name is also the key’s memory: its memories move to the new name. Clients keep working.</p>
      <TextField
        label="New name"
        value={name}
        onChange={setName}
        error={fieldError}
        pattern="[a-z0-9_\-]{1,64}"
        autoFocus
        live
      />
    </FormDialog>
  );
}

export function RateLimitDialog({
  k,
  onClose,
  onDone,
  defaults,
}: Props & { defaults: { requests: number; windowSeconds: number } }) {
  const [useDefault, setUseDefault] = useState(k.rate_limit === null);
  const [requests, setRequests] = useState(String(k.rate_limit?.requests ?? defaults.requests));
  const [windowSeconds, setWindow] = useState(String(k.rate_limit?.windowSeconds ?? defaults.windowSeconds));
  const [tried, setTried] = useState(false);
  const save = useAction('keys.setRateLimit', ['keys.']);
  const value = { requests: toNumber(requests), windowSeconds: toNumber(windowSeconds) };
  const local = useDefault ? {} : fieldErrors(z.object({ rate_limit: rateLimitOverrideSchema }), { rate_limit: value });
  const errors = tried ? { ...local, ...(save.error?.fields ?? {}) } : {};
  return (
    <FormDialog
      open
      onClose={onClose}
      title={`Rate limit for ${k.name}`}
      submit="Apply"
      busy={save.isPending}
      error={save.isError && Object.keys(save.error.fields).length === 0 ? sentence(errorText(save.error)) : null}
      onSubmit={() => {
        setTried(true);
        if (Object.keys(local).length) return;
        save.mutate(
          { name: k.name, rate_limit: useDefault ? null : value },
          {
            onSuccess: (info) =>
              onDone(
                info.rate_limit
                  ? `Applied: ${info.name} may make ${info.rate_limit.requests} requests per ${info.rate_limit.windowSeconds} seconds.`
                  : `Applied: ${info.name} follows the default limit.`,
              ),
          },
        );
      }}
    >
      <CheckField
        label={`Use the default (${defaults.requests} requests per ${defaults.windowSeconds} seconds)`}
        checked={useDefault}
        onChange={setUseDefault}
      />
      {!useDefault && (
        <RateLimitFields
          requests={requests}
          onRequests={setRequests}
          windowSeconds={windowSeconds}
          onWindow={setWindow}
          errors={errors}
        />
      )}
    </FormDialog>
  );
}

export function RevokeDialog({
  k,
  onClose,
  onDone,
  self,
  signOut,
  lastAdmin,
}: Props & { self: boolean; signOut: ((why?: string) => void) | null; lastAdmin: boolean }) {
  const revoke = useAction('keys.revoke', ['keys.', 'sessions.', 'overview.']);
  const signsOut = self && signOut !== null;
  // Said before anything is clicked (the server refuses it too, whoever asks).
  if (lastAdmin)
    return (
      <NoticeDialog open onClose={onClose} title={`${k.name} is the last admin key`}>
        <p>
          Without an admin key nobody could open this dashboard, so it cannot be revoked. Create another admin key first
          (API keys → Create, with Admin ticked), then revoke this one.
        </p>
      </NoticeDialog>
    );
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      title={signsOut ? `Revoke ${k.name}, the key you are signed in with?` : `Revoke ${k.name}?`}
      confirm={signsOut ? 'Revoke and sign out' : 'Revoke key'}
      onConfirm={() =>
        revoke.mutateAsync({ name: k.name }).then(() => {
          if (signsOut)
            signOut(`You revoked ${k.name}, the key you were signed in with. Sign in with another admin key.`);
          else onDone(`Revoked ${k.name}. Clients using it are refused from now on.`);
        })
      }
    >
      <p>Clients using this key are refused at once and their sessions end. Its memories stay.</p>
      {signsOut && (
        <p>
          <strong>This dashboard is signed in with this key:</strong> revoking it signs you out now, and you will need
          another admin key to sign in again.
        </p>
      )}
    </ConfirmDialog>
  );
}
