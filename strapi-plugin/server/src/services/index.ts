import type { ServiceFactory } from '../types';
import tokens from './tokens';
import catalog from './client/catalog';
import signup from './client/signup';
import mailLinks from './client/mail-links';
import ledger from './common/ledger';
import rateLimits from './common/rate-limits';
import guards from './common/guards';
import profiles from './admin/profiles';
import outbox from './mail/outbox';
import personalData from './common/personal-data';
import surveys from './client/surveys';
import surveyRules from './common/survey-rules';
import surveyResults from './common/survey-results';
import events from './client/events';
import eventSeats from './common/event-seats';
import eventGuards from './common/event-guards';
import eventReminders from './common/event-reminders';
import eventsAdmin from './admin/events';
import gdpr from './common/gdpr';
import preferences from './client/preferences';
import audit from './admin/audit';

const services: Record<string, ServiceFactory> = {
  tokens,
  catalog,
  signup,
  mailLinks,
  ledger,
  rateLimits,
  guards,
  profiles,
  outbox,
  personalData,
  surveys,
  surveyRules,
  surveyResults,
  events,
  eventSeats,
  eventGuards,
  eventReminders,
  eventsAdmin,
  gdpr,
  preferences,
  audit,
};

export default services;
