// Moving between screens from inside one (an empty state's "Go to Connect"), and signing out.
import { createContext, useContext } from 'react';

export const SCREEN_IDS = ['overview', 'keys', 'connect', 'sessions', 'memories', 'settings'] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

export interface Navigation {
  go: (screen: ScreenId) => void;
  /** Ends the browser session; `why` is shown on the sign-in page. Null in the desktop app. */
  signOut: ((why?: string) => void) | null;
}

export const NavigationContext = createContext<Navigation>({ go: () => {}, signOut: null });
export const useNavigation = () => useContext(NavigationContext);
