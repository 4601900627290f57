import type { ServiceFactory } from '../types';
import tokens from './tokens';
import catalog from './client/catalog';
import signup from './client/signup';
import mailLinks from './client/mail-links';
import ledger from './common/ledger';
import profileByEmail from './common/profile-by-email';
import rateLimits from './common/rate-limits';
import guards from './common/guards';
import profiles from './admin/profiles';
import outbox from './mail/outbox';
import personalData from './common/personal-data';
import events from './client/events';
import eventSeats from './common/event-seats';
import eventGuards from './common/event-guards';
import eventReminders from './common/event-reminders';
import eventsAdmin from './admin/events';
import surveys from './client/surveys';
import surveyRules from './common/survey-rules';
import surveyResults from './common/survey-results';
import gdpr from './common/gdpr';
import preferences from './client/preferences';
import audit from './admin/audit';

const services: Record<string, ServiceFactory> = {
  tokens,
  catalog,
  signup,
  mailLinks,
  ledger,
  profileByEmail,
  rateLimits,
  guards,
  profiles,
  outbox,
  personalData,
  events,
  eventSeats,
  eventGuards,
  eventReminders,
  eventsAdmin,
  surveys,
  surveyRules,
  surveyResults,
  gdpr,
  preferences,
  audit,
};

export default services;
