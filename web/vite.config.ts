import { createReadStream } from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import { poseAssetUrl, vendorAssets } from './scripts/vendor-assets.mjs';

// The Spotter server during development (`spotter serve` binds here by default).
const serverOrigin = 'http://127.0.0.1:8000';

// Paths the server answers; everything else is the web app.
const proxied = ['/api', '/auth', '/healthz', '/readyz', '/media'];
const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  proxied.map((prefix) => [prefix, { target: serverOrigin, changeOrigin: false, ws: prefix === '/api' }]),
);

// In production the server serves dist/vendor/ (filled by scripts/copy-vendor.mjs). In development the app (pose
// model) and the proxied /api/docs/ and /api/redoc/ pages still ask this origin for /vendor/..., so serve the
// same files here.
function contentTypeOf(file: string): string {
  if (file.endsWith('.css')) return 'text/css';
  if (file.endsWith('.js')) return 'text/javascript';
  if (file.endsWith('.wasm')) return 'application/wasm';
  if (file.endsWith('.md') || file.endsWith('.txt') || file.endsWith('LICENSE') || file.endsWith('NOTICE')) return 'text/plain';
  return 'application/octet-stream';
}

function vendorAssetsInDev(): Plugin {
  const byUrl = new Map<string, string>(
    vendorAssets.map(({ url, from }) => [
      `/vendor/${url}`,
      path.resolve(import.meta.dirname, 'node_modules', from),
    ]),
  );
  return {
    name: 'spotter-vendor-assets',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = byUrl.get((req.url ?? '').split('?')[0] ?? '');
        if (!file) return next();
        res.setHeader('Content-Type', contentTypeOf(file));
        createReadStream(file).on('error', next).pipe(res);
      });
    },
  };
}

export default defineConfig({
  base: '/',
  plugins: [react(), vendorAssetsInDev()],
  // Where the app finds MediaPipe Pose (a versioned folder under /vendor/), see src/features/coaching/pose/loadPose.ts.
  define: { __POSE_ASSET_URL__: JSON.stringify(poseAssetUrl) },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: { host: '127.0.0.1', port: 5173, proxy },
  preview: { host: '127.0.0.1', port: 4173, proxy },
});
