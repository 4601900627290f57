import type { Core } from '@strapi/strapi';

/**
 * Explicit factory types for the plugin's registries: with pnpm, TypeScript cannot name
 * `@strapi/types` internals in emitted declarations, so the index files are annotated with these.
 */
export type Strapi = Core.Strapi;
export type ServiceFactory = (params: { strapi: Core.Strapi }) => object;
export type ControllerFactory = (params: { strapi: Core.Strapi }) => object;
export type RouteMiddlewareFactory = (
  config: Record<string, unknown>,
  params: { strapi: Core.Strapi },
) => (ctx: any, next: () => Promise<unknown>) => Promise<unknown>;
export type LifecycleFn = (params: { strapi: Core.Strapi }) => Promise<void>;
