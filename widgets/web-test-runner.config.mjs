import { existsSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteerCore from 'puppeteer-core';
import { fakeApi } from './test/fake-api.mjs';
import { accessibilityTreeCommands } from './test/accessibility-tree.mjs';
import { browserMatrix, leaveOutPlugin } from './test/browser-matrix.mjs';

/**
 * The browser this run uses: chromium (default, `pnpm test:unit`), firefox or webkit
 * (`scripts/test-browsers.mjs` sets it, and for WebKit starts Xvfb and WebKitWebDriver first).
 * Every browser comes from the system; no test downloads one.
 */
const BROWSER = process.env.WIDGET_TEST_BROWSER || 'chromium';

/** Stops with one clear line instead of a launch failure per test file. */
function requireExecutable(path, what) {
  if (!existsSync(path)) {
    console.error(`No ${what} at ${path}: ${browserMatrix[BROWSER]?.install ?? ''}`);
    process.exit(1);
  }
  return path;
}

const launchers = {
  chromium: () =>
    chromeLauncher({
      launchOptions: {
        executablePath: requireExecutable(browserMatrix.chromium.path(), 'Chromium'),
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  // Firefox ESR over WebDriver BiDi (puppeteer-core; a fresh temporary profile per run).
  firefox: () =>
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: requireExecutable(browserMatrix.firefox.path(), 'Firefox'), headless: true },
      // puppeteer's BiDi keyboard knows no CDP name for the space bar; the tests press 'Space' as in Chromium.
      createPage: async ({ context }) => {
        const page = await context.newPage();
        const { keyboard } = page;
        for (const method of ['press', 'down', 'up']) {
          const original = keyboard[method].bind(keyboard);
          keyboard[method] = (key, options) => original(key === 'Space' ? ' ' : key, options);
        }
        return page;
      },
    }),
  // WebKitGTK's MiniBrowser over classic WebDriver; its automation sessions are ephemeral (a fresh profile).
  webkit: () =>
    webdriverLauncher({
      hostname: '127.0.0.1',
      port: Number(process.env.WEBKIT_WEBDRIVER_PORT),
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: browserMatrix.webkit.path(), args: ['--automation'] },
      },
    }),
};
if (!launchers[BROWSER]) {
  console.error(`WIDGET_TEST_BROWSER=${BROWSER}: expected one of ${Object.keys(launchers).join(', ')}.`);
  process.exit(1);
}

/** The policy the widgets promise to work under (architecture invariant 7). */
const STRICT_CSP = "default-src 'self'; style-src 'self'; script-src 'self'";

export default {
  nodeResolve: true,
  rootDir: '.',
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    accessibilityTreeCommands(),
    // Firefox and WebKit skip the few tests named in test/browser-matrix.mjs, each with its reason.
    leaveOutPlugin(Object.keys(browserMatrix[BROWSER].leftOut)),
  ],
  middleware: [fakeApi],
  browsers: [launchers[BROWSER]()],
  // One page at a time over classic WebDriver: the test page is the top-level page (not an iframe),
  // so focus, keyboard and the CSP meta tag behave as on a town's page.
  ...(BROWSER === 'webkit' ? { concurrency: 1 } : {}),
  // Generous: the machine running the suite may be shared and busy; a hang still fails, only later.
  // (A CI run on a loaded machine saw Firefox need over the default 30 s to open its first test page.)
  testFramework: { config: { timeout: 15000 } },
  browserStartTimeout: 120000,
  testsStartTimeout: 120000,
  // Lit announces its dev mode on every page; that is expected in tests and only noise.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  groups: [
    { name: 'widgets', files: ['src/**/*.test.ts', '!src/**/*.csp.test.ts'] },
    {
      name: 'csp',
      files: ['src/**/*.csp.test.ts', 'test/**/*.csp.test.ts'],
      testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="de">
  <head><meta http-equiv="Content-Security-Policy" content="${STRICT_CSP}"></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
    },
  ],
};
