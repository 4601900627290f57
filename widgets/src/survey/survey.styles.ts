import { css, unsafeCSS } from 'lit';

/** Result bar widths in 5 % steps (`.w0` … `.w100`): classes, since style attributes break a strict CSP. */
const barWidths = unsafeCSS(Array.from({ length: 21 }, (_, step) => `.w${step * 5}{width:${step * 5}%}`).join(''));

export const surveyStyles = [
  css`
    .base {
      display: grid;
      gap: var(--_space);
    }
    .title {
      margin: 0;
      font-size: 1.5em;
      line-height: 1.25;
    }
    .intro p,
    .notice,
    .loading {
      margin: 0;
    }
    .intro p + p {
      margin-top: calc(var(--_space) / 2);
    }
    .question {
      padding-top: var(--_space);
      border-top: 1px solid var(--_border);
    }
    .required {
      font-weight: 400;
      font-size: 0.9em;
    }
    .inline-choices {
      display: flex;
      flex-wrap: wrap;
      gap: calc(var(--_space) / 2) var(--_space);
    }
    .scale-ends {
      display: flex;
      justify-content: space-between;
      gap: var(--_space);
    }
    .counter.is-over {
      color: var(--_error);
      font-weight: 600;
    }
    .progress p {
      margin: 0 0 calc(var(--_space) / 4);
    }
    progress {
      width: 100%;
      height: 0.5em;
      accent-color: var(--_primary);
    }
    .success p + p {
      margin-top: calc(var(--_space) / 2);
    }
    .results {
      display: grid;
      gap: var(--_space);
    }
    .results h3,
    .results p {
      margin: 0;
    }
    .results-table {
      width: 100%;
      border-collapse: collapse;
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding-bottom: calc(var(--_space) / 4);
    }
    .results-table th,
    .results-table td {
      padding: calc(var(--_space) / 4) calc(var(--_space) / 2) calc(var(--_space) / 4) 0;
      text-align: left;
      vertical-align: top;
      border-bottom: 1px solid var(--civic-color-bar-track, #e6e6e6);
    }
    .results-table th[scope='row'] {
      font-weight: 400;
    }
    .results-table td {
      font-variant-numeric: tabular-nums;
    }
    .share {
      width: 45%;
    }
    .track {
      display: block;
      height: 0.75em;
      margin-top: 0.2em;
      background: var(--civic-color-bar-track, #e6e6e6);
    }
    .bar {
      display: block;
      height: 100%;
      background: var(--_primary);
    }
    .mean {
      font-weight: 600;
    }
  `,
  barWidths,
];
