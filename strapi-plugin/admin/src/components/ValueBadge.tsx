import { Badge, type BadgeProps } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type {
  ConsentAction,
  MessageStatus,
  ProfileStatus,
  SubscriptionStatus,
} from '@civic-dialog/contracts';

import { getTranslation } from '../utils/getTranslation';

type Variant = NonNullable<BadgeProps['variant']>;

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

const VARIANTS = {
  profileStatus: PROFILE_STATUS,
  subscriptionStatus: SUBSCRIPTION_STATUS,
  consentAction: CONSENT_ACTION,
  messageStatus: MESSAGE_STATUS,
};

type Group = keyof typeof VARIANTS;

/** Every profile status, in lifecycle order, for the status filter. */
export const PROFILE_STATUSES = Object.keys(PROFILE_STATUS) as ProfileStatus[];

/** The translation id of an enumerated value, e.g. `profileStatus.active`. */
export const valueLabelId = (group: Group, value: string) => getTranslation(`${group}.${value}`);

interface ValueBadgeProps<G extends Group> {
  group: G;
  value: keyof (typeof VARIANTS)[G] & string;
}

/** A coloured, translated badge for a status or consent action. */
export function ValueBadge<G extends Group>({ group, value }: ValueBadgeProps<G>) {
  const { formatMessage } = useIntl();
  const variants: Record<string, Variant> = VARIANTS[group];
  return (
    <Badge variant={variants[value] ?? 'neutral'}>
      {formatMessage({ id: valueLabelId(group, value), defaultMessage: value })}
    </Badge>
  );
}
