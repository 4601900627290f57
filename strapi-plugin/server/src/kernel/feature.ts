import type { ControllerFactory, LifecycleFn, RouteMiddlewareFactory, ServiceFactory } from './types';

/** One route of Strapi's router, as a feature declares it. */
export type Route = {
  method: string;
  path: string;
  handler: string;
  config?: Record<string, unknown>;
};

/**
 * One part of the plugin (the shared layer or a feature): everything Strapi registers for it.
 * The plugin's `index.ts` merges them; names must be unique across parts.
 */
export interface Feature {
  /** Content types by singular name (schema.json `info.singularName`). */
  contentTypes?: Record<string, { schema: unknown }>;
  /** Routes under /api/civic-dialog (widgets and mail links) and under /civic-dialog (admin panel). */
  routes?: { 'content-api'?: Route[]; admin?: Route[] };
  controllers?: Record<string, ControllerFactory>;
  services?: Record<string, ServiceFactory>;
  middlewares?: Record<string, RouteMiddlewareFactory>;
  policies?: Record<string, unknown>;
  register?: LifecycleFn;
  /** Registers hooks: lifecycles, indexes, RBAC actions, personal-data sections, mail extensions. */
  bootstrap?: LifecycleFn;
  /** Runs after every part's bootstrap: background work (pollers, periodic jobs). */
  start?: LifecycleFn;
  /** Stops background work; runs in reverse order. */
  destroy?: LifecycleFn;
}

function mergeNamed<T>(what: string, parts: Array<Record<string, T> | undefined>): Record<string, T> {
  const merged: Record<string, T> = {};
  for (const part of parts) {
    for (const [name, value] of Object.entries(part ?? {})) {
      if (name in merged) throw new Error(`civic-dialog: ${what} "${name}" is declared by two features`);
      merged[name] = value;
    }
  }
  return merged;
}

/** The plugin object Strapi loads, made of the parts in order (bootstrap in order, destroy reversed). */
export function mergeFeatures(features: Feature[]) {
  const runAll = (pick: (feature: Feature) => LifecycleFn | undefined, list = features): LifecycleFn =>
    async (params) => {
      for (const feature of list) await pick(feature)?.(params);
    };
  return {
    register: runAll((feature) => feature.register),
    bootstrap: async (params: Parameters<LifecycleFn>[0]) => {
      await runAll((feature) => feature.bootstrap)(params);
      await runAll((feature) => feature.start)(params);
    },
    destroy: runAll((feature) => feature.destroy, [...features].reverse()),
    contentTypes: mergeNamed('content type', features.map((feature) => feature.contentTypes)),
    routes: {
      'content-api': { type: 'content-api', routes: features.flatMap((feature) => feature.routes?.['content-api'] ?? []) },
      admin: { type: 'admin', routes: features.flatMap((feature) => feature.routes?.admin ?? []) },
    },
    controllers: mergeNamed('controller', features.map((feature) => feature.controllers)),
    services: mergeNamed('service', features.map((feature) => feature.services)),
    middlewares: mergeNamed('middleware', features.map((feature) => feature.middlewares)),
    policies: mergeNamed('policy', features.map((feature) => feature.policies)),
  };
}
