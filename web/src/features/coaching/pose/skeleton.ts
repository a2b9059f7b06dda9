// Drawing a body over a picture: bones as lines, joints as dots, in the picture's own pixels (the canvas has the
// video's size and is scaled with it by CSS, so both line up at any screen size).
import { skeletonConnections, type Landmarks } from './landmarks';

export interface SkeletonStyle {
  bone: string;
  joint: string;
  /** Line width as a share of the picture's shorter side. */
  width: number;
  /** Landmarks seen with less confidence are left out. */
  minVisibility: number;
}

export const liveStyle: SkeletonStyle = {
  bone: 'rgb(45 212 191 / 90%)',
  joint: '#f0fdfa',
  width: 0.012,
  minVisibility: 0.4,
};
export const demoStyle: SkeletonStyle = {
  bone: 'rgb(251 146 60 / 90%)',
  joint: '#fff7ed',
  width: 0.012,
  minVisibility: 0.4,
};

/** Clears the canvas and draws `points` (nothing when null). */
export function drawSkeleton(canvas: HTMLCanvasElement, points: Landmarks | null, style: SkeletonStyle): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  if (!points) return;
  const line = Math.max(2, Math.min(width, height) * style.width);
  const seen = (i: number) => (points[i]?.[3] ?? 0) >= style.minVisibility;
  ctx.lineCap = 'round';
  ctx.lineWidth = line;
  ctx.strokeStyle = style.bone;
  ctx.beginPath();
  for (const [a, b] of skeletonConnections) {
    if (!seen(a) || !seen(b)) continue;
    const p = points[a]!;
    const q = points[b]!;
    ctx.moveTo(p[0] * width, p[1] * height);
    ctx.lineTo(q[0] * width, q[1] * height);
  }
  ctx.stroke();
  ctx.fillStyle = style.joint;
  for (let i = 0; i < points.length; i += 1) {
    if (!seen(i)) continue;
    const p = points[i]!;
    ctx.beginPath();
    ctx.arc(p[0] * width, p[1] * height, line * 0.75, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** Gives the canvas the picture's size in pixels (only when it changed: resizing clears it). */
export function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number): void {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
}
