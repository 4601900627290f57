import { Box, Flex, Typography } from '@strapi/design-system';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';

/** GET /civic-dialog/digest (server: features/digest/controllers/digest-admin.ts). */
interface DigestOverview {
  settings: { enabled: boolean; weekday: number; hour: number; timeZone: string; newsContentType: string };
  nextRun: string | null;
  lastRun: { week: string; finishedAt: string | null; entries: number | null; recipients: number | null } | null;
}

/** Read-only: the weekly digest is switched on in the plugin config; here its schedule, next and last run. */
export function DigestPanel() {
  const t = useTranslate();
  const { data, error } = useAdminGet<DigestOverview>(`/${PLUGIN_ID}/digest`);
  if (error || !data) return null;
  const { settings, nextRun, lastRun } = data;
  // The town's local time, as the schedule says (config timeZone), whatever the browser's zone.
  const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short', timeZone: settings.timeZone });
  return (
    <Box tag="section" aria-labelledby="civic-digest-heading" padding={4} background="neutral0" hasRadius shadow="tableShadow">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography id="civic-digest-heading" variant="delta" tag="h2">
          {t('digest.title')}
        </Typography>
        <Typography textColor="neutral800">
          {settings.enabled
            ? t('digest.schedule', { weekday: t(`digest.weekday.${settings.weekday}`), hour: settings.hour, timeZone: settings.timeZone })
            : t('digest.off')}
        </Typography>
        {settings.enabled && nextRun ? <Typography textColor="neutral800">{t('digest.next', { when: when(nextRun) })}</Typography> : null}
        <Typography textColor="neutral800">
          {lastRun
            ? t('digest.last', { week: lastRun.week, entries: lastRun.entries ?? 0, recipients: lastRun.recipients ?? 0 })
            : t('digest.never')}
        </Typography>
        <Typography textColor="neutral600">{t('digest.howToSwitch')}</Typography>
      </Flex>
    </Box>
  );
}
