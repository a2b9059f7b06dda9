#!/usr/bin/env node
// End-to-end tests: the real server (../build/spotter, or $SPOTTER_BIN) serving the built app (dist/), driven by
// Debian's Chromium through playwright-core.
//
//   npm run build && npm run e2e            all tests
//   npm run e2e -- language                 only tests whose name contains "language"
//
// The server gets a free port, a fresh SQLite database and media folder in a temporary directory, and a random
// secret. Its e-mail goes to a real SMTP server started for the run (../tests/support/smtp_sink.py, Debian's
// python3-aiosmtpd), which saves every message in a folder the tests read (t.mailbox, see mailbox.mjs). Chromium's
// camera is a fake one showing a clip ffmpeg makes at the start from pictures Debian ships (t.media, media.mjs).
// The last line printed is "e2e: N passed, M failed"; the exit status is non-zero if anything failed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { registered, setCurrentFile } from './harness.mjs';
import { createMailbox } from './mailbox.mjs';
import { makeMedia } from './media.mjs';

const e2eDir = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(e2eDir, '..');
const distDir = path.join(webDir, 'dist');
const resultsDir = path.join(webDir, 'test-results');
const spotterBin = process.env.SPOTTER_BIN
  ? path.resolve(process.env.SPOTTER_BIN)
  : path.resolve(webDir, '../build/spotter');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const python = process.env.PYTHON ?? '/usr/bin/python3';
const smtpSinkScript = path.resolve(webDir, '../tests/support/smtp_sink.py');
const filter = process.argv[2] ?? '';

const kHealthTimeoutMs = 20_000;
const kTestTimeoutMs = 30_000;
const kWaitTimeoutMs = 10_000;
const kStopTimeoutMs = 5_000;
const kSmtpReadyTimeoutMs = 10_000;

/** What the server printed, kept for failure reports (the last 64 KiB of each stream). */
const serverOutput = { stdout: '', stderr: '' };
/** What the SMTP sink printed on stderr. */
const smtpOutput = { stderr: '' };
const cleanups = [];

function tail(text, max = 64 * 1024) {
  return text.length > max ? text.slice(-max) : text;
}

function indent(text) {
  return text.replace(/^/gm, '    ');
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the SMTP sink on a free port, saving messages in `folder`; resolves once it prints "ready". It stops
 * when its stdin closes (also if this process dies) or on SIGTERM.
 */
async function startMailSink(folder) {
  const port = await freePort();
  const sink = spawn(python, [smtpSinkScript, String(port), folder], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => sink.once('exit', (code, signal) => resolve({ code, signal })));
  sink.stderr.setEncoding('utf8').on('data', (chunk) => (smtpOutput.stderr = tail(smtpOutput.stderr + chunk)));
  sink.stdin.on('error', () => {}); // EPIPE when it already exited
  cleanups.push(async () => {
    if (sink.pid === undefined || sink.exitCode !== null || sink.signalCode !== null) return; // never ran, or gone
    sink.stdin.end(); // its way to stop
    const timer = setTimeout(() => sink.kill('SIGTERM'), kStopTimeoutMs);
    await exited;
    clearTimeout(timer);
  });

  await new Promise((resolve, reject) => {
    let stdout = '';
    const fail = (why) => {
      clearTimeout(timer);
      const stderr = smtpOutput.stderr.trim() || '(no stderr)';
      reject(new Error(`the SMTP sink (${python} ${path.relative(webDir, smtpSinkScript)}) ${why}: ${stderr}`));
    };
    const timer = setTimeout(() => fail(`did not say "ready" within ${kSmtpReadyTimeoutMs / 1000} s`), kSmtpReadyTimeoutMs);
    sink.once('error', (error) => fail(`could not start (${error.message})`));
    exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal})`));
    sink.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      if (/^ready$/m.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { url: `smtp://127.0.0.1:${port}` };
}

async function startServer(tmpDir, smtpUrl) {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    SPOTTER_BIND: `127.0.0.1:${port}`,
    SPOTTER_DATABASE_URL: `sqlite:${path.join(tmpDir, 'spotter.db')}`,
    SPOTTER_MEDIA_DIR: path.join(tmpDir, 'media'),
    SPOTTER_SECRET_KEY: randomBytes(32).toString('hex'),
    SPOTTER_WEB_DIR: distDir,
    SPOTTER_LOG_LEVEL: 'warn',
    SPOTTER_SMTP_URL: smtpUrl,
    // Every test signs people up from 127.0.0.1; the product's default (20 an hour) is tested in the C++ suites.
    SPOTTER_SIGNUPS_PER_ADDRESS_PER_HOUR: '1000',
  };
  await mkdir(env.SPOTTER_MEDIA_DIR, { recursive: true });

  const server = spawn(spotterBin, ['serve'], { env, cwd: tmpDir, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.setEncoding('utf8').on('data', (chunk) => (serverOutput.stdout = tail(serverOutput.stdout + chunk)));
  server.stderr.setEncoding('utf8').on('data', (chunk) => (serverOutput.stderr = tail(serverOutput.stderr + chunk)));
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  server.once('error', (error) => (serverOutput.stderr += `\n[run.mjs] could not start ${spotterBin}: ${error.message}`));
  cleanups.push(() => stopServer(server, exited));

  // Poll GET /healthz until it answers 200, the server exits, or the time is up.
  const deadline = Date.now() + kHealthTimeoutMs;
  let lastProblem = 'no answer yet';
  let exit = null;
  exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(`the server exited (code ${exit.code}, signal ${exit.signal}) before /healthz answered`);
    }
    try {
      const response = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return { baseURL, server, exited };
      lastProblem = `GET /healthz answered ${response.status}`;
    } catch (error) {
      lastProblem = `GET /healthz failed: ${error.cause?.code ?? error.message}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not become healthy within ${kHealthTimeoutMs / 1000} s (${lastProblem})`);
}

async function stopServer(server, exited) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  server.kill('SIGTERM');
  const timer = setTimeout(() => {
    console.error(`e2e: the server did not stop within ${kStopTimeoutMs / 1000} s of SIGTERM; killing it`);
    server.kill('SIGKILL');
  }, kStopTimeoutMs);
  const { code, signal } = await exited;
  clearTimeout(timer);
  if (code !== 0 && signal !== 'SIGTERM') {
    console.error(`e2e: warning: the server exited with code ${code}, signal ${signal} after SIGTERM`);
  }
}

async function launchBrowser(profileDir, baseURL, media) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // A camera that shows media.camera (made by media.mjs), allowed without asking.
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${media.camera}`,
    ],
    baseURL,
    locale: 'ko-KR', // a Korean browser: the app starts in Korean, as most of its users will see it
    viewport: { width: 1280, height: 800 },
  });
}

async function loadTests() {
  const files = (await readdir(e2eDir)).filter((f) => f.endsWith('.e2e.mjs')).sort();
  for (const file of files) {
    setCurrentFile(file);
    await import(pathToFileURL(path.join(e2eDir, file)).href);
  }
  return registered.filter((t) => t.name.includes(filter));
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one test in a fresh page, with the app origin's storage and the cookies cleared first. */
async function runOne(context, baseURL, mailbox, media, { name, fn, options }) {
  await context.clearCookies();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: baseURL, storageTypes: 'all' });
  await cdp.detach();

  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  try {
    await withTimeout(fn({ page, context, baseURL, mailbox, media }), options.timeout ?? kTestTimeoutMs, 'the test');
    if (pageErrors.length && !options.allowPageErrors) {
      throw new Error(`uncaught exception in the page: ${pageErrors.map((e) => e.stack ?? e.message).join('\n')}`);
    }
  } catch (error) {
    const shot = path.join(resultsDir, `${name.replace(/[^\w-]+/g, '-').slice(0, 80)}.png`);
    await mkdir(resultsDir, { recursive: true });
    const saved = await page.screenshot({ path: shot, fullPage: true }).then(
      () => true,
      () => false,
    );
    error.details = [`page: ${page.url()}`, saved ? `screenshot: ${path.relative(webDir, shot)}` : ''];
    throw error;
  } finally {
    await page.close().catch(() => {});
  }
}

async function main() {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`${path.relative(webDir, distDir)}/index.html is missing: run "npm run build" first`);
  }
  try {
    await access(spotterBin, constants.X_OK);
  } catch {
    throw new Error(`no server binary at ${spotterBin}: build it (make server) or set SPOTTER_BIN`);
  }
  const tests = await loadTests();
  if (tests.length === 0) throw new Error(`no test matches "${filter}"`);

  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'spotter-e2e-'));
  cleanups.push(() => rm(tmpDir, { recursive: true, force: true }));
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'spotter-e2e-chromium-'));
  cleanups.push(() => rm(profileDir, { recursive: true, force: true }));

  const media = await makeMedia(tmpDir);
  const mailbox = createMailbox(path.join(tmpDir, 'mail'));
  const smtp = await startMailSink(mailbox.dir);
  const { baseURL } = await startServer(tmpDir, smtp.url);
  const context = await launchBrowser(profileDir, baseURL, media);
  cleanups.push(() => context.close());
  context.setDefaultTimeout(kWaitTimeoutMs); // a failed wait names its locator well before the test times out
  console.log(`e2e: server ${path.relative(process.cwd(), spotterBin) || spotterBin} at ${baseURL}, ${tests.length} tests`);

  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const started = Date.now();
    try {
      await runOne(context, baseURL, mailbox, media, t);
      passed += 1;
      console.log(`  ✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`  ✘ ${t.name} [${t.file}] (${Date.now() - started} ms)`);
      console.log(indent(String(error.stack ?? error)));
      for (const line of error.details ?? []) if (line) console.log(indent(line));
    }
  }
  if (failed && serverOutput.stderr.trim()) {
    console.log(`\nserver stderr (last lines):\n${indent(serverOutput.stderr.trim().split('\n').slice(-40).join('\n'))}`);
  }
  if (failed && smtpOutput.stderr.trim()) {
    console.log(`\nSMTP sink stderr (last lines):\n${indent(smtpOutput.stderr.trim().split('\n').slice(-20).join('\n'))}`);
  }
  return { passed, failed };
}

async function cleanUp() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (error) {
      console.error(`e2e: cleanup: ${error.message}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await cleanUp();
    process.exit(130);
  });
}

let result;
try {
  result = await main();
} catch (error) {
  console.log(`e2e: cannot run the tests: ${error.message}`);
  if (serverOutput.stderr.trim() || serverOutput.stdout.trim()) {
    console.log(`server stderr:\n${indent(serverOutput.stderr.trim() || '(empty)')}`);
    if (serverOutput.stdout.trim()) console.log(`server stdout:\n${indent(serverOutput.stdout.trim())}`);
  }
  result = { passed: 0, failed: Math.max(registered.filter((t) => t.name.includes(filter)).length, 1) };
} finally {
  await cleanUp();
}
console.log(`e2e: ${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed ? 1 : 0);
