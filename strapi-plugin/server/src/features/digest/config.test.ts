import { describe, expect, it } from 'vitest';
import config from '../../kernel/config';

/** The defaults with the digest's settings replaced: what Strapi hands the validator at startup. */
const withDigest = (digest: Record<string, unknown>) => ({ ...config.default, digest: { ...config.default.digest, ...digest } }) as typeof config.default;

describe('the config validator: the weekly digest', () => {
  it('is off by default, Mondays at 07:00 (local time), and accepts a news type and links with {slug}', () => {
    expect(config.default.digest).toMatchObject({ enabled: false, weekday: 1, hour: 7, newsContentType: '' });
    expect(() => config.validator(withDigest({ enabled: true, newsContentType: 'api::article.article', newsUrl: 'https://musterstadt.example/aktuelles#{slug}' }))).not.toThrow();
  });

  it('refuses a weekday, an hour or an interval out of range, naming the key', () => {
    expect(() => config.validator(withDigest({ weekday: 0 }))).toThrow('digest.weekday must be 1 (Monday) … 7 (Sunday)');
    expect(() => config.validator(withDigest({ weekday: 8 }))).toThrow('digest.weekday');
    expect(() => config.validator(withDigest({ hour: 24 }))).toThrow('digest.hour must be a whole hour 0 … 23 (local time)');
    expect(() => config.validator(withDigest({ checkIntervalMs: -1 }))).toThrow('digest.checkIntervalMs');
    expect(() => config.validator(withDigest({ batchSize: 10 }))).toThrow('digest.batchSize must be between 100 and 50000');
    expect(() => config.validator(withDigest({ enabled: 'yes' }))).toThrow('digest.enabled must be true or false');
  });

  it('refuses a news type that is no content type uid, and a link that is not a full http(s) URL', () => {
    expect(() => config.validator(withDigest({ newsContentType: 'article' }))).toThrow('digest.newsContentType must be a content type uid');
    expect(() => config.validator(withDigest({ eventsUrl: '/veranstaltungen#{slug}' }))).toThrow('digest.eventsUrl must be a full http(s) URL');
    expect(() => config.validator(withDigest({ surveysUrl: 'javascript:alert(1)' }))).toThrow('digest.surveysUrl');
  });
});
