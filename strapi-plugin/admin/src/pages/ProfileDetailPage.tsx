import { Flex, Link, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import type { ProfileDetail360 } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';
import { NavLink, useLocation, useNavigate, useParams } from 'react-router-dom';

import { AuditLogLink } from '../components/AuditLogLink';
import { AutomationTimeline } from '../components/AutomationTimeline';
import { ConsentHistoryTable } from '../components/ConsentHistoryTable';
import { DetailSection } from '../components/DetailSection';
import { LoadError } from '../components/LoadError';
import { MessagesTable } from '../components/MessagesTable';
import { ProfileActions } from '../components/ProfileActions';
import { ProfileFacts } from '../components/ProfileFacts';
import { ProfileTimeline } from '../components/ProfileTimeline';
import { SubscriptionsTable } from '../components/SubscriptionsTable';
import { ValueBadge } from '../components/ValueBadge';
import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { PROFILES_PATH } from '../utils/paths';
import { timelineRows } from '../utils/timeline';
import { SuppressionPanel } from '../components/SuppressionPanel';
import { SmsContactPanel } from '../components/SmsContactPanel';
import type { ProfileLinkState } from './ProfilesPage';

export function ProfileDetailPage() {
  const { formatDate, locale } = useIntl();
  const t = useTranslate();
  const { id = '' } = useParams<{ id: string }>();
  const location = useLocation();
  const navigate = useNavigate();
  // Topic names in the editor's language.
  const language = locale.startsWith('en') ? 'en' : 'de';
  const { data, error, reload } = useAdminGet<ProfileDetail360>(`/${PLUGIN_ID}/profiles/${encodeURIComponent(id)}`, {
    locale: language,
  });

  // Back to the list as the editor left it (search, filter, page), if they came from there.
  const listSearch = (location.state as ProfileLinkState | null)?.listSearch ?? '';
  const listPath = `${PROFILES_PATH}${listSearch}`;
  const backLink = (
    <Link tag={NavLink} to={listPath} startIcon={<ArrowLeft />}>
      {t('detail.back')}
    </Link>
  );

  // A stale profile from a previous id must not show while the new one loads.
  const detail = data && String(data.profile.id) === id ? data : undefined;

  if (error) {
    const notFound = error.status === 404;
    return (
      <Page.Main>
        <Page.Title>{`${t('detail.title')} | ${t('plugin.name')}`}</Page.Title>
        <Layouts.Header navigationAction={backLink} title={t('detail.title')} />
        <Layouts.Content>
          {notFound ? (
            <LoadError message={t('detail.notFound')} />
          ) : (
            <LoadError message={error.message} onRetry={reload} />
          )}
        </Layouts.Content>
      </Page.Main>
    );
  }

  if (!detail) {
    return <Page.Loading>{t('detail.loading')}</Page.Loading>;
  }

  const { profile, profileFields, subscriptions, consents, messages } = detail;
  const timeline = timelineRows(detail);
  const topicNames = new Map(subscriptions.map(({ topic }) => [topic.slug, topic.name]));
  return (
    <Page.Main>
      <Page.Title>{`${profile.email} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        navigationAction={backLink}
        title={profile.email}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <ValueBadge group="profileStatus" value={profile.status} />
            <Typography variant="epsilon" textColor="neutral600">
              {t('detail.subtitle', { date: formatDate(profile.createdAt, { dateStyle: 'medium' }) })}
            </Typography>
          </Flex>
        }
        primaryAction={
          <ProfileActions
            profile={profile}
            // Nothing personal is left to show after erasure: back to the list.
            onChanged={(action) => (action === 'erase' ? navigate(listPath) : reload())}
          />
        }
        secondaryAction={<AuditLogLink profileId={profile.id} />}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={8}>
          <DetailSection id="profile" title={t('detail.profile.title')}>
            <ProfileFacts profile={profile} fields={profileFields} />
          </DetailSection>
          <DetailSection
            id="timeline"
            title={t('detail.timeline.title')}
            description={t('detail.timeline.description')}
            isEmpty={timeline.length === 0}
            emptyText={t('detail.timeline.empty')}
          >
            <ProfileTimeline rows={timeline} sectionId="timeline" />
          </DetailSection>
          <AutomationTimeline profileId={profile.id} />
          <SuppressionPanel items={detail.sections?.bounces} onLifted={reload} />
          <SmsContactPanel profileId={profile.id} section={detail.sections?.sms} onChanged={reload} />
          <DetailSection
            id="subscriptions"
            title={t('detail.subscriptions.title')}
            isEmpty={subscriptions.length === 0}
            emptyText={t('detail.subscriptions.empty')}
          >
            <SubscriptionsTable subscriptions={subscriptions} sectionId="subscriptions" />
          </DetailSection>
          <DetailSection
            id="consents"
            title={t('detail.consents.title')}
            description={t('detail.consents.description')}
            isEmpty={consents.length === 0}
            emptyText={t('detail.consents.empty')}
          >
            <ConsentHistoryTable consents={consents} topicNames={topicNames} sectionId="consents" />
          </DetailSection>
          <DetailSection
            id="messages"
            title={t('detail.messages.title')}
            isEmpty={messages.length === 0}
            emptyText={t('detail.messages.empty')}
          >
            <MessagesTable messages={messages} sectionId="messages" />
          </DetailSection>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}
