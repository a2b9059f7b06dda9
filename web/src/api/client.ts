// The typed API client. Its types come from the server's OpenAPI document:
// `npm run gen:api` writes schema.d.ts from ../build/openapi.json on every build, so a path or a field renamed on
// the server breaks `tsc`, not the user. Call it as `api.GET('/healthz')`; paths, parameters, bodies and replies
// are all checked against the document.
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema';

export type ApiClient = Client<paths>;

/**
 * A client for the Spotter server. In the browser the default base URL '' means "this origin": the server serves
 * both the app and the API (and Vite's dev server proxies the API to it). Tests pass their own baseUrl and fetch.
 */
export function createApiClient(options: Pick<ClientOptions, 'baseUrl' | 'fetch'> = {}): ApiClient {
  return createClient<paths>({ baseUrl: '', credentials: 'same-origin', ...options });
}

/** The app's one client. The accounts work adds its auth middleware here (api.use(...)). */
export const api = createApiClient();

/** A reply with a status outside 2xx, or a request that never got a reply. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or 0 when no reply came (network down, server stopped). */
    readonly status: number,
    /** The parsed error body, when the server sent one. */
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
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
    throw new ApiError(`${response.status} ${response.statusText}`.trim(), response.status, result.error);
  }
  return result.data as SuccessData<R>;
}
