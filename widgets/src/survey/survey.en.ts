// Typed by the German texts, which define the keys (the translations file imports both chunks lazily).
import type de from './survey.de.js';
import common from '../shared/common.en.js';

/** The English texts of <civic-survey>: a chunk of their own (survey.translations.ts). */
const en: typeof de = {
  ...common,
  loading: 'Loading the survey …',
  loadError: 'The survey could not be loaded. Please try again later.',
  notFound: 'This survey does not exist (any more).',
  chooseBetween: (min: number, max: number) =>
    min === max ? `Choose ${min}.` : min > 0 ? `Choose ${min} to ${max}.` : `Choose at most ${max}.`,
  chooseAtLeast: (min: number) => `Choose at least ${min}.`,
  characters: (used: number, max: number) => `${used} of ${max} characters`,
  scaleEnd: (value: number, label: string) => `${value} – ${label}`,
  lowestRating: 'lowest rating',
  highestRating: 'highest rating',
  choiceLimitReached: (max: number) =>
    `You have chosen ${max}, the most possible. To choose another answer, untick one first.`,
  progress: (answered: number, total: number) => `${answered} of ${total} questions answered`,
  emailHint: 'You will get an email with a link to confirm your answers.',
  consent: 'I agree that the town stores my answers with my email address so that they can be attributed to me.',
  submit: 'Send answers',
  submitting: 'Sending your answers …',
  answerRequired: 'Please answer this question.',
  tooFewChoices: (min: number) => `Please choose at least ${min}.`,
  tooManyChoices: (max: number) => `Please choose at most ${max}.`,
  tooLong: (max: number) => `Please write at most ${max} characters.`,
  dateOutOfRange: 'Please choose a day within the given period.',
  dateRange: (from: string, to: string) => `Possible: ${from} to ${to}`,
  invalidAnswer: 'This answer is not possible. Please check it.',
  consentRequired: 'Please give your consent so that we may store your answers.',
  notYetOpen: (date: string) => `The survey starts on ${date}.`,
  notYetOpenUndated: 'The survey has not started yet.',
  closed: 'The survey has ended. Thank you to everyone who took part.',
  resultsHeading: 'Results',
  resultsTotal: (count: number) => `${count} ${count === 1 ? 'response' : 'responses'}`,
  resultsAnswer: 'Answer',
  resultsCount: 'Count',
  resultsShare: 'Share',
  resultsMean: (mean: string, scale: number) => `Average: ${mean} of ${scale}`,
  resultsUnavailable: 'The results could not be loaded.',
  thanksHeading: 'Thank you for taking part!',
  thanksText: 'Your answers have arrived.',
  checkInboxHeading: 'Please confirm your answers',
  checkInboxText: 'Check your inbox: we have sent you an email. Your answers count once you click the link in it.',
  alreadyAnsweredHeading: 'You have already taken part',
  alreadyAnsweredText: 'This survey counts one response per person; your answers can no longer be changed.',
  networkError:
    'Could not reach the server. Your answers are still here; please check your internet connection and try again.',
  serverError: 'Sending is not possible right now. Your answers are still here; please try again later.',
};

export default en;
