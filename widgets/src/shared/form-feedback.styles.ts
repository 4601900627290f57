import { css } from './civic-element.js';

/**
 * What every widget form shows around its fields, styled once: the live status region (out of
 * sight while empty), the error summary, the expandable legal text, the success panel and the honeypot.
 * An empty live region takes no room but stays in the accessibility tree (`display: none` would take
 * it out, and screen readers would miss what appears in it); out of the flow, it adds no grid gap.
 */
export const formFeedbackStyles = css`
  .status:empty {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .status.is-error,
  .summary {
    padding: calc(var(--_space) / 2) var(--_space);
    border-left: 4px solid var(--_error);
    background: var(--civic-color-error-background, #fdf0ef);
  }
  .summary-heading {
    margin: 0;
    font-weight: 600;
  }
  .summary ul {
    margin: calc(var(--_space) / 4) 0 0;
    padding-left: 1.25em;
  }
  .summary a {
    color: var(--_error);
  }
  details {
    margin-left: calc(1.25em + var(--_space) / 2);
  }
  summary {
    cursor: pointer;
    color: var(--_primary);
    text-decoration: underline;
  }
  .legal-body p {
    margin: calc(var(--_space) / 2) 0 0;
    white-space: pre-line;
  }
  .success {
    padding: var(--_space);
    border-left: 4px solid var(--civic-color-success, #1e6b34);
    background: var(--civic-color-success-background, #eef7f0);
  }
  .success h2,
  .success h3 {
    margin: 0 0 calc(var(--_space) / 2);
    font-size: 1.25em;
  }
  .success p {
    margin: 0;
  }
  /* Off-screen rather than display:none: bots that skip invisible fields still fill it. */
  .honeypot {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
`;
