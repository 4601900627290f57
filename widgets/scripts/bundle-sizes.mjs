#!/usr/bin/env node
/**
 * Prints the sizes of the built widgets (run `pnpm --filter @civic-dialog/widgets build` first):
 * { loader, chunks: [{file, bytes, gzipBytes, kind}], widgets: {<tag>: {files, texts, gzipBytes, budget, met, lazy}},
 *   allWidgets: {files, gzipBytes, budget, met}, signupWithShared }
 * A widget's figure is what a page with only that widget downloads besides the loader: its chunk,
 * every chunk it imports statically (Lit, the shared helpers) and the texts of the reader's language
 * (`<name>.<locale>.js` with their own imports; the larger language counts). `lazy` lists what it
 * loads only in rarer states (survey results, the preference center's data sections, the bot check
 * at the first submit and its solver), each with the gzip bytes it adds then; they are not in the figure. allWidgets is every
 * file a page with all four widgets loads at first, the loader and one language included.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
if (!existsSync(join(dist, 'loader.js'))) {
  console.error(`No build in ${dist}; run the widgets build first.`);
  process.exit(1);
}

const LOCALES = ['de', 'en'];
/** One language's texts: `signup.de.js`, `shared.en.js`. */
const TEXTS_CHUNK = /\.([a-z]{2})\.js$/;

function measure(file) {
  const code = readFileSync(join(dist, file));
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** The `./x.js` files a chunk imports: statically (`import … from"./x.js"`, `import"./x.js"`) and dynamically (`import("./x.js")`). */
function importsOf(file) {
  const code = readFileSync(join(dist, file), 'utf8');
  const names = (pattern) => [...code.matchAll(pattern)].map(([, imported]) => imported);
  return {
    static: names(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+)["']/g),
    dynamic: names(/\bimport\(\s*["']\.\/([^"']+)["']\s*\)/g),
  };
}

/** A file and everything it imports statically, transitively. */
function staticClosure(files, seen = new Set()) {
  for (const file of files) {
    if (seen.has(file)) continue;
    seen.add(file);
    staticClosure(importsOf(file).static, seen);
  }
  return seen;
}

/** Chunks the given files import dynamically (not already among them). */
const dynamicImportsOf = (files) => new Set([...files].flatMap((file) => importsOf(file).dynamic).filter((file) => !files.has(file)));

const kindOf = (file) => (TEXTS_CHUNK.test(file) ? 'texts' : file.startsWith('civic-') ? 'widget' : 'shared');
const chunks = readdirSync(dist)
  .filter((file) => file.endsWith('.js') && file !== 'loader.js')
  .sort()
  .map((file) => ({ ...measure(file), kind: kindOf(file) }));

/** Budgets in bytes gzip (issue 8): each widget with its shared chunks and texts, and all widgets together. */
export const BUDGETS = { widget: 12_288, allWidgets: 25_600 };

const gzipOf = (files) => [...files].reduce((sum, file) => sum + measure(file).gzipBytes, 0);

/** What `files` load at first: themselves with their static imports, plus the texts of the larger language. */
function firstLoad(entries) {
  const files = staticClosure(entries);
  const texts = [...dynamicImportsOf(files)].filter((file) => TEXTS_CHUNK.test(file));
  const byLocale = LOCALES.map((locale) => {
    const own = staticClosure(texts.filter((file) => file.match(TEXTS_CHUNK)[1] === locale));
    return [...own].filter((file) => !files.has(file));
  });
  const largest = byLocale.reduce((a, b) => (gzipOf(b) > gzipOf(a) ? b : a));
  const all = new Set([...files, ...largest]);
  // Texts chunks may import nothing dynamic; everything else a first load imports dynamically is lazy,
  // and so is what those import in turn (bot-check.js → altcha-solver.js).
  const lazy = [...dynamicImportsOf(files)].filter((file) => !TEXTS_CHUNK.test(file));
  for (const entry of lazy) for (const file of dynamicImportsOf(staticClosure([entry]))) if (!files.has(file) && !TEXTS_CHUNK.test(file) && !lazy.includes(file)) lazy.push(file);
  return { files: [...all], texts: byLocale.flat(), lazy };
}

const widgets = {};
const widgetChunks = chunks.filter((chunk) => chunk.kind === 'widget').map(({ file }) => file);
for (const file of widgetChunks) {
  const { files, texts, lazy } = firstLoad([file]);
  const gzipBytes = gzipOf(files);
  widgets[file.replace(/\.js$/, '')] = {
    files,
    texts,
    gzipBytes,
    budget: BUDGETS.widget,
    met: gzipBytes <= BUDGETS.widget,
    // What each lazily loaded part adds when it loads (with whatever it imports that is not loaded yet).
    lazy: lazy.map((entry) => {
      const more = firstLoad([entry]);
      return { file: entry, gzipBytes: gzipOf(more.files.filter((loaded) => !files.includes(loaded))) };
    }),
  };
}
const everything = firstLoad(['loader.js', ...widgetChunks]);
const allGzip = gzipOf(everything.files);
const allWidgets = { files: everything.files, gzipBytes: allGzip, budget: BUDGETS.allWidgets, met: allGzip <= BUDGETS.allWidgets };

console.log(
  JSON.stringify({ loader: measure('loader.js'), chunks, widgets, allWidgets, signupWithShared: widgets['civic-signup']?.gzipBytes }, null, 2),
);
