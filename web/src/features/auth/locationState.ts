// What the account pages hand each other in the history state (navigate(to, { state })): where to go after
// logging in, a notice to show on arrival, the e-mail address typed so far, whether a code was just sent.
import { catalogue, type MessageKey } from '../../i18n/messages';

export interface AuthLocationState {
  /** The page a guard sent the visitor away from (RequireRole), to return to after logging in. */
  from?: { pathname: string; search?: string; hash?: string };
  /** A notice for the page arrived at (shown by <Page>). */
  notice?: MessageKey;
  email?: string;
  /** The server has just e-mailed a code: the "send again" button waits out the server's cooldown. */
  codeSent?: boolean;
}

/** Reads the history state defensively: it survives reloads and may come from an older version of the app. */
export function readAuthState(state: unknown): AuthLocationState {
  if (!state || typeof state !== 'object') return {};
  const raw = state as Record<string, unknown>;
  const result: AuthLocationState = {};
  const from = raw.from as Record<string, unknown> | undefined;
  if (from && typeof from === 'object' && typeof from.pathname === 'string' && from.pathname.startsWith('/')) {
    result.from = {
      pathname: from.pathname,
      search: typeof from.search === 'string' ? from.search : '',
      hash: typeof from.hash === 'string' ? from.hash : '',
    };
  }
  if (typeof raw.notice === 'string' && Object.hasOwn(catalogue.ko, raw.notice)) {
    result.notice = raw.notice as MessageKey;
  }
  if (typeof raw.email === 'string') result.email = raw.email;
  if (raw.codeSent === true) result.codeSent = true;
  return result;
}

/** Where to go after logging in: back where the guard found the visitor, else home (never back to an auth page). */
export function afterLogin(state: AuthLocationState): string {
  const from = state.from;
  if (!from || ['/login', '/signup', '/forgot-password', '/reset-password'].includes(from.pathname)) return '/';
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
}
