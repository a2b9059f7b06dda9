// One live-coaching session over the WebSocket, surviving network drops: the first message authenticates (the
// token never goes in the URL), then the session is started; after a drop the connection comes back with
// growing delays and resumes the same session (`resume`), so the count goes on where it was. Frames that arise
// while the socket is down are dropped: the pose keeps running, the server just misses those moments.
import {
  encodeFrame,
  parseServerMessage,
  type ClientMessage,
  type ServerMessage,
  type SessionSummary,
  type StartMessage,
} from './protocol';
import type { Landmarks } from './pose/landmarks';

/** The part of the browser's WebSocket this class uses (tests pass a fake). */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export type ConnectionState =
  | 'connecting' // first connection, until the session has started
  | 'live' // frames go to the server
  | 'reconnecting' // the socket dropped; a new one is on its way
  | 'suspended' // dropped while paused; reconnects when active again
  | 'ended' // the summary came
  | 'failed'; // cannot go on: see the reason

export type FailReason = 'auth' | 'forbidden' | 'start' | 'lost' | 'unreachable';

export type ConnectionEvent =
  | { kind: 'state'; state: ConnectionState }
  | { kind: 'message'; message: ServerMessage }
  | { kind: 'failed'; reason: FailReason; message?: string };

export interface ConnectionOptions {
  url: string;
  start: Omit<StartMessage, 'type'>;
  /** The current access token (renewed when about to expire); null when signed out. */
  token: () => Promise<string | null>;
  /** A new access token after the server refused one. */
  renewToken: () => Promise<string | null>;
  listener: (event: ConnectionEvent) => void;
  createSocket?: (url: string) => SocketLike;
  /** Frames are dropped while this much is still waiting to go out (a slow uplink must not build a backlog). */
  maxBufferedBytes?: number;
  /** Delays between reconnection attempts, ms; the last repeats. */
  retryDelaysMs?: readonly number[];
  /** Give up reconnecting after this long without a connection (the server keeps a session 10 minutes). */
  giveUpAfterMs?: number;
  /** How long end() waits for the summary. */
  endTimeoutMs?: number;
  now?: () => number;
}

const OPEN = 1;
const defaultDelays = [500, 1000, 2000, 4000, 8000];

/** The WebSocket URL of the live-coaching endpoint on this page's server. */
export function liveSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/coaching/live/`;
}

export class CoachingConnection {
  private readonly options: Required<Omit<ConnectionOptions, 'createSocket'>> & Pick<ConnectionOptions, 'createSocket'>;
  private socket: SocketLike | null = null;
  private state: ConnectionState = 'connecting';
  private sessionId: string | null = null;
  private active = true;
  private attempt = 0;
  private downSince: number | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private renewedAfterRefusal = false;
  private pendingEnd: { save: boolean; resolve: (s: SessionSummary) => void; reject: (e: Error) => void } | null = null;
  private endTimer: ReturnType<typeof setTimeout> | null = null;
  private closedByUs = false;
  /** Frames sent and dropped, for the page's diagnostics. */
  sent = 0;
  dropped = 0;

  constructor(options: ConnectionOptions) {
    this.options = {
      maxBufferedBytes: 64 * 1024,
      retryDelaysMs: defaultDelays,
      giveUpAfterMs: 9 * 60_000,
      endTimeoutMs: 15_000,
      now: () => Date.now(),
      ...options,
    };
  }

  get currentState(): ConnectionState {
    return this.state;
  }

  get session(): string | null {
    return this.sessionId;
  }

  /** Opens the first connection. */
  open(): void {
    void this.connect();
  }

  /** Sends one frame if the session is live and the socket keeps up; returns whether it went. */
  sendFrame(t: number, landmarks: Landmarks | null): boolean {
    const socket = this.socket;
    if (
      this.state !== 'live' ||
      !socket ||
      socket.readyState !== OPEN ||
      socket.bufferedAmount > this.options.maxBufferedBytes
    ) {
      this.dropped += 1;
      return false;
    }
    socket.send(encodeFrame(t, landmarks));
    this.sent += 1;
    return true;
  }

  /**
   * Paused sessions send nothing, so the server may close the idle socket: while inactive a drop is not
   * followed by a reconnection; becoming active again reconnects and resumes.
   */
  setActive(active: boolean): void {
    this.active = active;
    if (active && this.state === 'suspended') {
      this.setState('reconnecting');
      void this.connect();
    }
  }

  /** Ends the session (saving it when `save`) and resolves to the server's summary. */
  end(save: boolean): Promise<SessionSummary> {
    if (this.state === 'ended' || this.state === 'failed')
      return Promise.reject(new Error(`the session is ${this.state}`));
    if (this.pendingEnd) return Promise.reject(new Error('already ending'));
    return new Promise<SessionSummary>((resolve, reject) => {
      this.pendingEnd = { save, resolve, reject };
      this.endTimer = setTimeout(
        () => this.finishEnd(new Error('no summary came from the server')),
        this.options.endTimeoutMs,
      );
      if (this.state === 'live') this.send({ type: 'end', save });
      else if (this.state === 'suspended') this.setActive(true);
    });
  }

  /** Closes the socket without ending the session (leaving the page). */
  close(): void {
    this.closedByUs = true;
    this.clearRetry();
    this.socket?.close(1000, 'page closed');
    this.socket = null;
    if (this.pendingEnd) this.finishEnd(new Error('closed'));
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.listener({ kind: 'state', state });
  }

  private fail(reason: FailReason, message?: string): void {
    this.clearRetry();
    this.setState('failed');
    this.options.listener({ kind: 'failed', reason, message });
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'failed');
    if (this.pendingEnd) this.finishEnd(new Error(`the session failed (${reason})`));
  }

  private finishEnd(error: Error | null, summary?: SessionSummary): void {
    const pending = this.pendingEnd;
    this.pendingEnd = null;
    if (this.endTimer) clearTimeout(this.endTimer);
    this.endTimer = null;
    if (!pending) return;
    if (summary) pending.resolve(summary);
    else pending.reject(error ?? new Error('ended'));
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async connect(): Promise<void> {
    if (this.closedByUs) return;
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url) as SocketLike);
    let socket: SocketLike;
    try {
      socket = create(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => {
      void this.options.token().then(
        (token) => {
          if (this.socket !== socket) return;
          if (!token) this.fail('auth');
          else socket.send(JSON.stringify({ type: 'auth', token } satisfies ClientMessage));
        },
        () => this.socket === socket && this.fail('auth'),
      );
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      const message = parseServerMessage(event.data);
      if (message) this.handle(message);
    };
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.closed(event.code, event.reason);
    };
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'authenticated':
        if (this.sessionId) this.send({ type: 'resume', session_id: this.sessionId });
        else this.send({ type: 'start', ...this.options.start });
        return;
      case 'started':
        this.sessionId = message.session_id;
        this.becameLive();
        break;
      case 'resumed':
        this.becameLive();
        break;
      case 'summary':
        this.setState('ended');
        this.finishEnd(null, message);
        break;
      case 'error':
        if (this.state !== 'live' && this.state !== 'ended') {
          // The start or resume itself was refused.
          this.fail(this.sessionId ? 'lost' : 'start', message.message);
          return;
        }
        break;
      default:
        break;
    }
    this.options.listener({ kind: 'message', message });
  }

  private becameLive(): void {
    this.attempt = 0;
    this.downSince = null;
    this.renewedAfterRefusal = false;
    this.setState('live');
    if (this.pendingEnd) this.send({ type: 'end', save: this.pendingEnd.save });
  }

  private closed(code: number, reason: string): void {
    if (this.state === 'ended' || this.state === 'failed' || this.closedByUs) return;
    if (code === 4403) {
      this.fail('forbidden', reason);
      return;
    }
    if (code === 4401) {
      if (this.renewedAfterRefusal) {
        this.fail('auth', reason);
        return;
      }
      this.renewedAfterRefusal = true;
      void this.options.renewToken().then(
        (token) => (token ? this.reconnectNow() : this.fail('auth', reason)),
        () => this.fail('auth', reason),
      );
      return;
    }
    if (!this.active && !this.pendingEnd && this.sessionId) {
      this.setState('suspended');
      return;
    }
    this.scheduleRetry();
  }

  private reconnectNow(): void {
    if (this.state === 'failed' || this.closedByUs) return;
    void this.connect();
  }

  private scheduleRetry(): void {
    const now = this.options.now();
    this.downSince ??= now;
    if (now - this.downSince > this.options.giveUpAfterMs) {
      this.fail(this.sessionId ? 'lost' : 'unreachable');
      return;
    }
    this.setState(this.sessionId ? 'reconnecting' : 'connecting');
    const delays = this.options.retryDelaysMs;
    const delay = delays[Math.min(this.attempt, delays.length - 1)] ?? 1000;
    this.attempt += 1;
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }
}
