import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import type { AutomationExitReason, AutomationStats as Stats } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';

/** An automation's figures (GET /civic-dialog/automations/:id/stats): counts only, no row names a person. */
export function AutomationStats({ automationId }: { automationId: number }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const { data, error, loading, reload } = useAdminGet<Stats>(`/${PLUGIN_ID}/automations/${automationId}/stats`);
  if (error) {
    return (
      <Typography tag="p" role="alert" variant="pi" textColor="danger600">
        {error.status === 403 ? t('automations.stats.forbidden') : t('automations.stats.error')}
      </Typography>
    );
  }
  if (!data) return <Typography variant="pi">{t('automations.stats.loading')}</Typography>;
  const exited = Object.entries(data.exited).filter(([, count]) => (count ?? 0) > 0) as Array<[AutomationExitReason, number]>;
  const figure = (label: string, value: number) => (
    <Flex key={label} justifyContent="space-between" gap={2}>
      <Typography tag="dt" variant="pi" textColor="neutral600">
        {label}
      </Typography>
      <Typography tag="dd" variant="pi" fontWeight="bold" style={{ margin: 0 }}>
        {formatNumber(value)}
      </Typography>
    </Flex>
  );
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-automation-stats="">
      <Typography tag="p" variant="pi" textColor={data.enabled ? 'success600' : 'neutral600'}>
        {t(data.enabled ? 'automations.stats.enabled' : 'automations.stats.disabled')}
      </Typography>
      <Box tag="dl" margin={0}>
        {figure(t('automations.stats.active'), data.active)}
        {figure(t('automations.stats.done'), data.done)}
        {figure(t('automations.stats.sent'), data.sent)}
      </Box>
      <Typography tag="h3" variant="sigma" textColor="neutral600">
        {t('automations.stats.perStep')}
      </Typography>
      <Box tag="ol" margin={0} paddingLeft={4}>
        {data.steps.map((step, index) => (
          <Typography key={step.id} tag="li" variant="pi">
            {t('automations.stats.step', {
              number: index + 1,
              type: t(`automations.step.type.${step.type}`),
              people: step.people,
              sent: step.sent,
            })}
          </Typography>
        ))}
      </Box>
      <Typography tag="h3" variant="sigma" textColor="neutral600">
        {t('automations.stats.exited')}
      </Typography>
      {exited.length ? (
        <Box tag="dl" margin={0}>
          {exited.map(([reason, count]) => figure(t(`automations.exit.${reason}`), count))}
        </Box>
      ) : (
        <Typography tag="p" variant="pi" textColor="neutral600">
          {t('automations.stats.noneExited')}
        </Typography>
      )}
      <Box>
        <Button type="button" variant="tertiary" size="S" startIcon={<ArrowClockwise />} loading={loading} onClick={reload}>
          {t('automations.stats.reload')}
        </Button>
      </Box>
    </Flex>
  );
}
