import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CoachingConnection, liveSocketUrl, type ConnectionEvent, type SocketLike } from './connection';
import type { Landmarks, Point } from './pose/landmarks';

class FakeSocket implements SocketLike {
  binaryType: BinaryType = 'blob';
  readyState = 0;
  bufferedAmount = 0;
  sent: (string | ArrayBuffer)[] = [];
  closed: { code?: number; reason?: string } | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string | ArrayBuffer) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
    this.readyState = 3;
  }
  // What the server does:
  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason } as CloseEvent);
  }
  /** The JSON messages sent, parsed. */
  json() {
    return this.sent
      .filter((m): m is string => typeof m === 'string')
      .map((m) => JSON.parse(m) as Record<string, unknown>);
  }
}

const body: Landmarks = Array.from({ length: 33 }, () => [0.5, 0.5, 0, 1] as Point);
/** Lets pending promise callbacks (the token lookup) run. */
async function flush() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

function setUp(overrides: Partial<ConstructorParameters<typeof CoachingConnection>[0]> = {}) {
  const sockets: FakeSocket[] = [];
  const events: ConnectionEvent[] = [];
  let token = 'token-1';
  const renewToken = vi.fn(async () => {
    token = 'token-2';
    return token;
  });
  const connection = new CoachingConnection({
    url: 'ws://host/api/coaching/live/',
    start: { exercise: 'squat', member_id: 7 },
    token: async () => token,
    renewToken,
    listener: (event) => events.push(event),
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    ...overrides,
  });
  const states = () => events.filter((e) => e.kind === 'state').map((e) => (e as { state: string }).state);
  const last = () => sockets.at(-1)!;
  /** Opens the newest socket and plays the server's part up to a started (or resumed) session. */
  async function serve(reply: object) {
    last().open();
    await flush();
    last().receive({ type: 'authenticated', user_id: 7 });
    last().receive(reply);
  }
  return { connection, sockets, events, states, last, serve, renewToken };
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

describe('live coaching connection', () => {
  it('authenticates in the first message, then starts the session; the token is never in the URL', async () => {
    const { connection, last, serve, states } = setUp();
    connection.open();
    expect(last().url).toBe('ws://host/api/coaching/live/');
    await serve({ type: 'started', session_id: 's1', exercise: 'squat' });
    expect(last().json()).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'start', exercise: 'squat', member_id: 7 },
    ]);
    expect(last().binaryType).toBe('arraybuffer');
    expect(connection.session).toBe('s1');
    expect(states()).toEqual(['live']);
  });

  it('sends frames only while live, as binary, and drops them when the socket falls behind', async () => {
    const { connection, last, serve } = setUp({ maxBufferedBytes: 1000 });
    connection.open();
    expect(connection.sendFrame(0, body)).toBe(false);
    await serve({ type: 'started', session_id: 's1', exercise: 'squat' });
    expect(connection.sendFrame(0.1, body)).toBe(true);
    expect(connection.sendFrame(0.2, null)).toBe(true);
    last().bufferedAmount = 5000;
    expect(connection.sendFrame(0.3, body)).toBe(false);
    const binary = last().sent.filter((m) => m instanceof ArrayBuffer) as ArrayBuffer[];
    expect(binary.map((b) => b.byteLength)).toEqual([532, 4]);
    expect([connection.sent, connection.dropped]).toEqual([2, 2]);
  });

  it('reconnects after a drop with growing delays and resumes the same session', async () => {
    const { connection, sockets, last, serve, states, events } = setUp({ retryDelaysMs: [100, 400] });
    connection.open();
    await serve({ type: 'started', session_id: 's1', exercise: 'squat' });
    last().drop();
    expect(states().at(-1)).toBe('reconnecting');
    expect(connection.sendFrame(1, body)).toBe(false);
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop(); // the server is still away
    vi.advanceTimersByTime(399);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    await serve({ type: 'resumed', session_id: 's1', count: 4, phase: 'rest' });
    expect(last().json()).toEqual([
      { type: 'auth', token: 'token-1' },
      { type: 'resume', session_id: 's1' },
    ]);
    expect(states()).toEqual(['live', 'reconnecting', 'live']);
    expect(events.at(-1)).toEqual({
      kind: 'message',
      message: { type: 'resumed', session_id: 's1', count: 4, phase: 'rest' },
    });
    // the delays start over after a success
    last().drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(4);
  });

  it('reports a session the server no longer knows as lost', async () => {
    const { connection, last, serve, events } = setUp();
    connection.open();
    await serve({ type: 'started', session_id: 's1', exercise: 'squat' });
    last().drop();
    vi.advanceTimersByTime(500);
    await serve({ type: 'error', code: 'no_session', message: 'That session is over or unknown; start a new one.' });
    expect(events.at(-1)).toMatchObject({ kind: 'failed', reason: 'lost' });
    expect(connection.currentState).toBe('failed');
  });

  it('renews a refused token once, then gives up', async () => {
    const { connection, sockets, last, renewToken, events } = setUp();
    connection.open();
    last().open();
    await flush();
    last().drop(4401, 'token expired');
    await flush();
    expect(renewToken).toHaveBeenCalledTimes(1);
    expect(sockets).toHaveLength(2);
    last().open();
    await flush();
    expect(last().json()[0]).toEqual({ type: 'auth', token: 'token-2' });
    last().drop(4401, 'still not');
    await flush();
    expect(events.at(-1)).toMatchObject({ kind: 'failed', reason: 'auth' });
    expect(sockets).toHaveLength(2);
  });

  it('fails at once when the server forbids it or refuses the start', async () => {
    const forbidden = setUp();
    forbidden.connection.open();
    forbidden.last().drop(4403, 'bad origin');
    expect(forbidden.events.at(-1)).toMatchObject({ kind: 'failed', reason: 'forbidden' });

    const refused = setUp();
    refused.connection.open();
    await refused.serve({ type: 'error', code: 'unknown_exercise', message: 'Unknown exercise: x' });
    expect(refused.events.at(-1)).toEqual({ kind: 'failed', reason: 'start', message: 'Unknown exercise: x' });
  });

  it('does not reconnect while paused, and resumes when active again', async () => {
    const { connection, sockets, last, serve, states } = setUp();
    connection.open();
    await serve({ type: 'started', session_id: 's1', exercise: 'squat' });
    connection.setActive(false);
    last().drop(1001, 'idle');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(states().at(-1)).toBe('suspended');
    connection.setActive(true);
    expect(sockets).toHaveLength(2);
    await serve({ type: 'resumed', session_id: 's1', count: 2, phase: 'rest' });
    expect(states().slice(-2)).toEqual(['reconnecting', 'live']);
  });

  it('ends with save and resolves to the summary; an end asked for while away waits for the resume', async () => {
    const { connection, last, serve, states } = setUp();
    connection.open();
    await serve({ type: 'started', session_id: 's1', exercise: 'squat' });
    last().drop();
    const ending = connection.end(true);
    vi.advanceTimersByTime(500);
    await serve({ type: 'resumed', session_id: 's1', count: 3, phase: 'rest' });
    expect(last().json().at(-1)).toEqual({ type: 'end', save: true });
    last().receive({
      type: 'summary',
      session_id: 's1',
      count: 3,
      reps: [],
      saved: { workout_exercise_id: 1, set_id: 2 },
    });
    last().drop(1000, 'session ended');
    await expect(ending).resolves.toMatchObject({ count: 3, saved: { set_id: 2 } });
    expect(states().at(-1)).toBe('ended');
    vi.advanceTimersByTime(60_000);
    expect(connection.currentState).toBe('ended');
  });

  it('gives up on an end that gets no summary', async () => {
    const { connection, serve } = setUp({ endTimeoutMs: 1000 });
    connection.open();
    await serve({ type: 'started', session_id: 's1', exercise: 'squat' });
    const ending = connection.end(false);
    vi.advanceTimersByTime(1000);
    await expect(ending).rejects.toThrow(/no summary/);
  });

  it('stops trying when the server stays away longer than it keeps sessions', async () => {
    let now = 0;
    const { connection, last, serve, events } = setUp({ now: () => now, giveUpAfterMs: 10_000, retryDelaysMs: [1000] });
    connection.open();
    await serve({ type: 'started', session_id: 's1', exercise: 'squat' });
    for (let i = 0; i < 12; i += 1) {
      last().drop();
      now += 1000;
      vi.advanceTimersByTime(1000);
    }
    expect(events.at(-1)).toMatchObject({ kind: 'failed', reason: 'lost' });
  });

  it('builds the URL from the page location', () => {
    expect(liveSocketUrl({ protocol: 'https:', host: 'spotter.example:8443' })).toBe(
      'wss://spotter.example:8443/api/coaching/live/',
    );
    expect(liveSocketUrl({ protocol: 'http:', host: '127.0.0.1:8000' })).toBe('ws://127.0.0.1:8000/api/coaching/live/');
  });
});
