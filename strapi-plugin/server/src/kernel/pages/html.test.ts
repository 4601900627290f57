import { describe, expect, it } from 'vitest';
import { escapeHtml, renderPage, stylesheetHref } from './html';

describe('mail link pages', () => {
  it('escape every interpolated value', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    const html = renderPage({
      lang: 'de',
      townName: '<Town>',
      title: 'Titel "x"',
      paragraphs: ['<img src=x onerror=alert(1)>'],
      form: { action: 'confirm', hidden: { token: '"><script>' }, button: 'OK' },
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('"><script>');
    expect(html).toContain('&lt;Town&gt;');
  });

  it('are CSP-safe: no scripts, no inline styles, a stylesheet from the plugin', () => {
    const html = renderPage({
      lang: 'en',
      townName: 'Musterstadt',
      title: 'Confirm subscription',
      paragraphs: ['Please confirm.'],
      form: { action: 'confirm', hidden: { token: 'abc' }, button: 'Confirm subscription' },
      tone: 'error',
    });
    expect(html).toMatch(/<html lang="en">/);
    expect(html).not.toMatch(/<script|style=|<style/i);
    expect(html).toContain('<link rel="stylesheet" href="assets/pages.css">');
    expect(html).toContain('<form method="post" action="confirm">');
    expect(html).toContain('role="alert"');
  });

  it('find the stylesheet from pages at any depth below the plugin', () => {
    // Resolved against the page URL, each must land on /api/civic-dialog/assets/pages.css.
    const resolve = (path: string) => new URL(stylesheetHref(path, 'civic-dialog'), `http://cms.test${path}`).pathname;
    expect(resolve('/api/civic-dialog/confirm')).toBe('/api/civic-dialog/assets/pages.css');
    expect(resolve('/api/civic-dialog/newsletters/unsubscribe')).toBe('/api/civic-dialog/assets/pages.css');
    expect(resolve('/api/civic-dialog/newsletters/preview/abc.def')).toBe('/api/civic-dialog/assets/pages.css');
    expect(resolve('/cms/api/civic-dialog/events/registrations/cancel')).toBe('/cms/api/civic-dialog/assets/pages.css');
  });
});
