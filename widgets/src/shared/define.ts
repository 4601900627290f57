/**
 * Registers a custom element unless the tag is already taken. A CMS may include the loader or a
 * widget chunk twice (even from two URLs); the second `customElements.define` would throw.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
