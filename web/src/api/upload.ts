// Requests that report upload progress. fetch() cannot tell how much of a request body has gone out, so file
// uploads use XMLHttpRequest, whose `upload` object fires progress events. The request carries the signed-in
// user's access token as the openapi-fetch middleware would (renewed first when it is about to expire), and a
// reply 401 `token_not_valid` is answered by renewing the token once and sending the request again.
import type { TokenManager } from './auth';
import { ApiError, parseRetryAfter, tokens as appTokens } from './client';

export interface UploadProgress {
  /** Bytes sent so far. */
  loaded: number;
  /** Bytes to send, when the browser knows. */
  total: number | null;
  /** 0-100, or null while the total is unknown. */
  percent: number | null;
}

export interface SendOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path on this origin, e.g. /api/members/profile/image/ */
  url: string;
  /** FormData for a multipart upload; nothing for a request without a body. */
  body?: FormData | Blob | null;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export interface Sender {
  /** Sends the request and resolves to the parsed JSON reply of a 2xx; throws ApiError otherwise. */
  send<T = unknown>(options: SendOptions): Promise<T>;
}

interface SenderDeps {
  tokens: Pick<TokenManager, 'validAccessToken' | 'accessToken' | 'refresh'>;
  /** Makes the request object; a test passes a fake. */
  createRequest?: () => XMLHttpRequest;
}

/** The percentage of `loaded` in `total`, 0-100, rounded down (100 only when everything went). */
export function percentOf(loaded: number, total: number | null | undefined): number | null {
  if (!total || total <= 0) return null;
  return Math.max(0, Math.min(100, Math.floor((loaded / total) * 100)));
}

interface RawReply {
  status: number;
  statusText: string;
  text: string;
  retryAfter: string | null;
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isTokenProblem(reply: RawReply): boolean {
  if (reply.status !== 401) return false;
  const body = parseBody(reply.text);
  return !!body && typeof body === 'object' && (body as { code?: unknown }).code === 'token_not_valid';
}

export function createSender({ tokens, createRequest = () => new XMLHttpRequest() }: SenderDeps): Sender {
  function once(options: SendOptions, token: string | null): Promise<RawReply> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new DOMException('The upload was cancelled.', 'AbortError'));
        return;
      }
      const xhr = createRequest();
      xhr.open(options.method, options.url, true);
      xhr.responseType = 'text';
      xhr.setRequestHeader('Accept', 'application/json');
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      if (options.onProgress && options.body) {
        const report = options.onProgress;
        xhr.upload.onprogress = (event) => {
          const total = event.lengthComputable ? event.total : null;
          report({ loaded: event.loaded, total, percent: percentOf(event.loaded, total) });
        };
      }
      const onAbort = () => xhr.abort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = () => options.signal?.removeEventListener('abort', onAbort);
      xhr.onload = () => {
        finish();
        resolve({
          status: xhr.status,
          statusText: xhr.statusText,
          text: typeof xhr.responseText === 'string' ? xhr.responseText : '',
          retryAfter: xhr.getResponseHeader('Retry-After'),
        });
      };
      xhr.onerror = () => {
        finish();
        reject(new ApiError('The request failed: no reply from the server.', 0));
      };
      xhr.onabort = () => {
        finish();
        reject(new DOMException('The upload was cancelled.', 'AbortError'));
      };
      xhr.send(options.body ?? null);
    });
  }

  return {
    async send<T>(options: SendOptions): Promise<T> {
      let token: string | null;
      try {
        token = await tokens.validAccessToken();
      } catch {
        token = tokens.accessToken();
      }
      let reply = await once(options, token);
      if (token && isTokenProblem(reply)) {
        let renewed = tokens.accessToken();
        if (!renewed || renewed === token) renewed = await tokens.refresh().catch(() => null);
        if (renewed) reply = await once(options, renewed);
      }
      const body = parseBody(reply.text);
      if (reply.status < 200 || reply.status >= 300) {
        throw new ApiError(
          `${reply.status} ${reply.statusText}`.trim(),
          reply.status,
          body,
          parseRetryAfter(reply.retryAfter),
        );
      }
      return body as T;
    },
  };
}

/** The app's sender, with the signed-in user's tokens. */
export const sender: Sender = createSender({ tokens: appTokens });
