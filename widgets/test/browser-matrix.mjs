/**
 * The browsers the widget tests run in — each from Debian's packages, none downloaded — how to
 * install each, and the tests Firefox and WebKit leave out, each with its reason. Everything else
 * (every widget's states with axe, keyboard use, the strict-CSP pages, the built files) runs in all three.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function onPath(command) {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** WebKitGTK's MiniBrowser lives in the multiarch library folder (libwebkit2gtk-4.1-0). */
function miniBrowser() {
  if (process.env.WEBKIT_MINIBROWSER_PATH) return process.env.WEBKIT_MINIBROWSER_PATH;
  const found = readdirSync('/usr/lib', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join('/usr/lib', entry.name, 'webkit2gtk-4.1', 'MiniBrowser'))
    .find((path) => existsSync(path));
  return found ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
}

/** Left out where the browser or its driver cannot do what the test does; the reason is the value. */
const NEEDS_CDP = {
  'live regions are in the accessibility tree while empty': "reads Chromium's accessibility tree over CDP",
  'forms and groups are named once': "reads Chromium's accessibility tree over CDP",
};
const ENGINE_DIFFERENCES = {
  // The list item's UA style is `text-align: match-parent`: Firefox and WebKit compute it to `left`
  // (what `start` is in a left-to-right page; the same rendering), Chromium reports `start`.
  'a town stylesheet leaves the widget readable and inside its slot <civic-event-registration> list with a form open':
    "an <li>'s text-align computes to 'left', not 'start' (same rendering)",
  // Firefox and WebKit list no resource timing entry for a module loaded with import().
  'dist/loader.js loads the built widget chunk': 'counts the loaded chunks from resource timing, which lists no import()ed module',
  'dist: ALTCHA under the strict CSP': 'counts the loaded chunks from resource timing, which lists no import()ed module',
};
const CLASSIC_WEBDRIVER = {
  'at 320 px nothing scrolls sideways': 'classic WebDriver sets no viewport size (@web/test-runner-commands setViewport)',
  'can be filled in and submitted with the keyboard alone, in visual order': 'holds Shift down (Shift+Tab); classic WebDriver sendKeys only presses and types',
  // WebKitGTK's date field takes no typed digits over WebDriver; the other keyboard tests run.
  '<civic-survey> keyboard and assistive technology can be answered and sent with the keyboard alone': "types a date into WebKitGTK's date field, which takes no typed digits",
};

export const browserMatrix = {
  chromium: {
    label: 'Chromium',
    path: () => process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    install: 'install it (apt-get install chromium) or set CHROMIUM_PATH to its executable.',
    leftOut: {},
  },
  firefox: {
    label: 'Firefox ESR',
    path: () => process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    missing: () => (existsSync(browserMatrix.firefox.path()) ? [] : [browserMatrix.firefox.path()]),
    install: 'install it (apt-get install firefox-esr) or set FIREFOX_PATH to its executable.',
    leftOut: { ...NEEDS_CDP, ...ENGINE_DIFFERENCES },
  },
  webkit: {
    label: 'WebKit (WebKitGTK MiniBrowser)',
    path: miniBrowser,
    driver: () => onPath('WebKitWebDriver'),
    xvfb: () => onPath('Xvfb'),
    missing: () => [
      ...(existsSync(miniBrowser()) ? [] : [miniBrowser()]),
      ...(onPath('WebKitWebDriver') ? [] : ['WebKitWebDriver']),
      ...(process.env.DISPLAY || onPath('Xvfb') ? [] : ['Xvfb']),
    ],
    install: 'install them (apt-get install webkit2gtk-driver xvfb) or set WEBKIT_MINIBROWSER_PATH to MiniBrowser.',
    leftOut: { ...NEEDS_CDP, ...ENGINE_DIFFERENCES, ...CLASSIC_WEBDRIVER },
  },
};

/**
 * A dev-server plugin that skips the given tests and suites (matched on their full titles) in every
 * test file: each served `*.test.ts` starts with a root `before` hook that marks them pending, so
 * the run reports them as skipped and a skipped suite's own hooks do not run. (Mocha's grep would
 * leave them unreported, which @web/test-runner counts as failures.)
 */
export function leaveOutPlugin(titles) {
  const mark = `before(function () {
  const leftOut = (runnable) => ${JSON.stringify(titles)}.some((title) => runnable.fullTitle().includes(title));
  (function walk(suite) {
    for (const test of suite.tests) if (leftOut(test)) test.pending = true;
    for (const child of suite.suites) if (leftOut(child)) child.pending = true; else walk(child);
  })(this.test.parent);
});
`;
  return {
    name: 'leave-out-tests',
    transform(context) {
      if (titles.length === 0 || !context.path.endsWith('.test.ts')) return undefined;
      return { body: mark + context.body };
    },
  };
}
