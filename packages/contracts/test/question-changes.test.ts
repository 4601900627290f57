import { describe, expect, it } from 'vitest';
import { breakingQuestionChange } from '../src/index';

const BECAUSE = 'the event already has registrations';
const before = [
  { id: 'essen', type: 'single-choice', choices: [{ id: 'ja' }, { id: 'nein' }] },
  { id: 'note', type: 'rating', scale: 5 },
  { id: 'text', type: 'long-text' },
];

describe('changing questions that already have answers', () => {
  it('allows new questions, other wording and choices in another order', () => {
    expect(breakingQuestionChange(before, [{ ...before[0]!, choices: [{ id: 'nein' }, { id: 'ja' }] }, before[1]!, before[2]!, { id: 'neu', type: 'yes-no' }], BECAUSE)).toBeNull();
  });

  it('refuses removing a question, changing its type or scale, and other choice ids, naming the question', () => {
    expect(breakingQuestionChange(before, before.slice(1), BECAUSE)).toBe(`question "essen" cannot be removed: ${BECAUSE}`);
    expect(breakingQuestionChange(before, [before[0]!, before[1]!, { id: 'text', type: 'short-text' }], BECAUSE)).toBe(`question "text" cannot change its type: ${BECAUSE}`);
    expect(breakingQuestionChange(before, [before[0]!, { ...before[1]!, scale: 10 }, before[2]!], BECAUSE)).toMatch(/"note" cannot change its scale/);
    expect(breakingQuestionChange(before, [{ ...before[0]!, choices: [{ id: 'ja' }, { id: 'vegan' }] }, ...before.slice(1)], BECAUSE)).toMatch(
      /^the choices of question "essen" cannot be added, removed or renamed: the event already has registrations/,
    );
  });
});
