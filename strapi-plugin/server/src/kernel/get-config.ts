import type { Core } from '@strapi/strapi';
import type { PluginConfig } from './config';
import { PLUGIN_ID } from './constants';

export const getConfig = (strapi: Core.Strapi): PluginConfig =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;

/** The town page with `<civic-preferences>` that manage links open. */
export function preferencesPageUrl(strapi: Core.Strapi): string {
  const { town } = getConfig(strapi);
  return town.preferencesUrl || `${town.websiteUrl.replace(/\/+$/, '')}/mein-newsletter.html`;
}
