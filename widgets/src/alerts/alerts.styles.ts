import { css } from '../shared/civic-element.js';

/** The alert list: a coloured bar per severity, text first (no icon fonts, no inline styles: CSP-safe). */
export const alertsStyles = css`
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--civic-space, 1em) / 2);
  }
  li {
    border-inline-start: 0.4em solid var(--civic-alert-info, #0b57a4);
    background: var(--civic-alert-background, #f3f6fa);
    padding: calc(var(--civic-space, 1em) / 2) var(--civic-space, 1em);
  }
  li[data-severity='warning'] {
    border-color: var(--civic-alert-warning, #8a5a00);
    background: var(--civic-alert-warning-background, #fff6e0);
  }
  li[data-severity='danger'] {
    border-color: var(--civic-alert-danger, #b3261e);
    background: var(--civic-alert-danger-background, #fdf0ef);
  }
  .severity {
    font-weight: bold;
  }
  .meta {
    display: block;
    font-size: 0.9em;
    color: var(--civic-color-hint, #4a4a4a);
  }
`;
