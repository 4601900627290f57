#!/usr/bin/env node
/**
 * Prints the sizes of the built widgets (run `pnpm --filter @civic-dialog/widgets build` first):
 * { loader: {file, bytes, gzipBytes}, chunks: [{file, bytes, gzipBytes, kind}], signupWithShared }
 * where signupWithShared is what a page with <civic-signup> downloads besides the loader:
 * civic-signup.js plus every chunk it imports statically (Lit and the shared helpers).
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

function measure(file) {
  const code = readFileSync(join(dist, file));
  return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** Files a chunk imports statically (`import … from"./x.js"`, `import"./x.js"`), transitively. */
function staticImports(file, seen = new Set()) {
  const code = readFileSync(join(dist, file), 'utf8');
  for (const [, imported] of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+)["']/g)) {
    if (!seen.has(imported)) {
      seen.add(imported);
      staticImports(imported, seen);
    }
  }
  return seen;
}

// Widget chunks are named after their tag (civic-*.js); every other chunk is shared.
const chunks = readdirSync(dist)
  .filter((file) => file.endsWith('.js') && file !== 'loader.js')
  .sort()
  .map((file) => ({ ...measure(file), kind: file.startsWith('civic-') ? 'widget' : 'shared' }));

const signupFiles = ['civic-signup.js', ...staticImports('civic-signup.js')];
const signupWithShared = signupFiles.reduce((sum, file) => sum + measure(file).gzipBytes, 0);

console.log(JSON.stringify({ loader: measure('loader.js'), chunks, signupWithShared }, null, 2));
