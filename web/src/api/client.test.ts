import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, parseRetryAfter, unwrap } from './client';

function fakeServer(handler: (request: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const fetch = async (request: Request) => {
    seen.push(request);
    return handler(request);
  };
  return { api: createApiClient({ baseUrl: 'http://spotter.test', fetch }), seen };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('API client', () => {
  it('returns the parsed body of a 2xx reply', async () => {
    const { api, seen } = fakeServer(() => json({ status: 'ok' }));
    await expect(unwrap(api.GET('/healthz'))).resolves.toEqual({ status: 'ok' });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET http://spotter.test/healthz']);
  });

  it('throws ApiError with status and body for an error reply', async () => {
    const { api } = fakeServer(() => json({ status: 'unavailable', database: 'down' }, 503));
    const error = await unwrap(api.GET('/readyz')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, body: { status: 'unavailable', database: 'down' } });
  });

  it('throws ApiError with status 0 when the server cannot be reached', async () => {
    const { api } = fakeServer(() => {
      throw new TypeError('fetch failed');
    });
    await expect(unwrap(api.GET('/healthz'))).rejects.toMatchObject({ name: 'ApiError', status: 0 });
  });

  it('reads Retry-After of a 429 into ApiError.retryAfter', async () => {
    const { api } = fakeServer(
      () =>
        new Response(JSON.stringify({ status: 429, code: 'throttled' }), {
          status: 429,
          headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '37' },
        }),
    );
    await expect(unwrap(api.GET('/healthz'))).rejects.toMatchObject({ status: 429, retryAfter: 37 });
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
