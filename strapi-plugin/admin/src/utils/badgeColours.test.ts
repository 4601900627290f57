import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

import { BADGE_COLOURS } from './badgeColours';

/**
 * The design system's theme colours, read from its bundle: the package's entry points do not load
 * in Node (its CommonJS file sits in a "type: module" package); the light theme's colour table comes
 * first in the bundle, the dark theme's second.
 */
function themeColours(): { light: Record<string, string>; dark: Record<string, string> } {
  const bundle = readFileSync(createRequire(import.meta.url).resolve('@strapi/design-system').replace(/index\.js$/, 'index.mjs'), 'utf8');
  const [light, dark] = [...bundle.matchAll(/color: \{([^}]*alternative100[^}]*)\}/g)].map(([, table]) =>
    Object.fromEntries([...table!.matchAll(/(\w+): "(#[0-9a-f]{6})"/g)].map(([, name, hex]) => [name, hex])),
  );
  return { light: light!, dark: dark! };
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string) {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5]
      .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('status badges', () => {
  it('every badge colour has text at least 4.5:1 against its background (WCAG AA for small text), in the light and the dark theme', () => {
    const themes = themeColours();
    expect([themes.light.neutral0, themes.dark.neutral0]).toEqual(['#ffffff', '#212134']);
    for (const [theme, colours] of Object.entries(themes)) {
      for (const [variant, { textColor, backgroundColor }] of Object.entries(BADGE_COLOURS)) {
        expect(contrast(colours[textColor]!, colours[backgroundColor]!), `${theme} ${variant}: ${textColor} on ${backgroundColor}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
