/**
 * The plugin server's layering (docs/architecture.md, "Layers"), checked by `pnpm run lint:layers`
 * (part of `pnpm test`):
 *   kernel   → nothing of ours
 *   shared   → kernel
 *   features → kernel, shared, and another feature only through that feature's index.ts
 * and no import circles anywhere (type-only imports count too).
 */
const SRC = '^server/src';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-nothing-of-ours',
      comment: 'kernel/ is plumbing without domain words: it may not import shared/, features/ or the plugin entry.',
      severity: 'error',
      from: { path: `${SRC}/kernel/` },
      to: { path: `${SRC}/`, pathNot: `${SRC}/kernel/` },
    },
    {
      name: 'shared-imports-only-kernel',
      comment: 'shared/ is what several features use; it reaches features only through extension points, never by import.',
      severity: 'error',
      // A unit test of shared/ may use a feature's real mail templates as fixtures.
      from: { path: `${SRC}/shared/`, pathNot: '\\.test\\.ts$' },
      to: { path: `${SRC}/`, pathNot: [`${SRC}/shared/`, `${SRC}/kernel/`] },
    },
    {
      name: 'feature-imports-feature-only-through-its-index',
      comment: "A feature uses another feature only through that feature's index.ts (its public face).",
      severity: 'error',
      from: { path: `${SRC}/features/([^/]+)/` },
      to: {
        path: `${SRC}/features/([^/]+)/`,
        pathNot: [`${SRC}/features/$1/`, `${SRC}/features/[^/]+/index\\.ts$`],
      },
    },
    {
      name: 'feature-does-not-import-the-plugin-entry',
      comment: 'Only Strapi loads server/src/index.ts; nothing inside the plugin imports it.',
      severity: 'error',
      from: { path: `${SRC}/` },
      to: { path: `${SRC}/index\\.ts$` },
    },
    {
      name: 'no-circular',
      comment: 'No import circles, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '^dist/'] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.d.ts', '.js', '.json'] },
  },
};
