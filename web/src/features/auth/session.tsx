// Who is signed in. The whole app reads the session through useSession(); nothing else knows how it is obtained.
//
// For now everyone is anonymous. The accounts work fills in `loadCurrentUser` (e.g. read the stored token and
// call the server's current-user endpoint through `api`), and `signOut`; the navigation, the route guards and the
// pages follow from `user.user_type` without further changes.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';

export type UserType = 'member' | 'trainer' | 'admin';

export interface SessionUser {
  id: number;
  name: string;
  email: string;
  user_type: UserType;
}

/** What the navigation and the route guards key on: a user's type, or 'anonymous'. */
export type Role = UserType | 'anonymous';

export interface Session {
  user: SessionUser | null;
  role: Role;
  /** 'loading' until the first answer of loadCurrentUser; guards wait for it instead of redirecting. */
  status: 'loading' | 'ready';
  /** Reloads the user (after logging in, for instance). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

/** The one place that finds out who is signed in. Returns null when nobody is. */
async function loadCurrentUser(): Promise<SessionUser | null> {
  return null;
}

/** The one place that forgets the signed-in user on this device. */
async function forgetCurrentUser(): Promise<void> {}

const sessionQueryKey = ['session'] as const;

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: sessionQueryKey, queryFn: loadCurrentUser, staleTime: Infinity });

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: sessionQueryKey });
  }, [queryClient]);

  const signOut = useCallback(async () => {
    await forgetCurrentUser();
    queryClient.setQueryData(sessionQueryKey, null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] });
  }, [queryClient]);

  const user = query.data ?? null;
  const session = useMemo<Session>(
    () => ({
      user,
      role: user ? user.user_type : 'anonymous',
      status: query.isPending ? 'loading' : 'ready',
      refresh,
      signOut,
    }),
    [user, query.isPending, refresh, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() must be used inside <SessionProvider>');
  return session;
}
