/**
 * The one script a webmaster includes. It knows every widget's tag and loads a widget's chunk only
 * when that tag appears in the page, now or later (pages that render content after load).
 * Chunks are imported relative to this module's URL, so they load from wherever loader.js is served.
 */
const widgets: Record<string, () => Promise<unknown>> = {
  'civic-signup': () => import('./signup/define.js'),
  'civic-event-registration': () => import('./event-registration/define.js'),
  'civic-survey': () => import('./survey/define.js'),
  'civic-preferences': () => import('./preferences/define.js'),
};

const pending = new Set(Object.keys(widgets));

function loadPresentWidgets(): void {
  for (const tag of pending) {
    if (!customElements.get(tag) && !document.querySelector(tag)) continue;
    pending.delete(tag);
    if (customElements.get(tag)) continue;
    widgets[tag]!().catch((error: unknown) => console.error(`[civic-dialog] could not load <${tag}>`, error));
  }
  if (!pending.size) observer.disconnect();
}

const observer = new MutationObserver(loadPresentWidgets);
observer.observe(document.documentElement, { childList: true, subtree: true });
loadPresentWidgets();
