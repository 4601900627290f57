import { defineConfig } from 'vite';

/** Storybook's own Vite config: no library-build settings (see ../vite.config.ts). */
export default defineConfig({
  // Storybook's manager and docs chunks are large by nature; the warning is noise in CI.
  build: { chunkSizeWarningLimit: 2000 },
});
