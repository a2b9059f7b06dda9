// MediaPipe Pose in the browser, loaded on demand: only the coaching pages call this, so other pages never
// download the ~20 MB of script, WebAssembly and models. Every file comes from this server (/vendor/, copied
// from the npm package at build time); pose.js asks for the rest through locateFile.
import type { Pose, Results } from '@mediapipe/pose';
import { fromPose, type Landmarks } from './landmarks';
import type { Complexity } from './modelChoice';

/** The versioned folder of the pose files, e.g. /vendor/mediapipe/pose-0.5.1675469404/ (vite.config.ts). */
declare const __POSE_ASSET_URL__: string;

type PoseConstructor = typeof Pose;

export class PoseLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoseLoadError';
  }
}

let script: Promise<PoseConstructor> | null = null;

/** Adds pose.js to the page once; resolves to the Pose class it defines. */
function loadScript(): Promise<PoseConstructor> {
  const existing = (window as unknown as { Pose?: PoseConstructor }).Pose;
  if (existing) return Promise.resolve(existing);
  script ??= new Promise<PoseConstructor>((resolve, reject) => {
    const element = document.createElement('script');
    element.src = `${__POSE_ASSET_URL__}pose.js`;
    element.async = true;
    element.onload = () => {
      const loaded = (window as unknown as { Pose?: PoseConstructor }).Pose;
      if (loaded) resolve(loaded);
      else reject(new PoseLoadError('pose.js did not define Pose'));
    };
    element.onerror = () => {
      script = null; // let a later attempt try again
      element.remove();
      reject(new PoseLoadError('pose.js could not be loaded'));
    };
    document.head.append(element);
  });
  return script;
}

export type PoseImage = HTMLVideoElement | HTMLCanvasElement | HTMLImageElement;

/** One pose model on the page. Frames go through it one at a time. */
export interface PoseEstimator {
  readonly complexity: Complexity;
  /** The person's landmarks in `image`, or null when nobody is found. */
  estimate(image: PoseImage): Promise<Landmarks | null>;
  /** Switches model; the next frame loads it (and takes longer). */
  setComplexity(complexity: Complexity): void;
  /** Forgets the tracking state (a new video, or a jump in time). */
  reset(): void;
}

let shared: Promise<PoseEstimator> | null = null;

/**
 * The page's pose estimator, created on first use and then shared (MediaPipe's WebAssembly module is meant to
 * live once per page). Rejects with PoseLoadError when the files cannot be loaded or WebGL is missing.
 */
export function getPoseEstimator(complexity: Complexity = 0): Promise<PoseEstimator> {
  shared ??= createEstimator(complexity).catch((error: unknown) => {
    shared = null;
    throw error instanceof PoseLoadError
      ? error
      : new PoseLoadError(error instanceof Error ? error.message : String(error));
  });
  return shared.then((estimator) => {
    if (estimator.complexity !== complexity) estimator.setComplexity(complexity);
    return estimator;
  });
}

async function createEstimator(initial: Complexity): Promise<PoseEstimator> {
  const PoseClass = await loadScript();
  const pose = new PoseClass({ locateFile: (file) => `${__POSE_ASSET_URL__}${file}` });
  let complexity: Complexity = initial;
  let latest: Landmarks | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const configure = () =>
    pose.setOptions({
      modelComplexity: complexity,
      smoothLandmarks: true,
      enableSegmentation: false,
      selfieMode: false,
      minDetectionConfidence: 0.5,
      minTrackingConfidence: 0.5,
    });
  pose.onResults((results: Results) => {
    latest = fromPose(results.poseLandmarks);
  });
  configure();
  await pose.initialize();

  return {
    get complexity() {
      return complexity;
    },
    estimate(image) {
      // One frame at a time: send() resolves after onResults has run for that frame.
      const run = queue.then(async () => {
        latest = null;
        await pose.send({ image });
        return latest;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    setComplexity(next) {
      if (next === complexity) return;
      complexity = next;
      configure();
    },
    reset() {
      pose.reset();
    },
  };
}
