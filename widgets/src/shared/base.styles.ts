import { css } from 'lit';

/**
 * Every widget starts from these: its own box model and typography so the host page's CSS cannot
 * leak in through inheritance surprises, a working `[hidden]`, and reduced motion when asked for.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: var(--civic-color-text, #1f1f1f);
    background: var(--civic-color-background, transparent);
    font-family: var(--civic-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--civic-font-size, 1rem);
    line-height: 1.5;
  }
  :host([hidden]),
  [hidden] {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
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
