#!/usr/bin/env node
// Copies the third-party files listed in vendor-assets.mjs from node_modules into dist/vendor/.
// Run after `vite build` (which empties dist/). Fails loudly if a package no longer ships a file.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vendorAssets, versionOf } from './vendor-assets.mjs';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vendorDir = path.join(webDir, 'dist', 'vendor');
const nodeModules = path.join(webDir, 'node_modules');

for (const { url, from } of vendorAssets) {
  const target = path.join(vendorDir, url);
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(path.join(nodeModules, from), target);
}
console.log(
  `copy-vendor: ${vendorAssets.length} files into dist/vendor/ ` +
    `(swagger-ui-dist ${versionOf('swagger-ui-dist')}, redoc ${versionOf('redoc')}, ` +
    `@mediapipe/pose ${versionOf('@mediapipe/pose')})`,
);
