// The widget tests again in Firefox ESR and WebKit (WebKitGTK's MiniBrowser), both from Debian's
// packages, driven over WebDriver: Firefox over BiDi (puppeteer-core), WebKit over classic WebDriver
// (WebKitWebDriver) under a private Xvfb display. Chromium runs first, in `pnpm test` itself.
// A browser that is not installed is skipped with how to install it; under CI=true it is a failure.
// Usage: node scripts/test-browsers.mjs [firefox] [webkit]   (both when none is named)
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserMatrix } from '../test/browser-matrix.mjs';

const widgetsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.length > 2 ? process.argv.slice(2) : ['firefox', 'webkit'];
const started = [];
const stopAll = () => started.splice(0).reverse().forEach((child) => child.exitCode === null && child.kill());
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Xvfb on a display it picks itself (-displayfd), so parallel runs never share one. */
function startXvfb(xvfb) {
  return new Promise((resolve, reject) => {
    const child = spawn(xvfb, ['-displayfd', '1', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    started.push(child);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it named its display`)));
  });
}

async function startWebKitWebDriver(driver, display) {
  const port = await freePort();
  const child = spawn(driver, [`--port=${port}`], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DISPLAY: display } });
  started.push(child);
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode})`);
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then((answer) => answer.ok, () => false);
    if (ready) return port;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('WebKitWebDriver did not answer on /status within 15 s');
}

const failures = [];
const skipped = [];
for (const name of wanted) {
  const browser = browserMatrix[name];
  if (!browser?.missing) throw new Error(`Unknown browser ${name}: firefox or webkit`);
  const missing = browser.missing();
  if (missing.length > 0) {
    const line = `${browser.label}: ${missing.join(', ')} not found; to run them, ${browser.install}`;
    if (process.env.CI) failures.push(line);
    else skipped.push(line);
    continue;
  }
  console.log(`\n== Widget tests in ${browser.label} ==`);
  for (const [title, reason] of Object.entries(browser.leftOut)) console.log(`  skipped here: "${title}" (${reason})`);
  const env = { ...process.env, WIDGET_TEST_BROWSER: name };
  if (name === 'webkit') {
    env.DISPLAY = browser.xvfb() ? await startXvfb(browser.xvfb()) : process.env.DISPLAY;
    env.WEBKIT_WEBDRIVER_PORT = String(await startWebKitWebDriver(browser.driver(), env.DISPLAY));
  }
  const began = Date.now();
  const run = spawnSync(join(widgetsDir, 'node_modules', '.bin', 'web-test-runner'), [], { cwd: widgetsDir, stdio: 'inherit', env });
  stopAll();
  console.log(`${browser.label}: ${((Date.now() - began) / 1000).toFixed(0)} s`);
  if (run.status !== 0) failures.push(`${browser.label}: the widget tests failed (exit ${run.status ?? run.signal})`);
}

for (const line of skipped) console.log(`\n!! Widget tests NOT run in ${line}`);
if (failures.length > 0) {
  for (const line of failures) console.error(`\n${line}`);
  if (process.env.CI) console.error('CI runs the widget tests in every browser (.ci/run installs them).');
  process.exit(1);
}
