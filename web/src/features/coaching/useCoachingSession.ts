// A live coaching session as the page sees it: the connection to the server, the session clock, and what the
// server said (count, phase, repetitions, cues), with the coach's voice.
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { tokens } from '../../api/client';
import type { Language } from '../../i18n';
import { ActiveClock } from './activeClock';
import { CoachingConnection, liveSocketUrl, type ConnectionEvent, type FailReason } from './connection';
import { addShownCue, createSpeaker, CuePolicy, type ShownCue } from './cues';
import type { Landmarks } from './pose/landmarks';
import type { CoachEvent, FormFlag, Phase, RepResult, ServerMessage, SessionSummary } from './protocol';

export type SessionStatus = 'idle' | 'connecting' | 'live' | 'paused' | 'reconnecting' | 'ending' | 'ended' | 'failed';

export interface LiveState {
  status: SessionStatus;
  count: number;
  phase: Phase | null;
  holdSeconds: number;
  /** Server replies with the session's state (events messages) so far. */
  updates: number;
  /** The session time of the latest frame the server answered for. */
  serverT: number | null;
  reps: RepResult[];
  cues: ShownCue[];
  summary: SessionSummary | null;
  failure: { reason: FailReason | 'end'; message?: string } | null;
  demonstration: { id: number; title: string } | null;
}

const initial: LiveState = {
  status: 'idle',
  count: 0,
  phase: null,
  holdSeconds: 0,
  updates: 0,
  serverT: null,
  reps: [],
  cues: [],
  summary: null,
  failure: null,
  demonstration: null,
};

type Action =
  | { type: 'status'; status: SessionStatus }
  | { type: 'message'; message: ServerMessage }
  | { type: 'cue'; key: string; text: string; serial: number }
  | { type: 'failed'; reason: FailReason | 'end'; message?: string }
  | { type: 'reset' };

function reduce(state: LiveState, action: Action): LiveState {
  switch (action.type) {
    case 'reset':
      return initial;
    case 'status':
      return { ...state, status: action.status };
    case 'failed':
      return { ...state, status: 'failed', failure: { reason: action.reason, message: action.message } };
    case 'cue':
      return { ...state, cues: addShownCue(state.cues, action, action.serial) };
    case 'message': {
      const m = action.message;
      switch (m.type) {
        case 'started':
          return { ...state, demonstration: m.demonstration ?? null };
        case 'resumed':
          return { ...state, count: m.count, phase: m.phase };
        case 'events': {
          const finished = m.events
            .filter((e) => (e.kind === 'rep_end' || e.kind === 'hold_end') && e.rep)
            .map((e) => e.rep!);
          return {
            ...state,
            count: m.count,
            phase: m.phase,
            holdSeconds: m.hold_s ?? state.holdSeconds,
            updates: state.updates + 1,
            serverT: m.t,
            reps: finished.length ? [...state.reps, ...finished] : state.reps,
          };
        }
        case 'summary':
          return { ...state, status: 'ended', summary: m, count: m.count };
        default:
          return state;
      }
    }
  }
}

const voiceKey = 'spotter.coachVoice';

export function voiceStoredOn(): boolean {
  try {
    return localStorage.getItem(voiceKey) !== 'off';
  } catch {
    return true;
  }
}

export function storeVoice(on: boolean): void {
  try {
    localStorage.setItem(voiceKey, on ? 'on' : 'off');
  } catch {
    // private mode: the choice lasts for this page only
  }
}

const koreanCounts = ['하나', '둘', '셋', '넷', '다섯', '여섯', '일곱', '여덟', '아홉', '열'];

/** How the coach says a count: Korean counts to ten in native numbers, as trainers do. */
export function countWord(n: number, language: Language): string {
  return language === 'ko' && n >= 1 && n <= 10 ? koreanCounts[n - 1]! : String(n);
}

export function flagText(flag: FormFlag, language: Language): string {
  return language === 'ko' ? flag.message_ko : flag.message_en;
}

interface SessionOptions {
  exercise: string;
  /** The member the session is for, when a trainer runs it. */
  memberId: number | null;
  demonstrationId: number | null;
  language: Language;
  voice: boolean;
  /** Says "step into view" in the page's language. */
  unseenCue: string;
}

export function useCoachingSession({
  exercise,
  memberId,
  demonstrationId,
  language,
  voice,
  unseenCue,
}: SessionOptions) {
  const [state, dispatch] = useReducer(reduce, initial);
  const connection = useRef<CoachingConnection | null>(null);
  const clock = useRef(new ActiveClock());
  const policy = useRef(new CuePolicy());
  const serial = useRef(0);
  const speaker = useMemo(() => createSpeaker(language), [language]);
  const settings = useRef({ language, voice, unseenCue, speaker });
  settings.current = { language, voice, unseenCue, speaker };

  const say = useCallback((key: string, text: string, kind: 'count' | 'cue') => {
    const { voice: on, speaker: s } = settings.current;
    if (kind === 'cue') {
      serial.current += 1;
      dispatch({ type: 'cue', key, text, serial: serial.current });
    }
    if (!on || !s.available) return;
    const decision = policy.current.decide({ key, text, kind }, performance.now());
    if (decision !== 'skip') s.say(text, decision === 'interrupt');
  }, []);

  const onEvents = useCallback(
    (events: CoachEvent[]) => {
      const { language: lang, unseenCue: unseen } = settings.current;
      for (const event of events) {
        if (event.kind === 'count') say(`count-${event.count}`, countWord(event.count, lang), 'count');
        else if (event.kind === 'person_lost') say('person_lost', unseen, 'cue');
        else if ((event.kind === 'rep_end' || event.kind === 'form_alert' || event.kind === 'hold_end') && event.rep) {
          for (const flag of event.rep.flags) say(flag.code, flagText(flag, lang), 'cue');
        }
      }
    },
    [say],
  );

  const listener = useCallback(
    (event: ConnectionEvent) => {
      if (event.kind === 'failed') {
        dispatch({ type: 'failed', reason: event.reason, message: event.message });
        clock.current.pause();
        return;
      }
      if (event.kind === 'state') {
        const map: Partial<Record<typeof event.state, SessionStatus>> = {
          connecting: 'connecting',
          reconnecting: 'reconnecting',
          ended: 'ended',
        };
        if (event.state === 'live') dispatch({ type: 'status', status: clock.current.running ? 'live' : 'paused' });
        else if (event.state === 'suspended') dispatch({ type: 'status', status: 'paused' });
        else if (map[event.state]) dispatch({ type: 'status', status: map[event.state]! });
        return;
      }
      dispatch({ type: 'message', message: event.message });
      if (event.message.type === 'events') onEvents(event.message.events);
    },
    [onEvents],
  );

  const start = useCallback(() => {
    connection.current?.close();
    dispatch({ type: 'reset' });
    dispatch({ type: 'status', status: 'connecting' });
    policy.current.reset();
    clock.current = new ActiveClock();
    clock.current.start();
    const c = new CoachingConnection({
      url: liveSocketUrl(window.location),
      start: {
        exercise,
        ...(memberId !== null ? { member_id: memberId } : {}),
        ...(demonstrationId !== null ? { demonstration_id: demonstrationId } : {}),
      },
      token: () => tokens.validAccessToken(),
      renewToken: () => tokens.refresh(),
      listener,
    });
    connection.current = c;
    c.open();
  }, [exercise, memberId, demonstrationId, listener]);

  const pause = useCallback(() => {
    clock.current.pause();
    connection.current?.setActive(false);
    settings.current.speaker.stop();
    dispatch({ type: 'status', status: 'paused' });
  }, []);

  const resume = useCallback(() => {
    clock.current.start();
    const c = connection.current;
    c?.setActive(true);
    dispatch({ type: 'status', status: c?.currentState === 'live' ? 'live' : 'reconnecting' });
  }, []);

  const stop = useCallback(async () => {
    const c = connection.current;
    if (!c) return;
    clock.current.pause();
    dispatch({ type: 'status', status: 'ending' });
    try {
      await c.end(true);
    } catch (error) {
      dispatch({ type: 'failed', reason: 'end', message: error instanceof Error ? error.message : String(error) });
    }
  }, []);

  /** Sends a frame when the session is running (not paused); the time is the session clock's. */
  const sendFrame = useCallback((landmarks: Landmarks | null) => {
    const c = connection.current;
    if (!c || !clock.current.running) return;
    c.sendFrame(clock.current.seconds(), landmarks);
  }, []);

  const reset = useCallback(() => {
    connection.current?.close();
    connection.current = null;
    clock.current = new ActiveClock();
    dispatch({ type: 'reset' });
  }, []);

  useEffect(
    () => () => {
      connection.current?.close();
      settings.current.speaker.stop();
    },
    [],
  );

  return { state, start, pause, resume, stop, sendFrame, reset, voiceAvailable: speaker.available };
}
