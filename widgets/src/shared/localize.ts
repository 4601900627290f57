import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Locale } from '@civic-dialog/contracts';

export const LOCALES: readonly Locale[] = ['de', 'en'];
export const DEFAULT_LOCALE: Locale = 'de';

/**
 * The widget's language: its own `lang` attribute, else the nearest `[lang]` ancestor (also
 * across shadow roots), which includes `<html lang>`, else German.
 * Only the primary subtag counts ("en-GB" → "en"); an unsupported language falls back to German.
 */
export function resolveLocale(element: Element): Locale {
  let node: Element | null = element;
  while (node) {
    const tagged: Element | null = node.closest('[lang]:not([lang=""])');
    if (tagged) return toLocale(tagged.getAttribute('lang'));
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return toLocale(document.documentElement.lang);
}

function toLocale(lang: string | null): Locale {
  const primary = (lang ?? '').split('-')[0]!.toLowerCase();
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : DEFAULT_LOCALE;
}

type Host = ReactiveControllerHost & HTMLElement;

// One observer for all widgets on the page: any `lang` change anywhere re-renders them.
const hosts = new Set<Host>();
let observer: MutationObserver | undefined;

/**
 * Gives a widget its texts in the resolved language and re-renders it when a `lang` attribute
 * changes (its own, an ancestor's or `<html lang>`). Every widget brings its own dictionary; the
 * English one must have the same shape as the German one (`typeof de`).
 */
export class LocalizeController<Texts> implements ReactiveController {
  constructor(
    private readonly host: Host,
    private readonly texts: Record<Locale, Texts>,
  ) {
    host.addController(this);
  }

  get locale(): Locale {
    return resolveLocale(this.host);
  }

  get t(): Texts {
    return this.texts[this.locale];
  }

  hostConnected(): void {
    hosts.add(this.host);
    observer ??= new MutationObserver(() => hosts.forEach((host) => host.requestUpdate()));
    if (hosts.size === 1) {
      observer.observe(document.documentElement, {
        attributes: true,
        attributeFilter: ['lang'],
        subtree: true,
      });
    }
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
    if (hosts.size === 0) observer?.disconnect();
  }
}
