import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fakeApi } from './test/fake-api.mjs';

/** The policy the widgets promise to work under (architecture invariant 7). */
const STRICT_CSP = "default-src 'self'; style-src 'self'; script-src 'self'";

export default {
  nodeResolve: true,
  rootDir: '.',
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' })],
  middleware: [fakeApi],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  ],
  testFramework: { config: { timeout: 5000 } },
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
