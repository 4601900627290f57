import type { ServiceFactory, Strapi } from './types';
import { PLUGIN_ID } from './constants';

/**
 * The plugin's services by name. Empty here: `shared/index.ts` and every feature's `index.ts` add
 * their own services object to it by declaration merging (`ServicesOf<typeof services>`), so the
 * type is derived from what is registered and there is no second, hand-kept list.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PluginServices {}

/** The instances Strapi makes of a services object: the factory's return type per name. */
export type ServicesOf<S extends Record<string, ServiceFactory>> = { [K in keyof S]: ReturnType<S[K]> };

/** Typed access to this plugin's services. */
export function getService<K extends keyof PluginServices>(strapi: Strapi, name: K): PluginServices[K] {
  return strapi.plugin(PLUGIN_ID).service(name) as PluginServices[K];
}
