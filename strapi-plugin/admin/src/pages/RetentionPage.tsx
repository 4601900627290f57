import { Flex, Link, Loader, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink } from 'react-router-dom';

import { DigestPanel } from '../components/DigestPanel';
import { LoadError } from '../components/LoadError';
import { TableHead } from '../components/TableHead';
import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { PROFILES_PATH } from '../utils/paths';

/** GET /civic-dialog/retention (server: features/retention/controllers/retention-admin.ts). */
interface RetentionOverview {
  settings: {
    pendingGraceDays: number;
    tokenGraceDays: number;
    registrationDaysAfterEvent: number;
    mailDays: number;
    consentNetworkMonths: number;
    auditYears: number;
    confirmationLinkDays: number;
  };
  next: Record<string, number>;
  lastRun: { day: string; finishedAt: string | null; counts: Record<string, number> | null } | null;
}

type Settings = RetentionOverview['settings'];

/** Each rule in the order a run applies it, with the words of its limit. */
const RULES: Array<{ key: string; limit: (s: Settings) => [string, Record<string, number>] }> = [
  { key: 'tokens', limit: (s) => ['retention.limit.afterUse', { days: s.tokenGraceDays }] },
  { key: 'pendingRegistrations', limit: (s) => ['retention.limit.afterLink', { days: s.pendingGraceDays, linkDays: s.confirmationLinkDays }] },
  { key: 'pendingSurveyResponses', limit: (s) => ['retention.limit.afterLink', { days: s.pendingGraceDays, linkDays: s.confirmationLinkDays }] },
  { key: 'pastEventRegistrations', limit: (s) => ['retention.limit.afterEvent', { days: s.registrationDaysAfterEvent }] },
  { key: 'mailPersonalData', limit: (s) => ['retention.limit.afterDays', { days: s.mailDays }] },
  { key: 'newsletterDeliveryErrors', limit: (s) => ['retention.limit.afterDays', { days: s.mailDays }] },
  { key: 'consentNetworkData', limit: (s) => ['retention.limit.afterMonths', { months: s.consentNetworkMonths }] },
  { key: 'auditLog', limit: (s) => ['retention.limit.afterYears', { years: s.auditYears }] },
  { key: 'unconfirmedProfiles', limit: (s) => ['retention.limit.afterLink', { days: s.pendingGraceDays, linkDays: s.confirmationLinkDays }] },
];

const COLUMNS = ['rule', 'limit', 'next', 'last'];

/** Read-only: what the daily retention job deletes, after how long, and how many rows next and last time. */
export function RetentionPage() {
  const t = useTranslate();
  const { data, error, reload } = useAdminGet<RetentionOverview>(`/${PLUGIN_ID}/retention`);
  return (
    <Page.Main>
      <Page.Title>{`${t('retention.title')} | ${t('plugin.name')}`}</Page.Title>
      <Layouts.Header
        navigationAction={
          <Link tag={NavLink} to={PROFILES_PATH} startIcon={<ArrowLeft />}>
            {t('detail.back')}
          </Link>
        }
        title={t('retention.title')}
        subtitle={t('retention.subtitle')}
      />
      <Layouts.Content>
        {error ? (
          <LoadError message={error.message} onRetry={reload} />
        ) : !data ? (
          <Flex justifyContent="center" padding={8}>
            <Loader>{t('retention.loading')}</Loader>
          </Flex>
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={COLUMNS.length} rowCount={RULES.length + 1} aria-label={t('retention.title')}>
              <TableHead labels={COLUMNS.map((column) => t(`retention.column.${column}`))} />
              <Tbody>
                {RULES.map(({ key, limit }) => {
                  const [message, values] = limit(data.settings);
                  return (
                    <Tr key={key}>
                      <Td>
                        <Typography textColor="neutral800">{t(`retention.rule.${key}`)}</Typography>
                      </Td>
                      <Td>
                        <Typography textColor="neutral800">{t(message, values)}</Typography>
                      </Td>
                      <Td>
                        <Typography textColor="neutral800">{data.next[key] ?? 0}</Typography>
                      </Td>
                      <Td>
                        <Typography textColor="neutral800">{data.lastRun?.counts?.[key] ?? '–'}</Typography>
                      </Td>
                    </Tr>
                  );
                })}
              </Tbody>
            </Table>
            <Typography textColor="neutral800">
              {data.lastRun ? t('retention.lastRun', { day: data.lastRun.day }) : t('retention.never')}
            </Typography>
            <Typography textColor="neutral800">{t('retention.proof')}</Typography>
            <DigestPanel />
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}
