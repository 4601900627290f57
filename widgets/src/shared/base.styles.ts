import { css } from './civic-element.js';

/**
 * Every widget starts from these: its own box model and typography so the host page's CSS cannot
 * leak in, a working `[hidden]`, and reduced motion when asked for.
 *
 * A town's stylesheet reaches the widget in two ways the shadow root does not stop: rules that
 * match the host element itself (`* { line-height: 1 }` beats `:host`, the outer context wins) and
 * `rem` (`html { font-size: 62.5% }`). So the typography is set on `.base`, the wrapper inside
 * every widget, and the text size is `medium`, the reader's default size, never `rem`. Long words
 * and addresses (topic names, titles, links in the history) wrap anywhere rather than scroll sideways.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    max-width: 100%;
    background: var(--civic-color-background, transparent);
  }
  .base {
    color: var(--civic-color-text, #1f1f1f);
    font-family: var(--civic-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--civic-font-size, medium);
    font-style: normal;
    font-weight: 400;
    line-height: 1.5;
    text-align: start;
    text-indent: 0;
    text-transform: none;
    letter-spacing: normal;
    word-spacing: normal;
    white-space: normal;
    overflow-wrap: anywhere;
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }
`;
