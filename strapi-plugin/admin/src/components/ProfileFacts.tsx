import * as React from 'react';
import { Box, Grid, Typography } from '@strapi/design-system';
import type { ProfileDetail, ProfileDetail360 } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useTranslate } from '../hooks/useTranslate';
import { DateTime } from './DateTime';
import { ValueBadge } from './ValueBadge';

interface ProfileFactsProps {
  profile: ProfileDetail['profile'];
  /** The optional fields a town asks for (preference center). */
  fields: ProfileDetail360['profileFields'];
}

/** The profile's own fields as a description list in a card. */
export function ProfileFacts({ profile, fields }: ProfileFactsProps) {
  const { formatDisplayName } = useIntl();
  const t = useTranslate();
  const text = (value: React.ReactNode) => <Typography textColor="neutral800">{value}</Typography>;

  const facts: Array<[string, React.ReactNode]> = [
    ['email', text(profile.email)],
    ['firstName', text(profile.firstName ?? '–')],
    ['postalCode', text(fields.postalCode ?? '–')],
    ['district', text(fields.district ?? '–')],
    ['status', <ValueBadge group="profileStatus" value={profile.status} />],
    ['locale', text(formatDisplayName(profile.locale, { type: 'language' }) ?? profile.locale)],
    ['activeTopics', text(profile.activeTopics)],
    ['id', text(profile.id)],
    ['createdAt', <DateTime value={profile.createdAt} />],
    ['confirmedAt', <DateTime value={profile.confirmedAt} />],
    ['updatedAt', <DateTime value={profile.updatedAt} />],
  ];

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      {/* A <dl> may hold <div> groups of <dt> and <dd>, nothing deeper: each grid item is that group. */}
      <Grid.Root tag="dl" gap={5}>
        {facts.map(([field, value]) => (
          <Grid.Item key={field} col={4} s={6} xs={12} direction="column" alignItems="flex-start" gap={1}>
            <Typography tag="dt" variant="sigma" textColor="neutral600">
              {t(`detail.field.${field}`)}
            </Typography>
            <Box tag="dd" margin={0}>
              {value}
            </Box>
          </Grid.Item>
        ))}
      </Grid.Root>
    </Box>
  );
}
