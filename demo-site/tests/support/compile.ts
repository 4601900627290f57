import { createRequire } from 'node:module';
import { appDir } from '../../scripts/lib/app-env.mjs';

/** Vitest global setup: compile the host app's TypeScript once for every test file. */
export default async function compile() {
  const { compileStrapi } = createRequire(import.meta.url)('@strapi/strapi');
  await compileStrapi({ appDir, ignoreDiagnostics: true });
}
