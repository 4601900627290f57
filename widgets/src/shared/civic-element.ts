import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { render } from 'lit/html.js';

/**
 * The widgets' base class: lit-html templates with the part of Lit's `LitElement` they use —
 * `static properties` (string attributes, `type: Number`, `state`), `static styles`, an update
 * batched per microtask (`requestUpdate`, `scheduleUpdate`, `willUpdate(changed)`, `render`,
 * `updateComplete`) and controllers (`hostConnected` / `hostDisconnected`). Lit's `ReactiveElement`
 * (attribute reflection, converters, decorators, `updated` hooks, polyfill support) weighed ~2.6 kB
 * gzip on every widget's first load, a fifth of its budget (widgets README, "Build output").
 * The semantics follow Lit's: properties set before the element upgraded are applied at the first
 * update, the first update waits for the first `connectedCallback`, event listeners in templates
 * run with the element as `this`.
 */

/** One stylesheet (a `css` literal): adopted as a constructable stylesheet, made once. */
export class Styles {
  #sheet: CSSStyleSheet | undefined;
  constructor(readonly cssText: string) {}
  get styleSheet(): CSSStyleSheet {
    if (!this.#sheet) (this.#sheet = new CSSStyleSheet()).replaceSync(this.cssText);
    return this.#sheet;
  }
}

/** Our `css` literals hold no interpolations (the build minifies each one; vite.config.ts). */
export const css = (strings: TemplateStringsArray): Styles => new Styles(strings[0]!);

const constructable = 'adoptedStyleSheets' in Document.prototype && 'replace' in CSSStyleSheet.prototype;

/** Applies `styles` to a shadow root; without constructable stylesheets as `<style>` elements (a strict CSP blocks those). */
export function adoptStyles(root: ShadowRoot, styles: readonly Styles[]): void {
  if (constructable) {
    root.adoptedStyleSheets = styles.map((style) => style.styleSheet);
    return;
  }
  for (const style of styles) {
    const element = document.createElement('style');
    element.textContent = style.cssText;
    root.append(element);
  }
}

export interface PropertyDeclaration {
  /** Internal state: no attribute. */
  state?: boolean;
  attribute?: boolean;
  /** `Number`: the attribute's value as a number (`null` without the attribute); otherwise the string. */
  type?: NumberConstructor;
}

export type PropertyValues = Map<string, unknown>;

/** Classes whose accessors are defined (once per class, when the tag is defined). */
const finalized = new WeakSet<typeof CivicElement>();

export abstract class CivicElement extends HTMLElement implements ReactiveControllerHost {
  static properties: Record<string, PropertyDeclaration> = {};
  static styles: Styles[] = [];

  /** Attributes are the properties' names (all lower case) unless a property has none. Called once, when the tag is defined. */
  static get observedAttributes(): string[] {
    const names = Object.keys(this.properties);
    if (!finalized.has(this)) {
      finalized.add(this);
      // Reactive properties: setting another value requests an update.
      for (const name of names) {
        Object.defineProperty(this.prototype, name, {
          get(this: CivicElement) {
            return this.#values.get(name);
          },
          set(this: CivicElement, value: unknown) {
            const old = this.#values.get(name);
            this.#values.set(name, value);
            if (!Object.is(old, value)) this.requestUpdate(name, old);
          },
          configurable: true,
          enumerable: true,
        });
      }
    }
    return names.filter((name) => !this.properties[name]!.state && this.properties[name]!.attribute !== false);
  }

  renderRoot!: ShadowRoot;
  readonly #values = new Map<string, unknown>();
  #changed: PropertyValues = new Map();
  #pending = false;
  #enable!: () => void;
  #updated: Promise<boolean> = new Promise<boolean>((resolve) => (this.#enable = () => resolve(true)));
  #controllers = new Set<ReactiveController>();
  /** Values set on the element before it upgraded (they shadow the accessors): applied at the first update. */
  #early: [string, unknown][] = [];

  constructor() {
    super();
    const properties = (this.constructor as typeof CivicElement).properties;
    for (const name of Object.keys(properties)) {
      if (Object.hasOwn(this, name)) {
        this.#early.push([name, (this as Record<string, unknown>)[name]]);
        delete (this as Record<string, unknown>)[name];
      }
    }
    this.requestUpdate();
  }

  connectedCallback(): void {
    if (!this.renderRoot) {
      this.renderRoot = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      adoptStyles(this.renderRoot, (this.constructor as typeof CivicElement).styles);
    }
    this.#enable();
    this.#controllers.forEach((controller) => controller.hostConnected?.());
  }

  disconnectedCallback(): void {
    this.#controllers.forEach((controller) => controller.hostDisconnected?.());
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    const declaration = (this.constructor as typeof CivicElement).properties[name]!;
    (this as Record<string, unknown>)[name] = declaration.type === Number && value !== null ? Number(value) : value;
  }

  addController(controller: ReactiveController): void {
    this.#controllers.add(controller);
    if (this.renderRoot && this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller);
  }

  /** Schedules an update (in a microtask); `name` and its `old` value go into the next `willUpdate`'s map. */
  requestUpdate(name?: string, old?: unknown): void {
    if (name !== undefined && !this.#changed.has(name)) this.#changed.set(name, old);
    if (!this.#pending) this.#updated = this.#enqueue();
  }

  async #enqueue(): Promise<boolean> {
    this.#pending = true;
    try {
      await this.#updated;
    } catch (error) {
      // A failed update does not stop the next one; its error stays an unhandled rejection, as in Lit.
      void Promise.reject(error);
    }
    const scheduled = this.scheduleUpdate();
    if (scheduled != null) await scheduled;
    return !this.#pending;
  }

  /** Resolves after the pending update, `true` when no other one was requested meanwhile. */
  get updateComplete(): Promise<boolean> {
    return this.#updated;
  }

  /** Subclasses may delay the update (the texts of the reader's language load first). */
  protected scheduleUpdate(): void | Promise<unknown> {
    this.#update();
  }

  #update(): void {
    if (!this.#pending) return;
    for (const [name, value] of this.#early.splice(0)) (this as Record<string, unknown>)[name] = value;
    const changed = this.#changed;
    let template: unknown;
    try {
      this.willUpdate(changed);
      template = this.render();
    } finally {
      // Changes made from here on (while the template commits, e.g. by an event it dispatches) need another update.
      this.#changed = new Map();
      this.#pending = false;
    }
    render(template, this.renderRoot, { host: this });
  }

  protected willUpdate(_changed: PropertyValues): void {}

  protected abstract render(): unknown;
}
