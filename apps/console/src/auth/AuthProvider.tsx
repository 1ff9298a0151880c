import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { api, configureClient, unwrap } from '../api/client';
import type { Schemas } from '../api/types';
import { forgetToken, storedToken, storeToken } from './session';

type Me = Schemas['MeView'];

export interface Auth {
  /** null while signed out. */
  user: Me | null;
  /** The token is being checked at start. */
  checking: boolean;
  signIn(token: string): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ language, children }: { language: string; children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => storedToken() !== null);

  const dropSession = useCallback(() => {
    forgetToken();
    setUser(null);
  }, []);

  // Set during render, before any child's first request.
  configureClient({ token: storedToken, language: () => language, onUnauthorised: dropSession });

  const load = useCallback(async () => {
    setUser(unwrap(await api.GET('/api/v1/auth/me')));
  }, []);

  useEffect(() => {
    if (!storedToken()) return;
    load()
      .catch(dropSession)
      .finally(() => setChecking(false));
  }, [load, dropSession]);

  const value = useMemo<Auth>(
    () => ({
      user,
      checking,
      async signIn(token) {
        storeToken(token);
        await load();
      },
      async signOut() {
        // The session ends on the server first, so that the token is dead even if copied.
        await api.POST('/api/v1/auth/logout').catch(() => undefined);
        dropSession();
      },
    }),
    [user, checking, load, dropSession],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
