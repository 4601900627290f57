import type { Locale } from '@civic-dialog/contracts';
import type { Strapi } from '../types';
import { PLUGIN_ID } from '../constants';
import type { TokenService } from '../services/tokens';
import type { CatalogService } from '../services/client/catalog';
import type { SignupService } from '../services/client/signup';
import type { MailLinksService } from '../services/client/mail-links';
import type { LedgerService } from '../services/common/ledger';
import type { RateLimitService } from '../services/common/rate-limits';
import type { GuardsService } from '../services/common/guards';
import type { ProfilesService } from '../services/admin/profiles';
import type { PersonalDataService } from '../services/common/personal-data';
import type { SurveysService } from '../services/client/surveys';
import type { SurveyRulesService } from '../services/common/survey-rules';
import type { SurveyResultsService } from '../services/common/survey-results';
import type { EventsService } from '../services/client/events';
import type { EventSeatsService } from '../services/common/event-seats';
import type { EventGuardsService } from '../services/common/event-guards';
import type { EventRemindersService } from '../services/common/event-reminders';
import type { EventsAdminService } from '../services/admin/events';
import type { MailKind } from '../services/mail/renderer';
import type { GdprService } from '../services/common/gdpr';
import type { PreferencesService } from '../services/client/preferences';
import type { AuditService } from '../services/admin/audit';

export interface PluginServices {
  tokens: TokenService;
  catalog: CatalogService;
  signup: SignupService;
  mailLinks: MailLinksService;
  ledger: LedgerService;
  rateLimits: RateLimitService;
  guards: GuardsService;
  profiles: ProfilesService;
  personalData: PersonalDataService;
  surveys: SurveysService;
  surveyRules: SurveyRulesService;
  surveyResults: SurveyResultsService;
  events: EventsService;
  eventSeats: EventSeatsService;
  eventGuards: EventGuardsService;
  eventReminders: EventRemindersService;
  eventsAdmin: EventsAdminService;
  gdpr: GdprService;
  preferences: PreferencesService;
  audit: AuditService;
}

/** Typed access to this plugin's services. */
export function getService<K extends keyof PluginServices>(strapi: Strapi, name: K): PluginServices[K] {
  return strapi.plugin(PLUGIN_ID).service(name) as PluginServices[K];
}

/** The outbox of the mail subsystem (its own folder); what this side relies on. */
export interface OutboxService {
  enqueue(input: {
    profileId: number;
    kind: MailKind;
    locale: Locale;
    data: Record<string, unknown>;
    /** The recipient's current row, when the caller has it (saves the outbox a query). */
    profile?: { id: number; email: string | null; firstName: string | null; locale: string; status: 'pending' | 'active' | 'unsubscribed' | 'erased' };
  }): Promise<unknown>;
  kick(): void | Promise<void>;
}

export function getOutbox(strapi: Strapi): OutboxService | null {
  try {
    const outbox = strapi.plugin(PLUGIN_ID).service('outbox') as OutboxService | undefined;
    return outbox && typeof outbox.enqueue === 'function' ? outbox : null;
  } catch {
    return null;
  }
}

/** Enqueues a mail inside the current transaction (the mail subsystem renders and sends it later). */
export async function enqueueMail(strapi: Strapi, input: Parameters<OutboxService['enqueue']>[0]) {
  const outbox = getOutbox(strapi);
  if (!outbox) {
    strapi.log.warn(`civic-dialog: no outbox service, ${input.kind} mail for profile ${input.profileId} not queued`);
    return;
  }
  await outbox.enqueue(input);
}

/** Starts draining the outbox after commit; a failing kick must not fail the request. */
export function kickOutbox(strapi: Strapi) {
  try {
    const result = getOutbox(strapi)?.kick();
    if (result && typeof (result as Promise<void>).catch === 'function') {
      (result as Promise<void>).catch((error) => strapi.log.error(`civic-dialog: outbox kick failed: ${error}`));
    }
  } catch (error) {
    strapi.log.error(`civic-dialog: outbox kick failed: ${error}`);
  }
}
