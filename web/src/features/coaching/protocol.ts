// The live-coaching WebSocket protocol (/api/coaching/live/), client side. The browser estimates the pose and
// sends landmarks, never video; the server answers with counts, phases, per-repetition results and a summary.
//
// Frames go out binary: little-endian float32 [t, x0, y0, z0, v0, ... x32, y32, z32, v32] (133 values, 532
// bytes), or [t] alone (4 bytes) when no person was found. Everything else is JSON text.
import { landmarkCount, type Landmarks } from './pose/landmarks';

export type Phase = 'no_person' | 'idle' | 'rest' | 'outbound' | 'return' | 'holding';

export interface FormFlag {
  code: string;
  message_en: string;
  message_ko: string;
  measured: number;
  limit: number;
  severity: number;
}

export interface Similarity {
  score: number;
  largest_differences: { joint: string; mean_abs_deg: number }[];
}

export interface RepResult {
  index: number;
  start_s: number;
  end_s: number;
  score: number;
  flags: FormFlag[];
  hold_s: number;
  similarity?: Similarity;
}

export interface CoachEvent {
  kind: string;
  t: number;
  count: number;
  rep?: RepResult;
}

export interface SavedSet {
  workout_exercise_id: number;
  set_id: number;
  exercise_id?: number;
  exercise_name?: string;
  workout_date?: string;
}

export interface SessionSummary {
  session_id: string;
  exercise: string;
  count: number;
  hold_s: number;
  duration_s: number;
  mean_score: number;
  mean_similarity?: number | null;
  reps: RepResult[];
  saved: SavedSet | null;
  save_error?: string;
}

export type ServerMessage =
  | { type: 'authenticated'; user_id: number }
  | { type: 'started'; session_id: string; exercise: string; demonstration?: { id: number; title: string } | null }
  | { type: 'resumed'; session_id: string; count: number; phase: Phase }
  | {
      type: 'events';
      t: number;
      count: number;
      phase: Phase;
      progress?: number;
      hold_s?: number;
      events: CoachEvent[];
    }
  | ({ type: 'summary' } & SessionSummary)
  | { type: 'error'; code: string; message: string };

export interface StartMessage {
  type: 'start';
  exercise: string;
  member_id?: number;
  demonstration_id?: number;
}

export type ClientMessage =
  | { type: 'auth'; token: string }
  | StartMessage
  | { type: 'resume'; session_id: string }
  | { type: 'end'; save: boolean };

/** Values in one binary frame with a person: the time and 33 × 4 landmark values. */
export const frameValues = 1 + landmarkCount * 4;

/** A frame as the server reads it from a binary message. */
export function encodeFrame(t: number, landmarks: Landmarks | null): ArrayBuffer {
  const withPerson = landmarks !== null && landmarks.length === landmarkCount;
  const buffer = new ArrayBuffer(4 * (withPerson ? frameValues : 1));
  const view = new DataView(buffer);
  view.setFloat32(0, t, true);
  if (withPerson) {
    landmarks.forEach((point, i) => {
      for (let k = 0; k < 4; k += 1) view.setFloat32(4 * (1 + i * 4 + k), point[k] ?? 0, true);
    });
  }
  return buffer;
}

/** The inverse of encodeFrame (for tests and diagnostics). */
export function decodeFrame(buffer: ArrayBuffer): { t: number; landmarks: Landmarks | null } {
  const view = new DataView(buffer);
  const t = view.getFloat32(0, true);
  if (buffer.byteLength !== 4 * frameValues) return { t, landmarks: null };
  const landmarks: Landmarks = [];
  for (let i = 0; i < landmarkCount; i += 1) {
    const at = (k: number) => view.getFloat32(4 * (1 + i * 4 + k), true);
    landmarks.push([at(0), at(1), at(2), at(3)]);
  }
  return { t, landmarks };
}

const knownTypes = new Set(['authenticated', 'started', 'resumed', 'events', 'summary', 'error']);

/** A server message, or null when the text is not one (not JSON, or an unknown type). */
export function parseServerMessage(text: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !knownTypes.has(type)) return null;
  const message = value as ServerMessage;
  if (message.type === 'events' && !Array.isArray(message.events)) return { ...message, events: [] };
  if (message.type === 'summary' && !Array.isArray(message.reps)) return { ...message, reps: [] };
  return message;
}

/** The form problems a server message reports, in the order they happened. */
export function flagsIn(events: readonly CoachEvent[]): FormFlag[] {
  return events.flatMap((e) =>
    e.kind === 'rep_end' || e.kind === 'form_alert' || e.kind === 'hold_end' ? (e.rep?.flags ?? []) : [],
  );
}
