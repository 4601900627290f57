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

/** The word for a count: `plural(n, 'Platz', 'Plätze')` (one / other suffices for German and English). */
export const plural = (count: number, one: string, other: string): string => (count === 1 ? one : other);

/**
 * A widget's texts, one chunk per language (`import('./signup.de.js')`): a page downloads only
 * the language its readers see. The English texts must have the same shape as the German ones.
 */
export type TextsByLocale<Texts> = Record<Locale, () => Promise<{ default: Texts }>>;

/** Texts already loaded, by the function that loads them: later widgets of a kind render at once. */
const loadedTexts = new Map<() => Promise<unknown>, unknown>();

// One observer for all widgets on the page: any `lang` change anywhere re-renders them.
const hosts = new Set<Host>();
let observer: MutationObserver | undefined;

/**
 * Gives a widget its texts in the resolved language and re-renders it when a `lang` attribute
 * changes (its own, an ancestor's or `<html lang>`). The widget renders through `whenReady`, so
 * it never shows a placeholder or words of another language while a language's texts load.
 */
export class LocalizeController<Texts> implements ReactiveController {
  /** The texts last rendered with: kept while the texts of a new language load. */
  #shown: Texts | undefined;
  readonly #host: Host;
  readonly #texts: TextsByLocale<Texts>;

  constructor(host: Host, texts: TextsByLocale<Texts>) {
    this.#host = host;
    this.#texts = texts;
    host.addController(this);
  }

  get locale(): Locale {
    return resolveLocale(this.#host);
  }

  get t(): Texts {
    this.#shown = (loadedTexts.get(this.#texts[this.locale]) as Texts | undefined) ?? this.#shown;
    return this.#shown!;
  }

  /**
   * Runs the host's update (from its `scheduleUpdate`) once the texts of its language are loaded:
   * at once when they are, else after loading them; an update waits, so `updateComplete` too.
   * If they cannot be loaded, the widget keeps the language it shows (or stays empty, like a
   * widget whose chunk failed to load) and says why in the console.
   */
  whenReady<T>(update: () => T): T | Promise<T | undefined> {
    const load = this.#texts[this.locale];
    if (loadedTexts.has(load)) return update();
    return load().then(
      (module) => {
        loadedTexts.set(load, module.default);
        // The language may have changed again meanwhile.
        return this.whenReady(update);
      },
      (error: unknown) => {
        console.error(`[civic-dialog] could not load the ${this.locale} texts of <${this.#host.localName}>`, error);
        return this.#shown ? update() : undefined;
      },
    );
  }

  hostConnected(): void {
    hosts.add(this.#host);
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
    hosts.delete(this.#host);
    if (hosts.size === 0) observer?.disconnect();
  }
}
