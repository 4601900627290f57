import { describe, expect, it } from 'vitest';
import config, { type PluginConfig } from './config';

/** The defaults with the town's settings replaced: what Strapi hands the validator at startup. */
const withTown = (town: Partial<PluginConfig['town']> & Record<string, unknown>) => ({ ...config.default, town: { ...config.default.town, ...town } }) as PluginConfig;

describe('the config validator: preference pages per language', () => {
  it('accepts a page per known language, and an empty one as "none of its own"', () => {
    expect(() => config.validator(withTown({ preferencesUrls: { en: 'https://musterstadt.example/en/my-newsletter' } }))).not.toThrow();
    expect(() => config.validator(withTown({ preferencesUrls: { en: '' } }))).not.toThrow();
  });

  it('refuses a language it does not know, naming the known ones', () => {
    expect(() => config.validator(withTown({ preferencesUrls: { fr: 'https://musterstadt.example/fr/ma-newsletter' } as any }))).toThrow(
      'civic-dialog: town.preferencesUrls names the language "fr"; known languages: de, en',
    );
  });

  it('refuses a page that is not a full http(s) URL', () => {
    expect(() => config.validator(withTown({ preferencesUrls: { en: '/en/my-newsletter' } }))).toThrow('town.preferencesUrls.en must be a full http(s) URL');
    expect(() => config.validator(withTown({ preferencesUrls: { de: 'javascript:alert(1)' } }))).toThrow('town.preferencesUrls.de must be a full http(s) URL');
    expect(() => config.validator(withTown({ preferencesUrl: 'mein-newsletter.html' }))).toThrow('town.preferencesUrl must be a full http(s) URL');
  });

  it('refuses a list or a single URL where languages are meant', () => {
    expect(() => config.validator(withTown({ preferencesUrls: 'https://musterstadt.example/en' as any }))).toThrow('town.preferencesUrls must be an object');
    expect(() => config.validator(withTown({ preferencesUrls: ['https://musterstadt.example/en'] as any }))).toThrow('town.preferencesUrls must be an object');
  });
});
