/** Accessibility checks shared by the widget tests: axe in the real page, and a clean `<html lang>`. */
import { expect } from '@open-wc/testing';
import type { AxeResults } from 'axe-core';
import 'axe-core/axe.min.js';

declare global {
  interface Window {
    axe: { run(context: Element): Promise<AxeResults> };
  }
}

export async function expectNoAxeViolations(context: Element): Promise<void> {
  const { violations } = await window.axe.run(context);
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).to.deep.equal([]);
}

/** Tests that change `<html lang>` call this once: it puts the page's language back after each test. */
export function restoreHtmlLangAfterEach(): void {
  const htmlLang = document.documentElement.getAttribute('lang');
  afterEach(() => {
    if (htmlLang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', htmlLang);
  });
}
