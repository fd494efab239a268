// The frame around the screens: navigation (a sidebar on wide windows, a menu button on narrow
// ones), who is signed in, and the screen, whose heading takes the focus when it is opened.
import { useEffect, useRef, useState, type ComponentType } from 'react';
import { useChannel } from './api/queries.js';
import { NavigationContext, SCREEN_IDS, type ScreenId } from './navigation.js';
import { Connect } from './screens/Connect.js';
import { Keys } from './screens/Keys.js';
import { Memories } from './screens/Memories.js';
import { Overview } from './screens/Overview.js';
import { Sessions } from './screens/Sessions.js';
import { Settings } from './screens/Settings.js';

const SCREENS: Record<ScreenId, { name: string; Component: ComponentType }> = {
  overview: { name: 'Overview', Component: Overview },
  keys: { name: 'API keys', Component: Keys },
  connect: { name: 'Connect', Component: Connect },
  sessions: { name: 'Sessions', Component: Sessions },
  memories: { name: 'Memories', Component: Memories },
  settings: { name: 'Settings', Component: Settings },
};

/** The screen named in the address (#/keys), so the back button and a bookmark work. */
const fromHash = (fallback: ScreenId = 'overview'): ScreenId => {
  const id = window.location.hash.startsWith('#/') ? window.location.hash.slice(2) : '';
  return (SCREEN_IDS as readonly string[]).includes(id) ? (id as ScreenId) : fallback;
};

export function Shell({ local, onSignOut }: { local: boolean; onSignOut: (why?: string) => void }) {
  const [screen, setScreen] = useState<ScreenId>(() => fromHash());
  const [menuOpen, setMenuOpen] = useState(false);
  const moved = useRef(false);
  const main = useRef<HTMLElement>(null);
  const me = useChannel('session.me', {}, { staleTime: Infinity });

  useEffect(() => {
    const onHash = () => setScreen((current) => fromHash(current));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    // After a move (not on the first load), the new screen's heading takes the focus.
    if (!moved.current) return;
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [screen]);

  const go = (id: ScreenId) => {
    moved.current = true;
    setMenuOpen(false);
    if (window.location.hash !== `#/${id}`) history.pushState(null, '', `#/${id}`);
    setScreen(id);
    window.scrollTo(0, 0);
  };
  const { Component } = SCREENS[screen];
  const who = me.data;
  return (
    <NavigationContext.Provider value={{ go, signOut: local ? null : onSignOut }}>
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        Skip to content
      </a>
      <div className="shell" data-menu={menuOpen ? 'open' : 'closed'}>
        <header className="topbar">
          <span className="brand">MemoryOS</span>
          <button
            type="button"
            className="menu-button"
            aria-expanded={menuOpen}
            aria-controls="site-nav"
            onClick={() => setMenuOpen(!menuOpen)}
            onKeyDown={(e) => e.key === 'Escape' && setMenuOpen(false)}
          >
            <span aria-hidden="true">☰</span> Menu
          </button>
        </header>
        <nav id="site-nav" aria-label="Dashboard" onKeyDown={(e) => e.key === 'Escape' && setMenuOpen(false)}>
          <span className="brand wide-only">MemoryOS</span>
          <ul>
            {SCREEN_IDS.map((id) => (
              <li key={id}>
                <button type="button" aria-current={screen === id ? 'page' : undefined} onClick={() => go(id)}>
                  {SCREENS[id].name}
                </button>
              </li>
            ))}
          </ul>
          <div className="who">
            {who && (
              <p className="muted">
                {who.local ? 'This computer’s owner' : <>Signed in as {who.name}</>}
                {who.admin && !who.local ? ' (admin)' : ''}
              </p>
            )}
            {!local && (
              <button type="button" onClick={() => onSignOut()}>
                Sign out
              </button>
            )}
          </div>
        </nav>
        <main id="main" ref={main} tabIndex={-1}>
          <Component key={screen} />
        </main>
      </div>
    </NavigationContext.Provider>
  );
}
