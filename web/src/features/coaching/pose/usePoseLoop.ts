// Runs the pose model on a playing video, frame after frame, drawing the skeleton over it. The model is picked
// by measured speed (modelChoice.ts); the loop runs as fast as the model allows, skipping frames that arrive while
// it is busy, so a slow device shows fewer but current poses instead of falling behind.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { bodyInView, type Landmarks } from './landmarks';
import { getPoseEstimator } from './loadPose';
import { isHandheld, ModelChooser, type Complexity } from './modelChoice';
import { drawSkeleton, fitCanvas, liveStyle } from './skeleton';

export type PoseStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface PoseStats {
  status: PoseStatus;
  complexity: Complexity;
  /** Typical inference time per frame (ms) once measured. */
  typicalMs: number | null;
  /** Even the smallest model is slow here. */
  slow: boolean;
  /** Seconds since a whole enough body (shoulders and hips) was last seen (0 while one is in view). */
  unseenSeconds: number;
  frames: number;
}

const initialStats: PoseStats = {
  status: 'idle',
  complexity: 0,
  typicalMs: null,
  slow: false,
  unseenSeconds: 0,
  frames: 0,
};

/** Resolves when the video shows its next frame. */
export function nextVideoFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => resolve());
    else requestAnimationFrame(() => resolve());
  });
}

interface PoseLoopOptions {
  video: RefObject<HTMLVideoElement | null>;
  overlay: RefObject<HTMLCanvasElement | null>;
  /** Runs while true (the camera is on). */
  active: boolean;
  /** Every estimated frame, with the moment (performance.now()) the frame was taken. */
  onFrame: (landmarks: Landmarks | null, at: number) => void;
}

export function usePoseLoop({
  video,
  overlay,
  active,
  onFrame,
}: PoseLoopOptions): PoseStats & { error: string | null } {
  const [stats, setStats] = useState<PoseStats>(initialStats);
  const [error, setError] = useState<string | null>(null);
  const frameHandler = useRef(onFrame);
  frameHandler.current = onFrame;

  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    const chooser = new ModelChooser({
      handheld: isHandheld(navigator as Navigator & { userAgentData?: { mobile?: boolean } }),
    });
    let frames = 0;
    let lastSeen = performance.now();
    let lastReport = 0;
    setStats({ ...initialStats, status: 'loading' });
    setError(null);

    const report = (status: PoseStatus, now: number) => {
      lastReport = now;
      setStats({
        status,
        complexity: chooser.complexity,
        typicalMs: chooser.typicalMs,
        slow: chooser.slow,
        unseenSeconds: Math.max(0, (now - lastSeen) / 1000),
        frames,
      });
    };

    void (async () => {
      try {
        const estimator = await getPoseEstimator(chooser.complexity);
        while (!cancelled) {
          const v = video.current;
          if (!v) break;
          await nextVideoFrame(v);
          if (cancelled) break;
          if (v.readyState < 2 || !v.videoWidth) continue;
          const at = performance.now();
          const landmarks = await estimator.estimate(v);
          if (cancelled) break;
          const done = performance.now();
          frames += 1;
          const next = chooser.record(done - at);
          if (next !== null) estimator.setComplexity(next);
          if (bodyInView(landmarks)) lastSeen = done;
          const canvas = overlay.current;
          if (canvas) {
            fitCanvas(canvas, v.videoWidth, v.videoHeight);
            drawSkeleton(canvas, landmarks, liveStyle);
          }
          frameHandler.current(landmarks, at);
          if (frames === 1 || done - lastReport > 500) report('ready', done);
        }
      } catch (cause) {
        if (cancelled) return;
        setError(cause instanceof Error ? cause.message : String(cause));
        setStats((s) => ({ ...s, status: 'failed' }));
      }
    })();

    return () => {
      cancelled = true;
      const canvas = overlay.current;
      if (canvas) drawSkeleton(canvas, null, liveStyle);
    };
  }, [active, video, overlay]);

  return { ...stats, error };
}
