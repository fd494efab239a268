// What a launch of the app does: one instance per user (a second launch shows the first one's
// window and leaves), and a start at login stays in the tray instead of opening the window.
import { HIDDEN_FLAG } from './loginItem.js';

export interface Launch {
  /** app.requestSingleInstanceLock() */
  gotLock: boolean;
  argv: string[];
  /** macOS reports it (app.getLoginItemSettings().wasOpenedAtLogin); elsewhere the flag tells. */
  openedAtLogin?: boolean;
}

export type LaunchDecision = { action: 'quit' } | { action: 'run'; openWindow: boolean };

export function launchDecision(l: Launch): LaunchDecision {
  if (!l.gotLock) return { action: 'quit' };
  return { action: 'run', openWindow: !(l.openedAtLogin || l.argv.includes(HIDDEN_FLAG)) };
}
