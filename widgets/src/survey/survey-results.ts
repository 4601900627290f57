import { css, Styles } from '../shared/civic-element.js';
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Locale, SurveyQuestionResult, SurveyResults } from '@civic-dialog/contracts';
import type { SurveyTexts } from './survey.translations.js';

interface ResultRow {
  label: string;
  count: number;
}

/** Result bar widths in 5 % steps (`.w0` … `.w100`): classes, since style attributes break a strict CSP. */
const barWidths = new Styles(Array.from({ length: 21 }, (_, step) => `.w${step * 5}{width:${step * 5}%}`).join(''));

/** The results' styles, adopted by the element when this chunk has loaded (see survey.ts). */
export const resultsStyles = [
  css`
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

/**
 * Public results of a closed survey: per question a table (answer, count, share) that screen
 * readers read as a table; the bars inside are decorative. Bar widths are classes in 5 % steps
 * (`w0` … `w100`) because a strict CSP forbids style attributes. A chunk of its own: only closed
 * surveys with public results load it, alongside the results themselves.
 */
export function renderResults(results: SurveyResults, t: SurveyTexts, locale: Locale): TemplateResult {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return html`
    <section part="results" class="results" aria-labelledby="results-heading">
      <h3 id="results-heading">${t.resultsHeading}</h3>
      <p>${t.resultsTotal(results.responses)}</p>
      ${results.questions.map((question) => {
        const rows = rowsOf(question, t, locale);
        if (!rows) return nothing;
        return html`
          <table part="results-table" class="results-table">
            <caption>${question.label}</caption>
            <thead>
              <tr><th scope="col">${t.resultsAnswer}</th><th scope="col">${t.resultsCount}</th><th scope="col">${t.resultsShare}</th></tr>
            </thead>
            <tbody>
              ${rows.map((row) => {
                const share = question.answered ? row.count / question.answered : 0;
                return html`<tr>
                  <th scope="row">${row.label}</th>
                  <td>${number.format(row.count)}</td>
                  <td class="share">${percent.format(share)}<span class="track" aria-hidden="true"><span part="bar" class="bar w${Math.round(share * 20) * 5}"></span></span></td>
                </tr>`;
              })}
            </tbody>
          </table>
          ${question.type === 'rating' && question.mean !== null
            ? html`<p class="mean">${t.resultsMean(number.format(question.mean), question.scale)}</p>`
            : nothing}
        `;
      })}
    </section>
  `;
}

/** The rows of a question's table; free-text answers are never public. */
function rowsOf(question: SurveyQuestionResult, t: SurveyTexts, locale: Locale): ResultRow[] | undefined {
  switch (question.type) {
    case 'single-choice':
    case 'multiple-choice':
      return question.choices.map(({ label, count }) => ({ label, count }));
    case 'yes-no':
      return [{ label: t.yes, count: question.yes }, { label: t.no, count: question.no }];
    case 'rating':
      return question.distribution.map(({ value, count }) => {
        // The ends named as in the form: the town's label, or the default words.
        const end = value === 1 ? question.lowLabel || t.lowestRating : value === question.scale ? question.highLabel || t.highestRating : null;
        return { label: end ? t.scaleEnd(value, end) : String(value), count };
      });
    case 'date': {
      const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
      return question.dates.map(({ date, count }) => ({ label: format.format(new Date(`${date}T00:00:00Z`)), count }));
    }
    default:
      return undefined;
  }
}
