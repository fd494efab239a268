// The dashboard shell: navigation between screens, over whichever API the host provides.
import { useState } from 'react';
import type { DashboardApi } from '../shared/dashboard.js';
import { Connect } from './screens/Connect.js';
import { Keys } from './screens/Keys.js';
import { Login } from './screens/Login.js';
import { Memories } from './screens/Memories.js';
import { Overview } from './screens/Overview.js';
import { Sessions } from './screens/Sessions.js';
import { Settings } from './screens/Settings.js';

const SCREENS = { Overview, Keys, Connect, Sessions, Memories, Settings } as const;
type ScreenName = keyof typeof SCREENS;

export function App({ initialApi }: { initialApi: DashboardApi | null }) {
  const [api, setApi] = useState<DashboardApi | null>(initialApi);
  const [screen, setScreen] = useState<ScreenName>('Overview');
  if (!api) return <Login onLogin={setApi} />;
  const Screen = SCREENS[screen];
  return (
    <div className="shell">
      <nav aria-label="Dashboard">
        <h1>MemoryOS</h1>
        <ul>
          {(Object.keys(SCREENS) as ScreenName[]).map((name) => (
            <li key={name}>
              <button aria-current={screen === name ? 'page' : undefined} onClick={() => setScreen(name)}>
                {name === 'Keys' ? 'API keys' : name}
              </button>
            </li>
          ))}
        </ul>
        {!initialApi && (
          <button className="signout" onClick={() => setApi(null)}>
            Sign out
          </button>
        )}
      </nav>
      <main>
        <Screen api={api} />
      </main>
    </div>
  );
}
