import { Box, Flex, Typography } from '@strapi/design-system';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';

type Counts = Record<'hard' | 'soft' | 'complaint' | 'unknown', number>;
const KINDS = ['hard', 'soft', 'complaint', 'unknown'] as const;

/** The newsletter report's bounces per kind (features/bounces: GET /civic-dialog/bounces/newsletters). */
export function NewsletterBounces({ documentId }: { documentId: string }) {
  const t = useTranslate();
  const { data } = useAdminGet<{ data: Record<string, Counts> }>(`/${PLUGIN_ID}/bounces/newsletters`, { documentIds: documentId });
  const counts = data?.data?.[documentId] ?? { hard: 0, soft: 0, complaint: 0, unknown: 0 };
  return (
    <Flex tag="section" direction="column" alignItems="stretch" gap={3} aria-labelledby="newsletter-bounces-title">
      <Typography tag="h2" variant="delta" id="newsletter-bounces-title">
        {t('bounces.report.title')}
      </Typography>
      <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
        <Flex tag="dl" gap={8} wrap="wrap">
          {KINDS.map((kind) => (
            <Flex key={kind} direction="column" alignItems="flex-start" gap={1}>
              <Typography tag="dt" variant="pi" textColor="neutral600">
                {t(`bounces.kind.${kind}`)}
              </Typography>
              <Typography tag="dd" variant="beta">
                {counts[kind]}
              </Typography>
            </Flex>
          ))}
        </Flex>
      </Box>
    </Flex>
  );
}
