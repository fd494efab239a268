// What the app says when its server cannot start: a title, one sentence of what happened, and what
// to do about it, in words a person acts on (never a stack trace).
import { z } from 'zod';
import { refusalOf } from '../../shared/validation.js';
import { AppError } from '../errors.js';

export interface ErrorDialog {
  title: string;
  message: string;
  detail: string;
}

const TITLE = 'MemoryOS could not start its server';
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function startErrorDialog(err: unknown, settingsLocation: string): ErrorDialog {
  if (err instanceof z.ZodError)
    return {
      title: TITLE,
      message: `A saved setting is not valid: ${refusalOf(err).message}`,
      detail: `Correct or remove it in ${settingsLocation}, then choose Try again in the tray menu.`,
    };
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof AppError && /already in use/.test(message))
    return {
      title: TITLE,
      message: `${sentence(message.split(':')[0]!)}.`,
      detail:
        'Another program, or another copy of MemoryOS, is using that port. Quit it, or choose another port in ' +
        'Settings (your memories stay available in the dashboard), then choose Try again in the tray menu.',
    };
  if (err instanceof AppError && err.code === 'storage')
    return {
      title: TITLE,
      message: sentence(message),
      detail: 'Nothing was changed. Fix the folder, or choose another data folder in Settings, then choose Try again.',
    };
  return {
    title: TITLE,
    message: sentence(message),
    detail: 'Choose Try again in the tray menu. If it keeps failing, the log in the data folder says more.',
  };
}

/** The tray's one-line status for an error: the message's first sentence, short enough for a menu. */
export function shortError(message: string, max = 80): string {
  const first = message.split(/(?<=[.:])\s/)[0] ?? message;
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}
