// Third-party files the app serves itself (never from a CDN): the API-documentation pages' assets (the
// server's /api/docs/ and /api/redoc/ load them) and MediaPipe Pose (the coaching pages load it on demand).
// copy-vendor.mjs copies them into dist/vendor/ after `vite build`, and vite.config.ts serves the same files in
// development.
//
// Each entry maps a URL path under /vendor/ to a file inside node_modules.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(webDir, 'package.json'));

/** The installed version of an npm package. */
export function versionOf(pkg) {
  return require(`${pkg}/package.json`).version;
}

// MediaPipe Pose: pose.js (a classic script defining window.Pose) fetches the rest itself. The folder carries the
// version, so the server can let browsers keep these large files for good (a new version is a new URL).
export const poseAssetDir = `mediapipe/pose-${versionOf('@mediapipe/pose')}`;
/** The URL of the folder, as the app asks for it. */
export const poseAssetUrl = `/vendor/${poseAssetDir}/`;
const poseFiles = [
  'pose.js',
  'pose_solution_packed_assets_loader.js',
  'pose_solution_packed_assets.data',
  'pose_solution_simd_wasm_bin.js',
  'pose_solution_simd_wasm_bin.wasm',
  'pose_solution_wasm_bin.js',
  'pose_solution_wasm_bin.wasm',
  'pose_web.binarypb',
  'pose_landmark_lite.tflite',
  'pose_landmark_full.tflite',
  'pose_landmark_heavy.tflite',
];

export const vendorAssets = [
  { url: 'swagger-ui/swagger-ui-bundle.js', from: 'swagger-ui-dist/swagger-ui-bundle.js' },
  { url: 'swagger-ui/swagger-ui-bundle.js.LICENSE.txt', from: 'swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt' },
  { url: 'swagger-ui/swagger-ui-standalone-preset.js', from: 'swagger-ui-dist/swagger-ui-standalone-preset.js' },
  {
    url: 'swagger-ui/swagger-ui-standalone-preset.js.LICENSE.txt',
    from: 'swagger-ui-dist/swagger-ui-standalone-preset.js.LICENSE.txt',
  },
  { url: 'swagger-ui/swagger-ui.css', from: 'swagger-ui-dist/swagger-ui.css' },
  { url: 'swagger-ui/LICENSE', from: 'swagger-ui-dist/LICENSE' },
  { url: 'swagger-ui/NOTICE', from: 'swagger-ui-dist/NOTICE' },
  // ReDoc 2.x: a classic script that defines the <redoc spec-url="..."> element.
  { url: 'redoc/redoc.standalone.js', from: 'redoc/bundles/redoc.standalone.js' },
  { url: 'redoc/redoc.standalone.js.LICENSE.txt', from: 'redoc/bundles/redoc.standalone.js.LICENSE.txt' },
  { url: 'redoc/LICENSE', from: 'redoc/LICENSE' },
  ...poseFiles.map((file) => ({ url: `${poseAssetDir}/${file}`, from: `@mediapipe/pose/${file}` })),
  { url: `${poseAssetDir}/README.md`, from: '@mediapipe/pose/README.md' },
];
