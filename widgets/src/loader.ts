/**
 * The one script a webmaster includes. It knows every widget's tag and loads a widget's chunk only
 * when that tag appears in the page, now or later (pages that render content after load).
 * Chunks are imported relative to this module's URL, so they load from wherever loader.js is served.
 */
type Load = () => Promise<unknown>;
/** Per tag: the widget's chunk and its German and English texts (chunks of their own). */
const widgets: Record<string, [widget: Load, de: Load, en: Load]> = {
  'civic-signup': [() => import('./signup/define.js'), () => import('./signup/signup.de.js'), () => import('./signup/signup.en.js')],
  'civic-event-registration': [
    () => import('./event-registration/define.js'),
    () => import('./event-registration/event-registration.de.js'),
    () => import('./event-registration/event-registration.en.js'),
  ],
  'civic-survey': [() => import('./survey/define.js'), () => import('./survey/survey.de.js'), () => import('./survey/survey.en.js')],
  'civic-alerts': [() => import('./alerts/define.js'), () => import('./alerts/alerts.de.js'), () => import('./alerts/alerts.en.js')],
  'civic-alerts-signup': [
    () => import('./alerts-signup/define.js'),
    () => import('./alerts-signup/alerts-signup.de.js'),
    () => import('./alerts-signup/alerts-signup.en.js'),
  ],
  'civic-preferences': [
    () => import('./preferences/define.js'),
    () => import('./preferences/preferences.de.js'),
    () => import('./preferences/preferences.en.js'),
  ],
};

const pending = new Set(Object.keys(widgets));

function loadPresentWidgets(): void {
  for (const tag of pending) {
    const element = customElements.get(tag) ? null : document.querySelector(tag);
    if (!customElements.get(tag) && !element) continue;
    pending.delete(tag);
    if (!element) continue;
    const [widget, de, en] = widgets[tag]!;
    // The texts of the element's language load alongside the widget's chunk instead of after it
    // (the widget itself resolves its language fully; here a guess from the nearest lang is enough).
    const lang = element.closest('[lang]')?.getAttribute('lang') ?? '';
    (/^en\b/i.test(lang) ? en : de)().catch(() => undefined);
    widget().catch((error: unknown) => console.error(`[civic-dialog] could not load <${tag}>`, error));
  }
  if (!pending.size) observer.disconnect();
}

const observer = new MutationObserver(loadPresentWidgets);
observer.observe(document.documentElement, { childList: true, subtree: true });
loadPresentWidgets();
