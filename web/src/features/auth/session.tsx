// Who is signed in. The whole app reads the session through useSession(); nothing else knows how it is obtained.
//
// The tokens live in `tokens` (src/api/auth.ts): the access token in memory, the refresh token in localStorage.
// On start, a stored refresh token buys an access token and GET /api/auth/me/ says who it belongs to. Logging in
// hands the session the tokens and the user; logging out tells the server (POST /auth/logout/) and forgets both.
// When the server refuses the refresh token (expired, reused, logged out elsewhere), the tokens are dropped and
// the session follows: the user becomes anonymous and the route guards send them to the login page.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { TokenPair } from '../../api/auth';
import { api, ApiError, tokens, unwrap } from '../../api/client';

export type UserType = 'member' | 'trainer' | 'admin';

export interface SessionUser {
  id: number;
  name: string;
  email: string;
  user_type: UserType;
  email_verified: boolean;
}

/** What the navigation and the route guards key on: a user's type, or 'anonymous'. */
export type Role = UserType | 'anonymous';

export interface Session {
  user: SessionUser | null;
  role: Role;
  /** 'loading' until the first answer of loadCurrentUser; guards wait for it instead of redirecting. */
  status: 'loading' | 'ready';
  /** Reloads the user from the server. */
  refresh: () => Promise<void>;
  /** Starts a session with what POST /auth/login/ answered. */
  signIn: (pair: TokenPair, user: SessionUser) => void;
  /** Changes the user as the server just reported it (e.g. email_verified after verifying). */
  updateUser: (changes: Partial<SessionUser>) => void;
  /** Keeps the new tokens the server issued to this session (after a password change). */
  replaceTokens: (pair: TokenPair) => void;
  /** Logs out on the server (best effort) and forgets the user and the tokens on this device. */
  signOut: () => Promise<void>;
}

function toSessionUser(user: SessionUser): SessionUser {
  const { id, name, email, user_type, email_verified } = user;
  return { id, name, email, user_type, email_verified };
}

/** The one place that finds out who is signed in. Returns null when nobody is. */
async function loadCurrentUser(): Promise<SessionUser | null> {
  if (!tokens.accessToken() && !tokens.hasRefreshToken()) return null;
  const access = await tokens.validAccessToken(); // throws when the server cannot be reached: the query retries
  if (!access) return null;
  try {
    const { user } = await unwrap(api.GET('/api/auth/me/'));
    return toSessionUser(user);
  } catch (error) {
    // Still 401 after a renewed token: the account is gone or disabled.
    if (error instanceof ApiError && error.status === 401) {
      tokens.forget();
      return null;
    }
    throw error;
  }
}

/** The one place that forgets the signed-in user on this device, after telling the server. */
async function forgetCurrentUser(): Promise<void> {
  try {
    const access = await tokens.validAccessToken().catch(() => tokens.accessToken());
    const refresh = tokens.refreshToken();
    if (access && refresh) await api.POST('/auth/logout/', { body: { refresh } });
  } catch {
    // The server could not be told (offline): this device forgets the tokens all the same.
  }
  tokens.forget();
}

const sessionQueryKey = ['session'] as const;

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: sessionQueryKey, queryFn: loadCurrentUser, staleTime: Infinity });

  const forgetLocally = useCallback(() => {
    void queryClient.cancelQueries({ queryKey: sessionQueryKey });
    queryClient.setQueryData(sessionQueryKey, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] });
  }, [queryClient]);

  // The tokens were dropped behind the session's back: refused refresh, or a log out in another tab.
  useEffect(() => tokens.onSignedOut(forgetLocally), [forgetLocally]);

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: sessionQueryKey });
  }, [queryClient]);

  const signIn = useCallback(
    (pair: TokenPair, user: SessionUser) => {
      tokens.setTokens(pair);
      void queryClient.cancelQueries({ queryKey: sessionQueryKey });
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData(sessionQueryKey, toSessionUser(user));
    },
    [queryClient],
  );

  const updateUser = useCallback(
    (changes: Partial<SessionUser>) => {
      queryClient.setQueryData<SessionUser | null>(sessionQueryKey, (current) =>
        current ? toSessionUser({ ...current, ...changes }) : current,
      );
    },
    [queryClient],
  );

  const replaceTokens = useCallback((pair: TokenPair) => tokens.setTokens(pair), []);

  const signOut = useCallback(async () => {
    await forgetCurrentUser();
    forgetLocally();
  }, [forgetLocally]);

  const user = query.data ?? null;
  const session = useMemo<Session>(
    () => ({
      user,
      role: user ? user.user_type : 'anonymous',
      status: query.isPending ? 'loading' : 'ready',
      refresh,
      signIn,
      updateUser,
      replaceTokens,
      signOut,
    }),
    [user, query.isPending, refresh, signIn, updateUser, replaceTokens, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() must be used inside <SessionProvider>');
  return session;
}
