// The typed API client. Its types come from the server's OpenAPI document:
// `npm run gen:api` writes schema.d.ts from ../build/openapi.json on every build, so a path or a field renamed on
// the server breaks `tsc`, not the user. Call it as `api.GET('/healthz')`; paths, parameters, bodies and replies
// are all checked against the document.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import { authMiddleware, createTokenManager, RefreshRejected, type TokenPair } from './auth';
import type { paths } from './schema';

export type ApiClient = Client<paths>;

/**
 * A client for the Spotter server. In the browser the default base URL '' means "this origin": the server serves
 * both the app and the API (and Vite's dev server proxies the API to it). Tests pass their own baseUrl and fetch.
 */
export function createApiClient(options: Pick<ClientOptions, 'baseUrl' | 'fetch'> = {}): ApiClient {
  return createClient<paths>({ baseUrl: '', credentials: 'same-origin', ...options });
}

/** A client without the auth middleware, for the refresh call itself. */
const plainApi = createApiClient();

/** Asks the server for a new token pair (not through the middleware, which would wait for this very call). */
async function exchangeRefreshToken(refresh: string): Promise<TokenPair> {
  const { data, error, response } = await plainApi.POST('/auth/token/refresh/', { body: { refresh } });
  if (data) return data;
  // 401 token_not_valid: invalid, expired or reused; 400: no token. Either way this token is finished.
  if (response.status === 401 || response.status === 400) throw new RefreshRejected();
  throw new ApiError(`${response.status} ${response.statusText}`.trim(), response.status, error);
}

/** Runs a refresh under a lock every tab of this origin shares, when the browser has Web Locks. */
function crossTabLock(): (<T>(task: () => Promise<T>) => Promise<T>) | undefined {
  if (typeof navigator === 'undefined' || !navigator.locks) return undefined;
  return <T>(task: () => Promise<T>) => navigator.locks.request('spotter.refresh', () => task()) as Promise<T>;
}

/** localStorage, or null where there is none or it is blocked (reading it throws when site data is disabled). */
function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

const storage = browserStorage();

/** The signed-in user's tokens (see auth.ts); the session reads and sets them. */
export const tokens = createTokenManager({ exchange: exchangeRefreshToken, storage, lock: crossTabLock() });

if (typeof window !== 'undefined' && storage) {
  window.addEventListener('storage', (event) => {
    if (event.storageArea === storage) tokens.storageChanged(event.key, event.newValue);
  });
}

/** The app's one client: it sends the access token and renews it when the server says it expired. */
export const api = createApiClient();
api.use(authMiddleware(tokens));

/** A reply with a status outside 2xx, or a request that never got a reply. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or 0 when no reply came (network down, server stopped). */
    readonly status: number,
    /** The parsed error body, when the server sent one. */
    readonly body?: unknown,
    /** Seconds to wait before asking again, from a 429 (or 503) reply's Retry-After header. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A Retry-After header in seconds (delay-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** What an openapi-fetch call resolves to: data on success, error otherwise, and the raw response. */
type FetchResult = { data?: unknown; error?: unknown; response: Response };

/** The data of the success branch of an openapi-fetch result. */
type SuccessData<R> = R extends { data: infer D; error?: never } ? D : never;

/**
 * Awaits an openapi-fetch call and returns its data, or throws ApiError, so that TanStack Query sees failures:
 * `queryFn: () => unwrap(api.GET('/healthz'))`.
 */
export async function unwrap<R extends FetchResult>(request: Promise<R>): Promise<SuccessData<R>> {
  let result: R;
  try {
    result = await request;
  } catch (cause) {
    throw new ApiError(cause instanceof Error ? cause.message : String(cause), 0);
  }
  const { response } = result;
  if (result.error !== undefined || !response.ok) {
    throw new ApiError(
      `${response.status} ${response.statusText}`.trim(),
      response.status,
      result.error,
      parseRetryAfter(response.headers.get('Retry-After')),
    );
  }
  return result.data as SuccessData<R>;
}
