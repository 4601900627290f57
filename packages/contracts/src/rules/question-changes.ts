// ---------------------------------------------------------------------------------------------
// Changing the questions of a survey or event that already has answers (responses, registrations)

/** The parts of a question definition that the answers stored for it depend on. */
export interface AnsweredQuestion {
  id: string;
  type: string;
  scale?: number;
  choices?: ReadonlyArray<{ id: string }>;
}

/**
 * Why a new definition would break stored answers, or null. Once answers exist, questions may be
 * added and their wording corrected, but no question may disappear or change its type or scale,
 * and each choice question keeps exactly its choice ids. `because` ends each message, e.g.
 * "the survey already has responses".
 */
export function breakingQuestionChange(before: readonly AnsweredQuestion[], after: readonly AnsweredQuestion[], because: string): string | null {
  for (const old of before) {
    const now = after.find((question) => question.id === old.id);
    if (!now) return `question "${old.id}" cannot be removed: ${because}`;
    if (now.type !== old.type) return `question "${old.id}" cannot change its type: ${because}`;
    if (old.scale !== undefined && now.scale !== old.scale) return `question "${old.id}" cannot change its scale: ${because}`;
    if (old.choices && now.choices) {
      const oldIds = old.choices.map((choice) => choice.id).sort().join(',');
      const newIds = now.choices.map((choice) => choice.id).sort().join(',');
      if (oldIds !== newIds) return `the choices of question "${old.id}" cannot be added, removed or renamed: ${because} (labels may be corrected)`;
    }
  }
  return null;
}
