// Tokens of the signed-in user and the openapi-fetch middleware that uses them.
//
// The server hands out two JWTs at login: an access token (60 minutes), sent as `Authorization: Bearer` with
// every request, and a refresh token (7 days) that buys a new pair at POST /auth/token/refresh/. The access token
// lives in memory only; the refresh token is kept in localStorage (`spotter.refresh`) so a reload stays signed in.
//
// A refresh token is single use: the server rotates it on every refresh and ends the whole session when a used
// one comes back. Hence:
// - refreshes are single-flight: callers that need one while it runs share it (and, across tabs, a Web Lock
//   makes each tab refresh with the newest token in localStorage rather than one another tab already spent);
// - the access token is renewed shortly before it expires, and also before a request if the timer was late
//   (background tabs throttle timers);
// - a request answered 401 `token_not_valid` is retried once with a fresh token; when the server refuses the
//   refresh token itself, the tokens are dropped and the `signedOut` listeners told (the session forgets the user).
import type { Middleware } from 'openapi-fetch';

export interface TokenPair {
  access: string;
  refresh: string;
}

/** Where the refresh token is kept. */
export const refreshStorageKey = 'spotter.refresh';

/** The server refused the refresh token (invalid, expired, reused, or its session ended): it is dead. */
export class RefreshRejected extends Error {
  constructor(message = 'the refresh token was refused') {
    super(message);
    this.name = 'RefreshRejected';
  }
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface TokenManagerOptions {
  /**
   * Exchanges a refresh token for a new pair. Throws RefreshRejected when the server refuses the token, anything
   * else (network down, 5xx) for a failure that says nothing about the token.
   */
  exchange: (refresh: string) => Promise<TokenPair>;
  /** Where the refresh token is kept; localStorage in the browser. null: memory only. */
  storage?: KeyValueStorage | null;
  /** Runs `task` while holding a lock shared by every tab of the app (navigator.locks); default: no lock. */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
  now?: () => number;
  /** How long before the access token expires it is renewed (default 60 s; at most half its lifetime). */
  renewBeforeMs?: number;
  /** After a failed proactive renewal that was not a refusal, try again after this long (default 30 s). */
  retryRenewAfterMs?: number;
}

export interface TokenManager {
  /** The access token in memory, expired or not; null when there is none. */
  accessToken(): string | null;
  /** The stored refresh token, or null. */
  refreshToken(): string | null;
  hasRefreshToken(): boolean;
  /** Keeps a pair from login, refresh or password change, and schedules the renewal of the access token. */
  setTokens(pair: TokenPair): void;
  /** Forgets both tokens on this device (log out). Does not notify the signedOut listeners. */
  forget(): void;
  /**
   * Renews the pair; concurrent callers share one call to the server. Resolves to the new access token, or null
   * when the refresh token was refused or missing (the tokens are then forgotten and the signedOut listeners told).
   * Rejects on other failures (the tokens are kept).
   */
  refresh(): Promise<string | null>;
  /** The access token if it is good for a few more seconds, else the result of refresh(); null without tokens. */
  validAccessToken(): Promise<string | null>;
  /** Called when the tokens are dropped without a log out: refused refresh token, or a log out in another tab. */
  onSignedOut(listener: () => void): () => void;
  /** A change of the storage made by another tab (the window 'storage' event). */
  storageChanged(key: string | null, newValue: string | null): void;
  /** Stops the renewal timer. */
  dispose(): void;
}

/** The times in a JWT's payload (seconds since the epoch), or null when the token is not a readable JWT. */
export function jwtClaims(token: string): { exp?: number; iat?: number } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!claims || typeof claims !== 'object') return null;
    const { exp, iat } = claims as Record<string, unknown>;
    return { exp: typeof exp === 'number' ? exp : undefined, iat: typeof iat === 'number' ? iat : undefined };
  } catch {
    return null;
  }
}

/** When a JWT expires, in milliseconds since the epoch; null when it does not say. */
export function jwtExpiresAt(token: string): number | null {
  const exp = jwtClaims(token)?.exp;
  return exp === undefined ? null : exp * 1000;
}

/** An access token this close to its expiry is renewed before it is sent. */
const kExpirySkewMs = 10_000;
/** setTimeout takes at most a signed 32-bit delay. */
const kMaxTimerMs = 2 ** 31 - 1;

function safeStorage(storage: KeyValueStorage | null): KeyValueStorage {
  const memory = new Map<string, string>();
  const fallback: KeyValueStorage = {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => void memory.set(key, value),
    removeItem: (key) => void memory.delete(key),
  };
  if (!storage) return fallback;
  // Private modes and full disks make localStorage throw; keep working in memory then.
  return {
    getItem: (key) => {
      try {
        return storage.getItem(key);
      } catch {
        return fallback.getItem(key);
      }
    },
    setItem: (key, value) => {
      try {
        storage.setItem(key, value);
      } catch {
        fallback.setItem(key, value);
      }
    },
    removeItem: (key) => {
      try {
        storage.removeItem(key);
      } catch {
        /* nothing stored there */
      }
      fallback.removeItem(key);
    },
  };
}

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const storage = safeStorage(options.storage ?? null);
  const lock = options.lock ?? ((task) => task());
  const now = options.now ?? Date.now;
  const renewBeforeMs = options.renewBeforeMs ?? 60_000;
  const retryRenewAfterMs = options.retryRenewAfterMs ?? 30_000;

  let access: string | null = null;
  let inFlight: Promise<string | null> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const listeners = new Set<() => void>();

  function cancelTimer() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  }

  function schedule(delayMs: number) {
    cancelTimer();
    timer = setTimeout(
      () => {
        timer = null;
        manager.refresh().catch(() => {
          // Not a refusal (the server was unreachable): try again later while there is something to renew with.
          if (storage.getItem(refreshStorageKey)) schedule(retryRenewAfterMs);
        });
      },
      Math.min(Math.max(0, delayMs), kMaxTimerMs),
    );
  }

  function scheduleRenewal(token: string) {
    const claims = jwtClaims(token);
    if (claims?.exp === undefined) return cancelTimer();
    const expiresAt = claims.exp * 1000;
    const lifetime = claims.iat !== undefined ? expiresAt - claims.iat * 1000 : Infinity;
    const margin = Math.min(renewBeforeMs, lifetime / 2);
    schedule(expiresAt - margin - now());
  }

  function dropTokens() {
    cancelTimer();
    access = null;
    storage.removeItem(refreshStorageKey);
  }

  function signedOut() {
    for (const listener of [...listeners]) listener();
  }

  async function exchangeStored(): Promise<string | null> {
    const stored = storage.getItem(refreshStorageKey);
    if (!stored) {
      const hadAccess = access !== null;
      dropTokens();
      if (hadAccess) signedOut();
      return null;
    }
    let pair: TokenPair;
    try {
      pair = await options.exchange(stored);
    } catch (error) {
      if (!(error instanceof RefreshRejected)) throw error;
      // Another tab may have stored a newer token meanwhile (only without locks); keep that one.
      if (storage.getItem(refreshStorageKey) === stored) storage.removeItem(refreshStorageKey);
      cancelTimer();
      access = null;
      signedOut();
      return null;
    }
    manager.setTokens(pair);
    return pair.access;
  }

  const manager: TokenManager = {
    accessToken: () => access,
    refreshToken: () => storage.getItem(refreshStorageKey),
    hasRefreshToken: () => storage.getItem(refreshStorageKey) !== null,

    setTokens(pair) {
      access = pair.access;
      storage.setItem(refreshStorageKey, pair.refresh);
      scheduleRenewal(pair.access);
    },

    forget() {
      dropTokens();
    },

    refresh() {
      if (!inFlight) {
        inFlight = lock(exchangeStored).finally(() => {
          inFlight = null;
        });
      }
      return inFlight;
    },

    async validAccessToken() {
      if (access) {
        const expiresAt = jwtExpiresAt(access);
        if (expiresAt === null || expiresAt - now() > kExpirySkewMs) return access;
      }
      if (!storage.getItem(refreshStorageKey)) return null;
      return manager.refresh();
    },

    onSignedOut(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    storageChanged(key, newValue) {
      // key null: another tab cleared the whole storage.
      if ((key === refreshStorageKey || key === null) && newValue === null && access !== null) {
        cancelTimer();
        access = null;
        signedOut();
      }
    },

    dispose() {
      cancelTimer();
      listeners.clear();
    },
  };
  return manager;
}

/** Requests that never carry the user's token: the ones that obtain it, and the public operations. */
const publicPaths = new Set([
  '/healthz',
  '/readyz',
  '/auth/sign-up/',
  '/auth/signup/',
  '/auth/login/',
  '/auth/token/refresh/',
  '/auth/verify-email/',
  '/auth/verify-email/resend/',
  '/auth/password/reset/',
  '/auth/password/reset/confirm/',
]);

/** Does a 401 reply say the access token is bad (rather than, say, the user being disabled)? */
async function isTokenProblem(response: Response): Promise<boolean> {
  if (response.status !== 401) return false;
  try {
    const body: unknown = await response.clone().json();
    return !!body && typeof body === 'object' && (body as { code?: unknown }).code === 'token_not_valid';
  } catch {
    return false;
  }
}

/**
 * The middleware: adds the access token to every non-public request (renewing it first when it is about to
 * expire), and answers a 401 token_not_valid by renewing the token once and sending the request again.
 */
export function authMiddleware(tokens: TokenManager): Middleware {
  // The untouched requests, by openapi-fetch's request id: fetch() consumes a request's body, a retry needs one.
  const originals = new Map<string, Request>();
  const sentWith = new Map<string, string>();

  function withToken(request: Request, token: string): Request {
    const next = new Request(request);
    next.headers.set('Authorization', `Bearer ${token}`);
    return next;
  }

  return {
    async onRequest({ request, schemaPath, id }) {
      if (publicPaths.has(schemaPath) || request.headers.has('Authorization')) return undefined;
      let token: string | null;
      try {
        token = await tokens.validAccessToken();
      } catch {
        token = tokens.accessToken(); // the renewal failed for now: try what we have, the server will tell
      }
      if (!token) return undefined;
      originals.set(id, request.clone());
      sentWith.set(id, token);
      return withToken(request, token);
    },

    async onResponse({ response, id, options }) {
      const original = originals.get(id);
      const used = sentWith.get(id);
      originals.delete(id);
      sentWith.delete(id);
      if (!original || used === undefined || !(await isTokenProblem(response))) return undefined;

      let token = tokens.accessToken();
      if (!token || token === used) {
        // Not renewed since this request left: renew now (or join the renewal another request started).
        try {
          token = await tokens.refresh();
        } catch {
          return undefined; // could not reach the server: the 401 stands
        }
      }
      if (!token) return undefined; // refused: the tokens are gone and the session signs out
      return options.fetch(withToken(original, token)); // once: this reply does not come back here
    },

    onError({ id }) {
      originals.delete(id);
      sentWith.delete(id);
      return undefined;
    },
  };
}
