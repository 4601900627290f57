import { css } from './civic-element.js';

/**
 * Form controls shared by all widgets. Default colours meet WCAG 2.1 AA on white: text ≥ 4.5:1,
 * borders and the focus ring ≥ 3:1. Themes override the `--civic-*` custom properties.
 */
export const formFieldStyles = css`
  :host {
    --_space: var(--civic-space, 1em);
    --_radius: var(--civic-radius, 4px);
    --_primary: var(--civic-color-primary, #0b57a4);
    --_error: var(--civic-color-error, #b3261e);
    --_border: var(--civic-color-border, #6b6b6b);
    --_focus: var(--civic-focus-ring, 3px solid #1f1f1f);
  }
  form {
    display: grid;
    gap: var(--_space);
    margin: 0;
  }
  .field {
    display: grid;
    gap: calc(var(--_space) / 4);
  }
  label,
  legend {
    font-weight: 600;
  }
  input[type='email'],
  input[type='text'],
  input[type='tel'],
  input[type='number'],
  input[type='date'],
  textarea,
  select {
    width: 100%;
    min-height: 2.75em;
    padding: calc(var(--_space) / 2);
    font: inherit;
    color: inherit;
    background: var(--civic-color-input-background, #fff);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  input[aria-invalid='true'],
  textarea[aria-invalid='true'] {
    border: 2px solid var(--_error);
  }
  fieldset {
    display: grid;
    gap: calc(var(--_space) / 2);
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  legend {
    padding: 0;
    margin-bottom: calc(var(--_space) / 4);
  }
  .choice {
    display: grid;
    grid-template-columns: auto 1fr;
    align-items: start;
    column-gap: calc(var(--_space) / 2);
  }
  .choice label {
    font-weight: 400;
  }
  .choice .hint {
    grid-column: 2;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 1.25em;
    height: 1.25em;
    margin: 0.15em 0 0;
    accent-color: var(--_primary);
  }
  .hint {
    margin: 0;
    color: var(--civic-color-hint, #4a4a4a);
    font-size: 0.9em;
  }
  .error {
    margin: 0;
    color: var(--_error);
    font-weight: 600;
  }
  button {
    justify-self: start;
    min-height: 2.75em;
    padding: calc(var(--_space) / 2) var(--_space);
    font: inherit;
    font-weight: 600;
    color: var(--civic-color-primary-contrast, #fff);
    background: var(--_primary);
    border: 2px solid transparent;
    border-radius: var(--_radius);
    cursor: pointer;
    transition: filter 0.15s ease-in-out;
  }
  button:hover {
    filter: brightness(0.9);
  }
  button[aria-disabled='true'] {
    cursor: progress;
  }
  :focus-visible,
  input:focus,
  textarea:focus {
    outline: var(--_focus);
    outline-offset: 2px;
  }
`;
