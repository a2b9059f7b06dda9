import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from './session';

/**
 * Logging out from a button: goes home, tells the server, forgets the tokens. Home first: on a page for
 * signed-in users the route guard would otherwise see the user leave and send them to the login page instead.
 */
export function useLogOut(): { pending: boolean; logOut: () => Promise<void> } {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const logOut = useCallback(async () => {
    setPending(true);
    try {
      await navigate('/', { replace: true });
      await signOut();
    } finally {
      setPending(false);
    }
  }, [signOut, navigate]);
  return { pending, logOut };
}
