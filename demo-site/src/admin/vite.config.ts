/**
 * The admin bundle of this monorepo: the plugin's question builder imports the contracts' schemas
 * (CommonJS). Installed from npm they lie in node_modules, which Vite converts by default; here they
 * are a linked workspace package (packages/contracts), which Vite leaves alone unless told.
 */
interface AdminViteConfig {
  build?: { commonjsOptions?: { include?: Array<string | RegExp> }; [key: string]: unknown };
  optimizeDeps?: { include?: string[]; [key: string]: unknown };
  [key: string]: unknown;
}

const CONTRACTS_BUILD = /packages[\\/]contracts[\\/]dist[\\/]/;

export default (config: AdminViteConfig): AdminViteConfig => ({
  ...config,
  build: {
    ...config.build,
    commonjsOptions: { ...config.build?.commonjsOptions, include: [/node_modules/, CONTRACTS_BUILD] },
  },
  optimizeDeps: {
    ...config.optimizeDeps,
    // `strapi develop`: pre-bundled like a dependency from npm.
    include: [...(config.optimizeDeps?.include ?? []), '@civic-dialog/strapi-plugin > @civic-dialog/contracts'],
  },
});
