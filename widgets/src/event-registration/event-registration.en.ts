// Typed by the German texts, which define the keys (the translations file imports both chunks lazily).
import type de from './event-registration.de.js';
import common from '../shared/common.en.js';
import { plural } from '../shared/localize.js';

/** The English texts of <civic-event-registration>: a chunk of their own (event-registration.translations.ts). */
const en: typeof de = {
  ...common,
  listLabel: 'Events open for registration',
  formLabel: (title: string) => `Registration: ${title}`,
  loading: 'Loading events …',
  loadError: 'The events could not be loaded. Please try again later.',
  notFound: 'This event does not exist (any more).',
  noEvents: 'There are no events open for registration at the moment.',
  when: 'When',
  where: 'Where',
  seats: 'Seats',
  deadline: 'Register by',
  seatsLeft: (count: number) => `${count} ${plural(count, 'seat', 'seats')} left`,
  unlimited: 'No seat limit',
  waitingList: 'Fully booked – you can join the waiting list',
  fullyBooked: 'Fully booked',
  fullyBookedNotice: 'This event is fully booked. Registration is no longer possible.',
  closedNotice: 'Registration for this event is closed.',
  open: 'Register',
  lastName: 'Last name',
  seatsField: 'Number of seats',
  seatsHint: (max: number) => `1 to ${max} ${plural(max, 'seat', 'seats')}`,
  maxLengthHint: (max: number) => `At most ${max} characters.`,
  chooseOne: 'Choose one answer.',
  chooseAny: 'Choose as many answers as you like.',
  consent: 'I agree that the town processes my details for this event.',
  newsletter: (topic: string) =>
    `I would also like to receive the newsletter “${topic}”. We will send you a separate confirmation email; you can unsubscribe at any time.`,
  submit: 'Register',
  submitWaitingList: 'Join the waiting list',
  submitting: 'Sending your registration …',
  nameTooLong: (field: string, max: number) => `${field}: please enter at most ${max} characters.`,
  seatsInvalid: (max: number) => `Please enter a whole number from 1 to ${max} as the number of seats.`,
  seatsTooMany: (left: number) => `Only ${left} ${plural(left, 'seat is', 'seats are')} left. Please choose fewer seats.`,
  answerRequired: (question: string) => `Please answer the question “${question}”.`,
  answerTooLong: (question: string, max: number, length: number) =>
    `“${question}”: please shorten your answer to at most ${max} characters (now ${length}).`,
  answerInvalid: (question: string) => `Please check your answer to the question “${question}”.`,
  consentRequired: 'Please give your consent so that we may process your registration.',
  serverError: 'Registering is not possible right now. Please try again later.',
  successHeading: 'Please confirm your registration',
  successText:
    'Check your inbox: we have sent you an email. Click the link in it to complete your registration. You will then get the confirmation with a calendar entry.',
  successWaitingList:
    'Check your inbox: we have sent you an email. Once you have confirmed the link in it, you are on the waiting list; if a seat becomes free, you move up automatically and we let you know.',
};

export default en;
