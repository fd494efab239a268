// The dashboard: sign-in in a browser (the desktop window is signed in already), then the shell.
import { useState } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { DashboardApi } from '../shared/dashboard.js';
import { ApiProvider, newQueryClient } from './api/queries.js';
import { Toasts } from './components/Toasts.js';
import { Shell } from './Shell.js';
import { Login } from './screens/Login.js';

interface Session {
  api: DashboardApi;
  client: QueryClient;
}

export function App({ initialApi }: { initialApi: DashboardApi | null }) {
  const [session, setSession] = useState<Session | null>(() =>
    initialApi ? { api: initialApi, client: newQueryClient() } : null,
  );
  const [signedOut, setSignedOut] = useState<string | null>(null);
  if (!session)
    return (
      <Login
        notice={signedOut}
        onLogin={(api) => {
          setSignedOut(null);
          setSession({ api, client: newQueryClient() });
        }}
      />
    );
  return (
    <ApiProvider api={session.api} client={session.client}>
      <Toasts>
        <Shell
          local={initialApi !== null}
          onSignOut={(why) => {
            session.client.clear();
            setSession(null);
            setSignedOut(why ?? null);
          }}
        />
      </Toasts>
    </ApiProvider>
  );
}
