import { defineConfig, transformWithEsbuild, type Plugin } from 'vite';

/**
 * Library build into dist/: `loader.js` (entry for webmasters), one chunk per widget
 * (`civic-signup.js`, also usable directly), `shared.js` with Lit and the src/shared helpers signup
 * uses, and chunks of the src/shared helpers only the other widgets use (e.g. `texts.js`).
 * File names are stable, not hashed: the CMS serves this folder with short cache lifetimes and
 * ETags, and embedding pages only ever reference loader.js.
 */

/**
 * Vite keeps whitespace in `es` library output so that consumers can tree-shake; these files go
 * straight to browsers, so minify them fully.
 */
const minifyChunks: Plugin = {
  name: 'civic-minify-chunks',
  // generateBundle runs after Vite's own renderChunk minification, which would re-add whitespace.
  async generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const { code } = await transformWithEsbuild(chunk.code, chunk.fileName, { minify: true, format: 'esm', target: 'es2022', charset: 'utf8' });
      // After minification our own chunks keep line breaks only inside html`` templates, where
      // indentation is insignificant (HTML collapses whitespace). Lit's code is left untouched.
      chunk.code = chunk.name === 'shared' ? code : code.replace(/\n\s*/g, ' ').replace(/> </g, '><');
    }
  },
};

/** Our `css` literals hold no interpolations, so collapsing their whitespace is safe. */
const minifyCss: Plugin = {
  name: 'civic-minify-css',
  transform(code, id) {
    if (!/[\\/]src[\\/].*\.ts$/.test(id)) return null;
    return code.replace(/\bcss`([^`$]*)`/g, (_match, styles: string) => {
      const minified = styles
        .replace(/\s+/g, ' ')
        .replace(/\s*([{};,>])\s*/g, '$1')
        .replace(/:\s+/g, ':')
        .replace(/;}/g, '}')
        .trim();
      return `css\`${minified}\``;
    });
  },
};

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
    minify: 'esbuild',
    lib: {
      entry: {
        loader: 'src/loader.ts',
        'civic-signup': 'src/signup/define.ts',
        'civic-event-registration': 'src/event-registration/define.ts',
        'civic-survey': 'src/survey/define.ts',
        'civic-preferences': 'src/preferences/define.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: {
      output: {
        chunkFileNames: '[name].js',
        // Lit and the shared helpers <civic-signup> uses once for all widgets (its page downloads
        // shared.js, so it stays small); shared helpers only other widgets use go into chunks
        // Rollup cuts by importing widgets. The loader stays free of all of them.
        manualChunks: (id, { getModuleInfo }) => {
          if (/[\\/]node_modules[\\/]/.test(id)) return 'shared';
          if (!/[\\/]src[\\/]shared[\\/]/.test(id)) return undefined;
          return usedBySignup(id, getModuleInfo) ? 'shared' : undefined;
        },
      },
    },
  },
});
