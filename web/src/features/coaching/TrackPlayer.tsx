import { useEffect, useRef } from 'react';
import { demoStyle, drawSkeleton, fitCanvas } from './pose/skeleton';
import { poseAt, trackDuration, type TrackFrame } from './pose/track';

interface TrackPlayerProps {
  /** The demonstration's video; without one the skeleton plays alone. */
  src?: string | null;
  frames: readonly TrackFrame[] | null;
  /** The picture's size, for the skeleton alone (the video gives its own). */
  width?: number;
  height?: number;
  label: string;
  controls?: boolean;
  loop?: boolean;
  autoPlay?: boolean;
}

/** Calls `draw` on every shown frame of `video` (requestVideoFrameCallback where the browser has it). */
function onEveryFrame(video: HTMLVideoElement, draw: () => void): () => void {
  let stopped = false;
  if ('requestVideoFrameCallback' in video) {
    let handle = 0;
    const next = () => {
      if (stopped) return;
      draw();
      handle = video.requestVideoFrameCallback(next);
    };
    handle = video.requestVideoFrameCallback(next);
    // Seeking while paused shows a frame too; rVFC reports it, but draw at once for the first picture.
    const onSeeked = () => draw();
    video.addEventListener('seeked', onSeeked);
    video.addEventListener('loadeddata', onSeeked);
    return () => {
      stopped = true;
      video.cancelVideoFrameCallback(handle);
      video.removeEventListener('seeked', onSeeked);
      video.removeEventListener('loadeddata', onSeeked);
    };
  }
  let handle = 0;
  const tick = () => {
    if (stopped) return;
    draw();
    handle = requestAnimationFrame(tick);
  };
  handle = requestAnimationFrame(tick);
  return () => {
    stopped = true;
    cancelAnimationFrame(handle);
  };
}

/**
 * A demonstration: its video with the stored landmark track drawn over it in step with playback, or, without a
 * video, the skeleton moving on its own in a loop.
 */
export function TrackPlayer({
  src,
  frames,
  width = 640,
  height = 480,
  label,
  controls = true,
  loop = true,
  autoPlay = true,
}: TrackPlayerProps) {
  const video = useRef<HTMLVideoElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const v = video.current;
    const c = canvas.current;
    if (!c || !src || !v) return;
    return onEveryFrame(v, () => {
      if (v.videoWidth) fitCanvas(c, v.videoWidth, v.videoHeight);
      drawSkeleton(c, frames ? poseAt(frames, v.currentTime) : null, demoStyle);
    });
  }, [src, frames]);

  useEffect(() => {
    const c = canvas.current;
    if (!c || src || !frames || frames.length === 0) return;
    fitCanvas(c, width, height);
    const length = Math.max(trackDuration(frames), 0.1);
    const started = performance.now();
    let handle = 0;
    const tick = () => {
      const t = ((performance.now() - started) / 1000) % length;
      drawSkeleton(c, poseAt(frames, frames[0]!.t + t), demoStyle);
      handle = requestAnimationFrame(tick);
    };
    handle = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(handle);
  }, [src, frames, width, height]);

  return (
    <figure className="pose-stage pose-stage--demo" aria-label={label}>
      {src ? (
        <video
          ref={video}
          className="pose-video"
          src={src}
          controls={controls}
          loop={loop}
          autoPlay={autoPlay}
          muted
          playsInline
          preload="auto"
        />
      ) : (
        <div className="pose-blank" style={{ aspectRatio: `${width} / ${height}` }} />
      )}
      <canvas ref={canvas} className="pose-overlay" aria-hidden="true" />
    </figure>
  );
}
