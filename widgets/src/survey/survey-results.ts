import { html, nothing, type TemplateResult } from 'lit';
import type { Locale, SurveyQuestionResult, SurveyResults } from '@civic-dialog/contracts';
import type { SurveyTexts } from './survey.translations.js';

interface ResultRow {
  label: string;
  count: number;
}

/**
 * Public results of a closed survey: per question a table (answer, count, share) that screen
 * readers read as a table; the bars inside are decorative. Bar widths are classes in 5 % steps
 * (`w0` … `w100`, see survey.styles.ts) because a strict CSP forbids style attributes.
 * `undefined`: still loading; `null`: could not be loaded.
 */
export function renderResults(results: SurveyResults | null | undefined, t: SurveyTexts, locale: Locale): TemplateResult | typeof nothing {
  if (results === undefined) return nothing;
  if (results === null) return html`<p part="notice" class="notice">${t.resultsUnavailable}</p>`;
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
        const end = value === 1 ? question.lowLabel : value === question.scale ? question.highLabel : null;
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
