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

describe('the config validator: the SMS channel', () => {
  const withSms = (sms: Record<string, unknown>) => ({ ...config.default, sms: { ...config.default.sms, ...sms } }) as PluginConfig;

  it('is off by default and then asks for nothing', () => {
    expect(config.default.sms.enabled).toBe(false);
    expect(() => config.validator(config.default)).not.toThrow();
  });

  it('needs a gateway URL for the http provider and the credentials for Twilio when switched on', () => {
    expect(() => config.validator(withSms({ enabled: true }))).toThrow('sms.http.url must be a full http(s) URL');
    expect(() => config.validator(withSms({ enabled: true, http: { ...config.default.sms.http, url: 'https://gateway.example/sms' } }))).not.toThrow();
    expect(() => config.validator(withSms({ enabled: true, provider: 'twilio' }))).toThrow('sms.twilio needs accountSid, authToken');
    expect(() => config.validator(withSms({ enabled: true, provider: 'carrier-pigeon' }))).toThrow('sms.provider must be "http" or "twilio"');
  });

  it('refuses rates, limits and regions that make no sense', () => {
    expect(() => config.validator(withSms({ ratePerSecond: 0 }))).toThrow('sms.ratePerSecond must be a whole number of 1 or more');
    expect(() => config.validator(withSms({ codeMaxTries: 2.5 }))).toThrow('sms.codeMaxTries must be a whole number of 1 or more');
    expect(() => config.validator(withSms({ defaultRegion: 'Germany' }))).toThrow('sms.defaultRegion must be a two-letter country code');
    expect(() => config.validator(withSms({ stopKeywords: 'STOP' }))).toThrow('sms.stopKeywords must be a list of words');
  });
});

describe('the config validator: the time zone', () => {
  it('defaults to Europe/Berlin and accepts any IANA zone', () => {
    expect(config.default.timeZone).toBe('Europe/Berlin');
    expect(() => config.validator({ ...config.default, timeZone: 'Europe/Vienna' })).not.toThrow();
  });

  it('refuses what is not an IANA zone, naming the key', () => {
    expect(() => config.validator({ ...config.default, timeZone: 'MEZ' })).toThrow('civic-dialog: timeZone must be an IANA time zone such as "Europe/Berlin", got "MEZ"');
    expect(() => config.validator({ ...config.default, timeZone: '' })).toThrow('timeZone must be an IANA time zone');
  });
});
