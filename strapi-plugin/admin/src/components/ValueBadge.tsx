import { Badge, type BadgeProps } from '@strapi/design-system';
import type {
  AlertSeverity,
  AlertStatus,
  AuditAction,
  ConsentAction,
  EventStatus,
  MessageStatus,
  NewsletterStatus,
  ProfileStatus,
  RegistrationStatus,
  SurveyMode,
  SurveyPhase,
  SubscriptionStatus,
} from '@civic-dialog/contracts';

import { useTranslate } from '../hooks/useTranslate';
import { BADGE_COLOURS } from '../utils/badgeColours';

type Variant = NonNullable<BadgeProps['variant']> & keyof typeof BADGE_COLOURS;

// Records (not lists) so the compiler flags a status the contracts add and we forget here.
const PROFILE_STATUS: Record<ProfileStatus, Variant> = {
  pending: 'warning',
  active: 'success',
  unsubscribed: 'neutral',
  erased: 'danger',
};
const SUBSCRIPTION_STATUS: Record<SubscriptionStatus, Variant> = {
  pending: 'warning',
  active: 'success',
  unsubscribed: 'neutral',
};
const CONSENT_ACTION: Record<ConsentAction, Variant> = {
  granted: 'secondary',
  confirmed: 'success',
  withdrawn: 'danger',
};
const MESSAGE_STATUS: Record<MessageStatus, Variant> = {
  queued: 'neutral',
  sending: 'secondary',
  sent: 'success',
  failed: 'danger',
};

const AUDIT_ACTION: Record<AuditAction, Variant> = {
  viewed: 'neutral',
  exported: 'secondary',
  'resent-confirmation': 'secondary',
  erased: 'danger',
  'listed-profiles': 'neutral',
  'listed-registrations': 'neutral',
  'viewed-free-texts': 'neutral',
  'downloaded-registrations': 'secondary',
  'downloaded-survey-responses': 'secondary',
  'lifted-suppression': 'warning',
  'sms-do-not-contact': 'warning',
  'sms-contact-allowed': 'secondary',
};

const REGISTRATION_STATUS: Record<RegistrationStatus, Variant> = {
  pending: 'warning',
  confirmed: 'success',
  waitlisted: 'secondary',
  cancelled: 'neutral',
  attended: 'primary',
};
const EVENT_STATUS: Record<EventStatus, Variant> = {
  scheduled: 'success',
  cancelled: 'danger',
};

const SURVEY_MODE: Record<SurveyMode, Variant> = {
  anonymous: 'neutral',
  identified: 'secondary',
};
const SURVEY_PHASE: Record<SurveyPhase, Variant> = {
  upcoming: 'warning',
  open: 'success',
  closed: 'neutral',
};

const NEWSLETTER_STATUS: Record<NewsletterStatus, Variant> = {
  draft: 'neutral',
  scheduled: 'secondary',
  sending: 'primary',
  paused: 'warning',
  sent: 'success',
  cancelled: 'danger',
};

const ALERT_STATUS: Record<AlertStatus, Variant> = {
  draft: 'neutral',
  sent: 'success',
};
const ALERT_SEVERITY: Record<AlertSeverity, Variant> = {
  info: 'secondary',
  warning: 'warning',
  danger: 'danger',
};

const VARIANTS = {
  profileStatus: PROFILE_STATUS,
  subscriptionStatus: SUBSCRIPTION_STATUS,
  consentAction: CONSENT_ACTION,
  messageStatus: MESSAGE_STATUS,
  registrationStatus: REGISTRATION_STATUS,
  eventStatus: EVENT_STATUS,
  surveyMode: SURVEY_MODE,
  surveyPhase: SURVEY_PHASE,
  auditAction: AUDIT_ACTION,
  newsletterStatus: NEWSLETTER_STATUS,
  alertStatus: ALERT_STATUS,
  alertSeverity: ALERT_SEVERITY,
};


type Group = keyof typeof VARIANTS;

/** Every profile status, in lifecycle order, for the status filter. */
export const PROFILE_STATUSES = Object.keys(PROFILE_STATUS) as ProfileStatus[];

/** Every registration status, in lifecycle order, for the status filter. */
export const REGISTRATION_STATUSES = Object.keys(REGISTRATION_STATUS) as RegistrationStatus[];

/** The message key of an enumerated value, e.g. `profileStatus.active`. */
export const valueLabelKey = (group: Group, value: string) => `${group}.${value}`;

interface ValueBadgeProps<G extends Group> {
  group: G;
  value: keyof (typeof VARIANTS)[G] & string;
}

/** A coloured, translated badge for a status, consent action or audited admin action (text ≥ 4.5:1). */
export function ValueBadge<G extends Group>({ group, value }: ValueBadgeProps<G>) {
  const t = useTranslate();
  const variants: Record<string, Variant> = VARIANTS[group];
  const colours = BADGE_COLOURS[variants[value] ?? 'neutral'];
  return (
    <Badge textColor={colours.textColor} backgroundColor={colours.backgroundColor}>
      {t(valueLabelKey(group, value))}
    </Badge>
  );
}
