// The demonstration manager's rules, apart from React: which files can be sent, which recording format the
// browser can make, and what a failed request means.

/** The server's limits (PUT /api/coaching/demonstrations/{id}/video). */
export const maxVideoBytes = 64 * 1024 * 1024;
export const maxVideoSeconds = 180;
export const videoTypes = ['video/mp4', 'video/webm'] as const;

export type VideoProblem = 'type' | 'size' | null;

/** Why a chosen file cannot be a demonstration video (judged by type and size; the server checks the bytes). */
export function videoProblem(file: { type: string; size: number; name: string }): VideoProblem {
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  const byName = /\.(mp4|m4v|webm)$/i.test(file.name);
  if (!(videoTypes as readonly string[]).includes(type) && !(type === '' && byName)) return 'type';
  if (file.size > maxVideoBytes) return 'size';
  return null;
}

/** The content type to send a file as: its own, or guessed from its name when the browser gave none. */
export function videoContentType(file: { type: string; name: string }): string {
  const type = file.type.split(';')[0]!.trim().toLowerCase();
  if (type) return type;
  return /\.webm$/i.test(file.name) ? 'video/webm' : 'video/mp4';
}

/** The first recording format the browser supports, WebM first (what the server takes); null when none. */
export function recorderMimeType(isTypeSupported: (type: string) => boolean): string | null {
  const candidates = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm', 'video/mp4'];
  return candidates.find((type) => isTypeSupported(type)) ?? null;
}

/** Exercises a demonstration can show: all the engine counts except the timed ones (a plank has no repetitions). */
export function demonstrable<T extends { exercise: string; timed: boolean }>(list: readonly T[]): T[] {
  return list.filter((e) => !e.timed);
}
