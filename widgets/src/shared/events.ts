/** Init for a widget's events: they leave the shadow root so the host page can listen on any ancestor. */
export function eventInit<T>(detail: T): CustomEventInit<T> {
  return { detail, bubbles: true, composed: true };
}
