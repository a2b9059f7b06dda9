import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  authMiddleware,
  createTokenManager,
  jwtExpiresAt,
  refreshStorageKey,
  RefreshRejected,
  type TokenManagerOptions,
  type TokenPair,
} from './auth';
import { createApiClient } from './client';

const b64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A token shaped like the server's: HS256 header, payload with exp/iat/user_id, a fake signature. */
function jwt(payload: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.c2ln`;
}

const t0 = Math.floor(Date.now() / 1000);
/** An access token valid for `seconds` from the start of the tests (60 minutes by default, like the server's). */
const access = (name: string, seconds = 3600) =>
  jwt({ token_type: 'access', name, user_id: 7, user_type: 'member', iat: t0, exp: t0 + seconds });

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const tokenNotValid = () =>
  json({ status: 401, code: 'token_not_valid', detail: 'Given token not valid for any token type' }, 401);

/** A refresh endpoint that rotates: each refresh token works once and buys rN. */
function rotatingExchange(options: { start?: number } = {}) {
  let n = options.start ?? 1;
  const used = new Set<string>();
  const calls: string[] = [];
  const exchange = vi.fn(async (refresh: string): Promise<TokenPair> => {
    calls.push(refresh);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a real round trip: callers overlap
    if (used.has(refresh)) throw new RefreshRejected('reused');
    used.add(refresh);
    n += 1;
    const now = Math.floor(Date.now() / 1000);
    return { access: jwt({ name: `a${n}`, iat: now, exp: now + 3600 }), refresh: `r${n}` };
  });
  return { exchange, calls };
}

function setup(overrides: Partial<TokenManagerOptions> = {}, stored: Record<string, string> = {}) {
  const storage = memoryStorage(stored);
  const rotating = rotatingExchange();
  const tokens = createTokenManager({ exchange: rotating.exchange, storage, ...overrides });
  const seen: { path: string; auth: string | null }[] = [];
  let handler: (request: Request) => Response | Promise<Response> = () => json({ success: true, user: { id: 7 } });
  const api = createApiClient({
    baseUrl: 'http://spotter.test',
    fetch: async (request: Request) => {
      seen.push({ path: new URL(request.url).pathname, auth: request.headers.get('Authorization') });
      return handler(request);
    },
  });
  api.use(authMiddleware(tokens));
  return {
    tokens,
    storage,
    exchange: rotating.exchange,
    api,
    seen,
    serve: (h: typeof handler) => (handler = h),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('JWT expiry', () => {
  it('reads exp from the payload (base64url, no padding)', () => {
    expect(jwtExpiresAt(jwt({ exp: 1_900_000_000, name: '민수?>' }))).toBe(1_900_000_000_000);
  });
  it('is null for anything that is not a JWT with exp', () => {
    expect(jwtExpiresAt('opaque')).toBeNull();
    expect(jwtExpiresAt('a.!!!.c')).toBeNull();
    expect(jwtExpiresAt(jwt({ user_id: 1 }))).toBeNull();
  });
});

describe('token manager', () => {
  it('keeps the access token in memory and the refresh token in storage', () => {
    const { tokens, storage } = setup();
    tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    expect(tokens.accessToken()).toBe(access('a1'));
    expect(storage.map.get(refreshStorageKey)).toBe('r1');
    expect([...storage.map.values()]).not.toContain(tokens.accessToken());
    tokens.forget();
    expect(tokens.accessToken()).toBeNull();
    expect(storage.map.has(refreshStorageKey)).toBe(false);
  });

  it('refreshes once for concurrent callers (single flight) and stores the rotated token', async () => {
    const { tokens, exchange, storage } = setup({}, { [refreshStorageKey]: 'r1' });
    const results = await Promise.all([tokens.refresh(), tokens.refresh(), tokens.validAccessToken()]);
    expect(exchange).toHaveBeenCalledTimes(1);
    expect(exchange).toHaveBeenCalledWith('r1');
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toBe(tokens.accessToken());
    expect(storage.map.get(refreshStorageKey)).toBe('r2');
    // A later refresh is a new flight with the new token.
    await tokens.refresh();
    expect(exchange).toHaveBeenLastCalledWith('r2');
  });

  it('forgets both tokens and tells the listeners when the refresh token is refused', async () => {
    const { tokens, storage } = setup({ exchange: async () => Promise.reject(new RefreshRejected()) });
    tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    const signedOut = vi.fn();
    tokens.onSignedOut(signedOut);
    await expect(tokens.refresh()).resolves.toBeNull();
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(tokens.accessToken()).toBeNull();
    expect(storage.map.has(refreshStorageKey)).toBe(false);
  });

  it('keeps the tokens when the server cannot be reached', async () => {
    const { tokens, storage } = setup({ exchange: async () => Promise.reject(new TypeError('fetch failed')) });
    tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    const signedOut = vi.fn();
    tokens.onSignedOut(signedOut);
    await expect(tokens.refresh()).rejects.toThrow('fetch failed');
    expect(signedOut).not.toHaveBeenCalled();
    expect(storage.map.get(refreshStorageKey)).toBe('r1');
  });

  it('renews the access token shortly before it expires', async () => {
    vi.useFakeTimers({ now: 1_800_000_000_000 });
    const { tokens, exchange } = setup();
    tokens.setTokens({ access: jwt({ iat: 1_800_000_000, exp: 1_800_003_600 }), refresh: 'r1' });
    await vi.advanceTimersByTimeAsync((3600 - 61) * 1000);
    expect(exchange).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2000);
    expect(exchange).toHaveBeenCalledWith('r1');
    await vi.advanceTimersByTimeAsync(10); // the fake round trip
    expect(tokens.refreshToken()).toBe('r2');
    // and the next renewal is scheduled from the new token
    await vi.advanceTimersByTimeAsync(3600 * 1000);
    expect(exchange).toHaveBeenCalledTimes(2);
    tokens.dispose();
  });

  it('renews an expired access token before using it', async () => {
    const { tokens, exchange } = setup();
    tokens.setTokens({ access: access('old', -5), refresh: 'r1' });
    const token = await tokens.validAccessToken();
    expect(exchange).toHaveBeenCalledTimes(1);
    expect(token).not.toBe(access('old', -5));
    expect(await tokens.validAccessToken()).toBe(token); // good now: no second refresh
    expect(exchange).toHaveBeenCalledTimes(1);
  });

  it('has nothing to give without a refresh token', async () => {
    const { tokens, exchange } = setup();
    await expect(tokens.validAccessToken()).resolves.toBeNull();
    await expect(tokens.refresh()).resolves.toBeNull();
    expect(exchange).not.toHaveBeenCalled();
  });

  it('signs out when another tab logs out', () => {
    const { tokens } = setup();
    tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    const signedOut = vi.fn();
    tokens.onSignedOut(signedOut);
    tokens.storageChanged(refreshStorageKey, 'r9'); // another tab rotated: nothing to do
    expect(signedOut).not.toHaveBeenCalled();
    tokens.storageChanged(refreshStorageKey, null);
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(tokens.accessToken()).toBeNull();
  });

  it('refreshes under the cross-tab lock, reading the newest stored token inside it', async () => {
    const order: string[] = [];
    const storage = memoryStorage({ [refreshStorageKey]: 'r1' });
    const tokens = createTokenManager({
      storage,
      exchange: async (refresh) => {
        order.push(`exchange ${refresh}`);
        return { access: access('a'), refresh: 'r3' };
      },
      lock: async (task) => {
        order.push('lock');
        storage.setItem(refreshStorageKey, 'r2'); // another tab finished its refresh while we waited
        return task();
      },
    });
    await tokens.refresh();
    expect(order).toEqual(['lock', 'exchange r2']);
  });
});

describe('auth middleware', () => {
  let env: ReturnType<typeof setup>;
  beforeEach(() => {
    env = setup();
  });

  it('sends the access token on private requests only', async () => {
    env.tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    await env.api.GET('/api/auth/me/');
    await env.api.POST('/auth/login/', { body: { email: 'a@b.co', password: 'x' } });
    await env.api.GET('/healthz');
    expect(env.seen).toEqual([
      { path: '/api/auth/me/', auth: `Bearer ${access('a1')}` },
      { path: '/auth/login/', auth: null },
      { path: '/healthz', auth: null },
    ]);
  });

  it('sends no token when signed out', async () => {
    await env.api.GET('/api/auth/me/');
    expect(env.seen).toEqual([{ path: '/api/auth/me/', auth: null }]);
    expect(env.exchange).not.toHaveBeenCalled();
  });

  it('on 401 token_not_valid refreshes once and retries the request with its body', async () => {
    env.tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    const bodies: string[] = [];
    env.serve(async (request) => {
      bodies.push(await request.text());
      return request.headers.get('Authorization') === `Bearer ${access('a1')}`
        ? tokenNotValid()
        : json({ success: true, tokens: { access: 'x', refresh: 'y' } });
    });
    const result = await env.api.POST('/auth/password/change/', {
      body: { current_password: 'old', new_password: 'new', confirm_password: 'new' },
    });
    expect(result.response.status).toBe(200);
    expect(env.exchange).toHaveBeenCalledTimes(1);
    expect(env.seen).toHaveLength(2);
    expect(env.seen[1]?.auth).toBe(`Bearer ${env.tokens.accessToken()}`);
    expect(bodies[1]).toBe(bodies[0]);
    expect(JSON.parse(bodies[1] ?? '')).toMatchObject({ current_password: 'old' });
  });

  it('concurrent 401s share one refresh (a refresh token is single use)', async () => {
    env.tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    env.serve((request) =>
      request.headers.get('Authorization') === `Bearer ${access('a1')}` ? tokenNotValid() : json({ success: true }),
    );
    const results = await Promise.all([1, 2, 3, 4].map(() => env.api.GET('/api/auth/me/')));
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200, 200]);
    expect(env.exchange).toHaveBeenCalledTimes(1);
    expect(env.tokens.refreshToken()).toBe('r2');
  });

  it('a 401 for a request sent before the last refresh retries with the new token without refreshing again', async () => {
    env.tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    env.serve(async (request) => {
      if (request.headers.get('Authorization') !== `Bearer ${access('a1')}`) return json({ success: true });
      await gate; // this reply comes back late, after another request already renewed the token
      return tokenNotValid();
    });
    const slow = env.api.GET('/api/auth/me/');
    await new Promise((resolve) => setTimeout(resolve, 1));
    await env.tokens.refresh();
    release();
    expect((await slow).response.status).toBe(200);
    expect(env.exchange).toHaveBeenCalledTimes(1);
  });

  it('retries only once: a second 401 is the answer', async () => {
    env.tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    env.serve(() => tokenNotValid());
    const result = await env.api.GET('/api/auth/me/');
    expect(result.response.status).toBe(401);
    expect(env.seen).toHaveLength(2);
    expect(env.exchange).toHaveBeenCalledTimes(1);
  });

  it('signs out locally when the refresh fails, and returns the 401', async () => {
    const rejecting = setup({ exchange: vi.fn(async () => Promise.reject(new RefreshRejected())) });
    rejecting.tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    const signedOut = vi.fn();
    rejecting.tokens.onSignedOut(signedOut);
    rejecting.serve(() => tokenNotValid());
    const results = await Promise.all([rejecting.api.GET('/api/auth/me/'), rejecting.api.GET('/api/auth/me/')]);
    expect(results.map((r) => r.response.status)).toEqual([401, 401]);
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(rejecting.tokens.accessToken()).toBeNull();
    expect(rejecting.storage.map.has(refreshStorageKey)).toBe(false);
    expect(rejecting.seen).toHaveLength(2); // no retries
  });

  it('leaves other 401s alone', async () => {
    env.tokens.setTokens({ access: access('a1'), refresh: 'r1' });
    env.serve(() => json({ status: 401, code: 'user_inactive' }, 401));
    const result = await env.api.GET('/api/auth/me/');
    expect(result.response.status).toBe(401);
    expect(env.exchange).not.toHaveBeenCalled();
    expect(env.seen).toHaveLength(1);
  });

  it('renews an expired access token before sending, instead of collecting a 401', async () => {
    env.tokens.setTokens({ access: access('old', -1), refresh: 'r1' });
    await env.api.GET('/api/auth/me/');
    expect(env.exchange).toHaveBeenCalledTimes(1);
    expect(env.seen).toEqual([{ path: '/api/auth/me/', auth: `Bearer ${env.tokens.accessToken()}` }]);
  });
});
