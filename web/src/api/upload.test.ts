import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { createSender, percentOf } from './upload';

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A stand-in for XMLHttpRequest that answers from a script and reports the upload in two steps. */
function fakeXhr(replies: Reply[]) {
  const sent: { method: string; url: string; headers: Record<string, string>; body: unknown }[] = [];
  class FakeRequest {
    upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
      onprogress: null,
    };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    responseType = '';
    status = 0;
    statusText = '';
    responseText = '';
    private headers: Record<string, string> = {};
    private replyHeaders: Record<string, string> = {};
    private method = '';
    private url = '';
    open(method: string, url: string) {
      this.method = method;
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getResponseHeader(name: string) {
      return this.replyHeaders[name] ?? null;
    }
    abort() {
      queueMicrotask(() => this.onabort?.());
    }
    send(body: unknown) {
      sent.push({ method: this.method, url: this.url, headers: { ...this.headers }, body });
      const reply = replies.shift();
      queueMicrotask(() => {
        if (!reply) return this.onerror?.();
        this.upload.onprogress?.({ loaded: 50, total: 200, lengthComputable: true });
        this.upload.onprogress?.({ loaded: 200, total: 200, lengthComputable: true });
        this.status = reply.status;
        this.responseText = reply.body === undefined ? '' : JSON.stringify(reply.body);
        this.replyHeaders = reply.headers ?? {};
        this.onload?.();
      });
    }
  }
  return { sent, createRequest: () => new FakeRequest() as unknown as XMLHttpRequest };
}

function fakeTokens(initial: string | null, renewed: string | null = 'fresh') {
  let access = initial;
  let refreshes = 0;
  return {
    tokens: {
      accessToken: () => access,
      validAccessToken: async () => access,
      refresh: async () => {
        refreshes += 1;
        access = renewed;
        return renewed;
      },
    },
    refreshes: () => refreshes,
  };
}

describe('upload sender', () => {
  it('rounds progress down, unknown without a total', () => {
    expect(percentOf(50, 200)).toBe(25);
    expect(percentOf(199, 200)).toBe(99);
    expect(percentOf(200, 200)).toBe(100);
    expect(percentOf(10, 0)).toBeNull();
    expect(percentOf(10, null)).toBeNull();
  });

  it('sends the bearer token and the form, reports progress, returns the JSON reply', async () => {
    const xhr = fakeXhr([{ status: 200, body: { success: true, user: { id: 1 } } }]);
    const { tokens } = fakeTokens('token-1');
    const sender = createSender({ tokens, createRequest: xhr.createRequest });
    const progress: (number | null)[] = [];
    const form = { fake: 'form' } as unknown as FormData;
    const reply = await sender.send({
      method: 'POST',
      url: '/api/members/profile/image/',
      body: form,
      onProgress: (p) => progress.push(p.percent),
    });
    expect(reply).toEqual({ success: true, user: { id: 1 } });
    expect(progress).toEqual([25, 100]);
    expect(xhr.sent).toHaveLength(1);
    expect(xhr.sent[0]).toMatchObject({ method: 'POST', url: '/api/members/profile/image/', body: form });
    expect(xhr.sent[0]!.headers.Authorization).toBe('Bearer token-1');
  });

  it('renews a refused token once and sends again', async () => {
    const xhr = fakeXhr([
      { status: 401, body: { code: 'token_not_valid' } },
      { status: 200, body: { success: true } },
    ]);
    const fake = fakeTokens('old');
    const sender = createSender({ tokens: fake.tokens, createRequest: xhr.createRequest });
    await expect(sender.send({ method: 'DELETE', url: '/x/' })).resolves.toEqual({ success: true });
    expect(fake.refreshes()).toBe(1);
    expect(xhr.sent.map((r) => r.headers.Authorization)).toEqual(['Bearer old', 'Bearer fresh']);
  });

  it('throws ApiError with the status, the problem body and Retry-After', async () => {
    const problem = { status: 413, code: 'payload_too_large', detail: 'too big' };
    const xhr = fakeXhr([{ status: 413, body: problem, headers: { 'Retry-After': '3' } }]);
    const sender = createSender({ tokens: fakeTokens('t').tokens, createRequest: xhr.createRequest });
    const error = await sender.send({ method: 'POST', url: '/x/', body: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 413, body: problem, retryAfter: 3 });
  });

  it('reports a network failure as status 0 and a cancel as AbortError', async () => {
    const sender = createSender({ tokens: fakeTokens(null).tokens, createRequest: fakeXhr([]).createRequest });
    await expect(sender.send({ method: 'POST', url: '/x/' })).rejects.toMatchObject({ name: 'ApiError', status: 0 });

    const controller = new AbortController();
    controller.abort();
    const idle = createSender({ tokens: fakeTokens(null).tokens, createRequest: fakeXhr([]).createRequest });
    await expect(idle.send({ method: 'POST', url: '/x/', signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
