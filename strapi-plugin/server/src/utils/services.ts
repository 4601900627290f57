import type { Strapi } from '../types';
import { PLUGIN_ID } from '../constants';
import type { TokenService } from '../services/tokens';
import type { CatalogService } from '../services/client/catalog';
import type { SignupService } from '../services/client/signup';
import type { MailLinksService } from '../services/client/mail-links';
import type { LedgerService } from '../services/common/ledger';
import type { ProfileByEmailService } from '../services/common/profile-by-email';
import type { RateLimitService } from '../services/common/rate-limits';
import type { GuardsService } from '../services/common/guards';
import type { ProfilesService } from '../services/admin/profiles';
import type { PersonalDataService } from '../services/common/personal-data';
import type { EventsService } from '../services/client/events';
import type { EventSeatsService } from '../services/common/event-seats';
import type { EventGuardsService } from '../services/common/event-guards';
import type { EventRemindersService } from '../services/common/event-reminders';
import type { EventsAdminService } from '../services/admin/events';
import type { SurveysService } from '../services/client/surveys';
import type { SurveyRulesService } from '../services/common/survey-rules';
import type { SurveyResultsService } from '../services/common/survey-results';
import type { EnqueueInput, OutboxService } from '../services/mail/outbox';
import type { GdprService } from '../services/common/gdpr';
import type { PreferencesService } from '../services/client/preferences';
import type { AuditService } from '../services/admin/audit';

export interface PluginServices {
  tokens: TokenService;
  catalog: CatalogService;
  signup: SignupService;
  mailLinks: MailLinksService;
  ledger: LedgerService;
  profileByEmail: ProfileByEmailService;
  rateLimits: RateLimitService;
  guards: GuardsService;
  profiles: ProfilesService;
  outbox: OutboxService;
  personalData: PersonalDataService;
  events: EventsService;
  eventSeats: EventSeatsService;
  eventGuards: EventGuardsService;
  eventReminders: EventRemindersService;
  eventsAdmin: EventsAdminService;
  surveys: SurveysService;
  surveyRules: SurveyRulesService;
  surveyResults: SurveyResultsService;
  gdpr: GdprService;
  preferences: PreferencesService;
  audit: AuditService;
}

/** Typed access to this plugin's services. */
export function getService<K extends keyof PluginServices>(strapi: Strapi, name: K): PluginServices[K] {
  return strapi.plugin(PLUGIN_ID).service(name) as PluginServices[K];
}

/** Queues a mail in the caller's transaction (the outbox renders and sends it later). */
export function enqueueMail(strapi: Strapi, input: EnqueueInput) {
  return getService(strapi, 'outbox').enqueue(input);
}

/** Starts draining the outbox; call it after commit (a kick never throws, a failed drain is logged). */
export function kickOutbox(strapi: Strapi) {
  getService(strapi, 'outbox').kick();
}
