// The e2e tests' vocabulary: test() registers a test, eventually() retries an assertion until it holds.
// run.mjs starts the server and the browser, then runs what the *.e2e.mjs files registered.

/**
 * @typedef {object} TestContext
 * @property {import('playwright-core').Page} page       a fresh page (empty storage, 1280x800, Korean browser)
 * @property {import('playwright-core').BrowserContext} context
 * @property {string} baseURL                            the server under test, e.g. http://127.0.0.1:41234
 * @property {ReturnType<typeof import('./mailbox.mjs').createMailbox>} mailbox  the e-mail the server sent
 * @property {{camera: string, demo: string}} media  the fake camera's clip and a demonstration video (media.mjs)
 */

/**
 * @typedef {object} TestOptions
 * @property {boolean} [allowPageErrors]  do not fail on uncaught exceptions in the page (third-party pages)
 * @property {number} [timeout]           milliseconds for the whole test (default 30 000)
 */

/** @type {{name: string, fn: (t: TestContext) => Promise<void>, options: TestOptions, file: string}[]} */
export const registered = [];
let currentFile = '';

/** Set by run.mjs while it imports a test file, so failures can name the file. */
export function setCurrentFile(file) {
  currentFile = file;
}

/**
 * Registers a test. Tests run one after another in one browser, each with a fresh page; a test fails when it
 * throws, times out, or (unless allowed) the page throws an uncaught exception.
 * @param {string} name
 * @param {(t: TestContext) => Promise<void>} fn
 * @param {TestOptions} [options]
 */
export function test(name, fn, options = {}) {
  registered.push({ name, fn, options, file: currentFile });
}

/**
 * Retries `assertion` until it stops throwing or `timeout` ms have passed, then rethrows its last error.
 * For checks that have no Playwright wait of their own (lists of texts, layout boxes).
 * @template T
 * @param {() => Promise<T> | T} assertion
 * @param {{timeout?: number, interval?: number}} [options]
 * @returns {Promise<T>}
 */
export async function eventually(assertion, { timeout = 5000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  }
}
