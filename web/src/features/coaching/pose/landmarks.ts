// The body as MediaPipe Pose describes it: 33 landmarks, each [x, y, z, visibility] with x and y in 0..1 of the
// picture's width and height. The same shape travels to the server (live frames, demonstration tracks) and is
// drawn over videos.

export const landmarkCount = 33;

/** [x, y, z, visibility]. */
export type Point = [number, number, number, number];
/** 33 points, or null when no person was found in the frame. */
export type Landmarks = Point[];

/** What the pose model returns for one landmark. */
export interface PoseLandmark {
  x: number;
  y: number;
  z: number;
  visibility?: number;
}

/** Named indices used by the app (the rest follow MediaPipe's numbering). */
export const landmark = {
  nose: 0,
  leftShoulder: 11,
  rightShoulder: 12,
  leftHip: 23,
  rightHip: 24,
  leftAnkle: 27,
  rightAnkle: 28,
} as const;

/** The bones drawn between landmarks: face outline, arms with hands, torso, legs with feet. */
// prettier-ignore
export const skeletonConnections: readonly (readonly [number, number])[] = [
  [0, 2], [2, 7], [0, 5], [5, 8], [9, 10],
  [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19],
  [12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
  [11, 23], [12, 24], [23, 24],
  [23, 25], [25, 27], [27, 29], [29, 31], [27, 31],
  [24, 26], [26, 28], [28, 30], [30, 32], [28, 32],
];

/**
 * The model's landmarks as Points; null when there are not exactly 33 of them or a value is not a finite number
 * (the server treats such a frame as "no person" anyway). A missing visibility counts as fully visible.
 */
export function fromPose(list: readonly PoseLandmark[] | null | undefined): Landmarks | null {
  if (!list || list.length !== landmarkCount) return null;
  const points: Landmarks = [];
  for (const p of list) {
    const point: Point = [p.x, p.y, p.z, p.visibility ?? 1];
    if (!point.every(Number.isFinite)) return null;
    points.push(point);
  }
  return points;
}

/**
 * Whether enough of the body is in view to coach it: shoulders and hips seen with some confidence. A person
 * cut off at the chest still gives 33 landmarks (guessed), but their visibility is low.
 */
export function bodyInView(points: Landmarks | null, minVisibility = 0.5): boolean {
  if (!points) return false;
  const core = [landmark.leftShoulder, landmark.rightShoulder, landmark.leftHip, landmark.rightHip];
  return core.every((i) => (points[i]?.[3] ?? 0) >= minVisibility);
}
