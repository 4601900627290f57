import type { Core } from '@strapi/strapi';
import type { PluginConfig } from './config';
import { PLUGIN_ID } from './constants';

export const getConfig = (strapi: Core.Strapi): PluginConfig =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;

/**
 * The town page with `<civic-preferences>` that manage links open: the page of the citizen's
 * language (town.preferencesUrls) when the town has one, else town.preferencesUrl, else the default.
 */
export function preferencesPageUrl(strapi: Core.Strapi, locale?: string | null): string {
  const { town } = getConfig(strapi);
  const own = locale ? town.preferencesUrls?.[locale as keyof NonNullable<PluginConfig['town']['preferencesUrls']>] : undefined;
  return own || town.preferencesUrl || `${town.websiteUrl.replace(/\/+$/, '')}/mein-newsletter.html`;
}

/** Every preference page of the town: the default one and each language's own. */
export function allPreferencePageUrls(strapi: Core.Strapi): string[] {
  const { town } = getConfig(strapi);
  return [preferencesPageUrl(strapi), ...Object.values(town.preferencesUrls ?? {}).filter((url): url is string => Boolean(url))];
}
