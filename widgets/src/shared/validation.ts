import { LIMITS } from '@civic-dialog/contracts/rules/limits';

// Deliberately loose: the server has the last word; this only catches typos early.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with a (trimmed) email address, as a key of the common texts; undefined when nothing. */
export function emailProblem(email: string): 'emailRequired' | 'emailInvalid' | undefined {
  if (!email) return 'emailRequired';
  return email.length > LIMITS.emailLength || !EMAIL_PATTERN.test(email) ? 'emailInvalid' : undefined;
}
