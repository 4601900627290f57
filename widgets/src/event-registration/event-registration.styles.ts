import { css } from '../shared/civic-element.js';

export const eventRegistrationStyles = css`
  .base,
  .event,
  .panel {
    display: grid;
    gap: var(--_space);
  }
  .loading,
  .notice,
  .description p,
  h2 {
    margin: 0;
  }
  h2 {
    font-size: 1.25em;
    line-height: 1.3;
  }
  .list {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .list > li + li {
    padding-top: calc(var(--_space) * 1.5);
    border-top: 1px solid var(--_border);
  }
  .facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: calc(var(--_space) / 4) var(--_space);
    margin: 0;
  }
  .facts > div {
    display: contents;
  }
  .facts dt {
    font-weight: 600;
  }
  .facts dd {
    margin: 0;
  }
  .description p + p {
    margin-top: calc(var(--_space) / 2);
  }
  .notice {
    padding: calc(var(--_space) / 2) var(--_space);
    border-left: 4px solid var(--_error);
    background: var(--civic-color-error-background, #fdf0ef);
  }
  .toggle {
    color: var(--_primary);
    background: var(--civic-color-input-background, #fff);
    border-color: currentColor;
  }
  .toggle::after {
    content: ' ▸' / '';
  }
  .toggle[aria-expanded='true']::after {
    content: ' ▾' / '';
  }
  input.seats {
    max-width: 8em;
  }
  fieldset.inline {
    grid-template-columns: repeat(2, max-content);
    column-gap: calc(var(--_space) * 1.5);
  }
  fieldset.inline > legend,
  fieldset.inline > .hint,
  fieldset.inline > .error {
    grid-column: 1 / -1;
  }
`;
