import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { defineConfig, transformWithEsbuild, type Plugin } from 'vite';

/**
 * Library build into dist/: `loader.js` (entry for webmasters), one chunk per widget
 * (`civic-signup.js`, also usable directly), `shared.js` with Lit and the src/shared helpers signup
 * uses, chunks of the src/shared helpers only the other widgets use (e.g. `date-format.js`), one
 * chunk of texts per widget and language (`signup.de.js`, `common.en.js`) and the parts widgets
 * import lazily (`survey-results.js`, `data-sections.js`). All flat files: the plugin serves them by name.
 * File names are stable, not hashed: the CMS serves this folder with short cache lifetimes and
 * ETags, and embedding pages only ever reference loader.js.
 */

/**
 * Vite keeps whitespace in `es` library output so that consumers can tree-shake; these files go
 * straight to browsers, so minify them fully. Terser, two passes: about 1 % smaller than esbuild's
 * minifier, which counts with gzip budgets per widget (README, "Build output"). Private class
 * members (`#name`) are mangled; other property names never are (they reach the API and Lit).
 */
const minifyChunks: Plugin = {
  name: 'civic-minify-chunks',
  async generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const { code } = await minify(chunk.code, { module: true, ecma: 2020, compress: { passes: 2 } });
      // After minification our own chunks keep line breaks only inside html`` templates, where
      // indentation is insignificant (HTML collapses whitespace). Lit's code is left untouched.
      chunk.code = chunk.name === 'shared' ? code! : code!.replace(/\n\s*/g, ' ').replace(/> </g, '><');
    }
  },
};

/**
 * Our `css` literals hold no interpolations, so each is plain CSS: minified by esbuild's CSS
 * minifier (comments, whitespace, shorter equivalents), then the spaces it keeps after a `var()`
 * name's comma, after a custom property's colon and around `/` in `calc()` (none is significant there). Each literal becomes
 * `new Styles('…')` of src/shared/civic-element.ts, what its `css` tag makes of the literal.
 */
const minifyCss: Plugin = {
  name: 'civic-minify-css',
  async transform(code, id) {
    if (!/[\\/]src[\\/].*\.ts$/.test(id) || !code.includes('css`')) return null;
    const literals = [...code.matchAll(/\bcss`([^`$]*)`/g)];
    const minified = await Promise.all(
      literals.map(async ([, styles]) => {
        const { code: minified } = await transformWithEsbuild(styles!, 'styles.css', { loader: 'css', minify: true, charset: 'utf8' });
        // Back into a template literal: a backslash or backtick there would mean something else.
        if (/[\\`]|\$\{/.test(minified)) this.error(`${id}: minified CSS needs escaping in a template literal`);
        return minified
          .trim()
          .replace(/(var\(--[\w-]+,) /g, '$1')
          .replace(/(--[\w-]+): /g, '$1:')
          .replace(/(calc\([^;{}]*?) \/ /g, '$1/');
      }),
    );
    let index = 0;
    const rewritten = code.replace(/\bcss`([^`$]*)`/g, () => `new CivicStyles(${JSON.stringify(minified[index++])})`);
    return `import { Styles as CivicStyles } from ${JSON.stringify(CIVIC_ELEMENT)};\n${rewritten}`;
  },
};

/** The widgets' base class and stylesheets (`css` literals become its `Styles`). */
const CIVIC_ELEMENT = fileURLToPath(new URL('./src/shared/civic-element.ts', import.meta.url));

/** A module with one language's texts: `src/<widget>/<widget>.<locale>.ts`, `src/shared/common.<locale>.ts`. */
const TEXTS_MODULE = /[\\/]src[\\/][^\\/]+[\\/][^\\/]+\.(de|en)\.ts$/;

/** Whether a module is (transitively) imported by the signup widget's code. */
function usedBySignup(id: string, getModuleInfo: (id: string) => { importers: readonly string[] } | null, seen = new Set<string>()): boolean {
  if (/[\\/]src[\\/]signup[\\/]/.test(id)) return true;
  seen.add(id);
  return (getModuleInfo(id)?.importers ?? []).some((importer) => !seen.has(importer) && usedBySignup(importer, getModuleInfo, seen));
}

export default defineConfig({
  plugins: [minifyCss, minifyChunks],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    // Minified once, by minifyChunks.
    minify: false,
    lib: {
      entry: {
        loader: 'src/loader.ts',
        'civic-signup': 'src/signup/define.ts',
        'civic-event-registration': 'src/event-registration/define.ts',
        'civic-survey': 'src/survey/define.ts',
        'civic-preferences': 'src/preferences/define.ts',
        'civic-alerts': 'src/alerts/define.ts',
        'civic-alerts-signup': 'src/alerts-signup/define.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: {
      // A widget's lazily loaded parts may import from the widget's chunk (loaded before them) instead of splitting it.
      preserveEntrySignatures: 'allow-extension',
      output: {
        chunkFileNames: '[name].js',
        // Lit and the shared helpers <civic-signup> uses once for all widgets (its page downloads
        // shared.js, so it stays small); shared helpers only other widgets use go into chunks
        // Rollup cuts by importing widgets. The loader stays free of all of them.
        manualChunks: (id, { getModuleInfo }) => {
          // The contracts' `isBlank` (~100 bytes, used by the event and survey answer rules) shares
          // one chunk with the date formatting those two widgets load too: as a file of its own it
          // cost more in gzip framing and a request than it holds (−60 B gzip per page with one).
          if (/[\\/](contracts[\\/]dist[\\/]esm[\\/]blank\.js|src[\\/]shared[\\/]date-format\.ts)$/.test(id)) return 'date-format';
          // The contracts' rules are one file per kind of rule: each goes where its users are.
          if (/[\\/]contracts[\\/]dist[\\/]esm[\\/]/.test(id)) return undefined;
          // One language's texts (`signup.de.ts`, `common.en.ts`) stay chunks of their own, loaded on demand.
          if (TEXTS_MODULE.test(id)) return undefined;
          if (/[\\/]node_modules[\\/]/.test(id)) return 'shared';
          if (!/[\\/]src[\\/]shared[\\/]/.test(id)) return undefined;
          return usedBySignup(id, getModuleInfo) ? 'shared' : undefined;
        },
      },
    },
  },
});
