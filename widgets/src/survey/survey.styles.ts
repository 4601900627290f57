import { css } from '../shared/civic-element.js';

// The results' styles are in survey-results.ts, a chunk of its own.

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
    /* A floated legend is not drawn into the fieldset's border (and in the grid the float itself has
       no effect), so the rule runs above each question instead of through a short legend. */
    .question > legend {
      float: left;
      width: 100%;
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
  `,
];
