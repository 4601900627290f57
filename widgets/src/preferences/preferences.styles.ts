import { css } from '../shared/civic-element.js';

/** Layout of the preference center; status, legal text and success panels come from formFeedbackStyles. */
export const preferencesStyles = css`
  .base,
  .section,
  .action {
    display: grid;
    gap: var(--_space);
  }
  .base {
    gap: calc(var(--_space) * 1.5);
  }
  .section {
    padding-top: var(--_space);
    border-top: 1px solid var(--_border);
  }
  h2,
  h3,
  p,
  ul,
  ol {
    margin: 0;
  }
  h2 {
    font-size: 1.25em;
  }
  h3 {
    font-size: 1.1em;
  }
  .action {
    gap: calc(var(--_space) / 4);
  }
  .topic-status {
    color: var(--civic-color-hint, #4a4a4a);
  }
  .history {
    display: grid;
    gap: calc(var(--_space) / 2);
    padding-left: 1.25em;
  }
  .status.is-success {
    padding: calc(var(--_space) / 2) var(--_space);
    border-left: 4px solid var(--civic-color-success, #1e6b34);
    background: var(--civic-color-success-background, #eef7f0);
  }
  .warning {
    display: grid;
    gap: calc(var(--_space) / 2);
    padding: var(--_space);
    border-left: 4px solid var(--_error);
    background: var(--civic-color-error-background, #fdf0ef);
  }
  .warning ul {
    padding-left: 1.25em;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
  }
  button.secondary {
    color: var(--_primary);
    background: var(--civic-color-input-background, #fff);
    border-color: currentColor;
  }
  button.danger {
    background: var(--_error);
  }
  input[type='checkbox']:disabled + label {
    color: var(--civic-color-hint, #4a4a4a);
  }
`;
