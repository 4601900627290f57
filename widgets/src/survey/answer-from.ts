import type { PublicSurveyQuestion, SurveyAnswerValue } from '@civic-dialog/contracts';

/** What an answer control holds when the citizen uses it (an <input>, or a <textarea> for free text). */
export interface AnswerControl {
  value: string;
  checked: boolean;
}

/**
 * The answer a question has after the citizen used one of its controls. Kept apart from the element
 * (no DOM here) so that a test can check it against the server's rules (demo-site's
 * survey-answers-agreement test).
 */
export function answerFrom(question: PublicSurveyQuestion, control: AnswerControl, previous: SurveyAnswerValue | undefined): SurveyAnswerValue {
  switch (question.type) {
    case 'multiple-choice': {
      const chosen = new Set(Array.isArray(previous) ? previous : []);
      if (control.checked) chosen.add(control.value);
      else chosen.delete(control.value);
      // In the question's order, like the server stores them.
      return question.choices.map((choice) => choice.id).filter((id) => chosen.has(id));
    }
    case 'rating':
      return Number(control.value);
    case 'yes-no':
      return control.value === 'yes';
    default:
      return control.value;
  }
}
