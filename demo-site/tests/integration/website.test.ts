/**
 * The demo town website (issue 14): words in another language than the page's are marked with
 * their `lang` (screen readers read "Stadt Musterstadt" and "Veranstaltungen" as German on the
 * English page), and the header's navigation wraps at 320 px with enough contrast. No Strapi needed.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebsite } from '../../website/server.mjs';

let site: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  site = await startWebsite({ port: 0, cmsUrl: 'http://cms.test' });
});

afterAll(async () => {
  await site?.close();
});

const page = async (path: string) => (await fetch(`${site.url}${path}`)).text();
/** Each navigation link with its attributes: [label, lang attribute or null]. */
const navLinks = (html: string) =>
  [...html.match(/<nav[\s\S]*?<\/nav>/)![0].matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map(([, attributes, label]) => [label, /lang="(\w+)"/.exec(attributes!)?.[1] ?? null]);

describe('the town website', () => {
  it('marks the German link texts, town name and footer of the English page with lang="de", and offers the German page in German', async () => {
    const html = await page('/en/newsletter.html');
    expect(html).toMatch(/<html lang="en">/);
    expect(navLinks(html)).toEqual([
      ['Start', 'de'],
      ['Aktuelles', 'de'],
      ['Newsletter', 'de'],
      ['Mein Newsletter', 'de'],
      ['Veranstaltungen', 'de'],
      ['Umfragen', 'de'],
      ['Newsletter (English)', null],
      ['My newsletter (English)', null],
      ['Datenschutz', 'de'],
    ]);
    expect(html).toContain('<p class="town" lang="de">');
    expect(html).toMatch(/<footer lang="de">/);
    expect(html).toContain('<a href="/newsletter.html" lang="de" hreflang="de">Diese Seite auf Deutsch</a>');
  });

  it('has an English preference page whose <civic-preferences> takes its language from <html lang="en">', async () => {
    const html = await page('/en/my-newsletter.html');
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<h1>My newsletter</h1>');
    expect(html).toMatch(/<civic-preferences api="[^"]+"><\/civic-preferences>/);
    expect(html).toContain('<a href="/mein-newsletter.html" lang="de" hreflang="de">Diese Seite auf Deutsch</a>');
  });

  it('marks only the English link on a German page', async () => {
    const html = await page('/veranstaltungen.html');
    expect(html).toMatch(/<html lang="de">/);
    expect(navLinks(html).filter(([, lang]) => lang !== null)).toEqual([
      ['Newsletter (English)', 'en'],
      ['My newsletter (English)', 'en'],
    ]);
    expect(html).toContain('<p class="town">');
    expect(html).toMatch(/<footer>/);
  });

  it('lets the navigation wrap (no sideways scrolling at 320 px) and keeps its white on blue above 4.5:1', async () => {
    const css = await readFile(new URL('../../website/styles.css', import.meta.url), 'utf8');
    expect(css).toMatch(/nav ul \{[^}]*display: flex;[^}]*flex-wrap: wrap;/);
    const blue = /--town-blue: (#[0-9a-f]{6})/.exec(css)![1]!;
    expect(css).toMatch(/header \{ background: var\(--town-blue\); color: #fff;/);
    expect(css).toMatch(/header a \{ color: #fff; \}/);
    expect(contrast('#ffffff', blue)).toBeGreaterThanOrEqual(4.5);
  });
});

/** WCAG 2.1 contrast ratio of two sRGB colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}
