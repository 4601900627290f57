import { Flex, Link, Td, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import { DateTime } from '../components/DateTime';
import { ListPage } from '../components/ListPage';
import { TitleCell } from '../components/TitleCell';
import { ValueBadge } from '../components/ValueBadge';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import type { NewsletterList } from '../utils/newsletters';
import { NEWSLETTERS_CONTENT_PATH, newsletterContentPath, newsletterReportPath } from '../utils/paths';

const FIGURES = ['recipients', 'sent', 'failed', 'unsubscribes', 'clicks'] as const;
const COLUMNS = ['subject', 'status', 'date', ...FIGURES, 'edit'];

type NewsletterItem = NewsletterList['results'][number];

/** Every newsletter with its status and figures; the subject opens its report. */
export function NewslettersPage() {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  return (
    <ListPage<NewsletterItem>
      area="newsletters"
      url={`/${PLUGIN_ID}/newsletters`}
      contentPath={NEWSLETTERS_CONTENT_PATH}
      contentLabel={t('newsletters.write')}
      columns={COLUMNS}
      rowKey={(newsletter) => newsletter.documentId}
      rowPath={(newsletter) => newsletterReportPath(newsletter.documentId)}
      cells={(newsletter) => (
        <>
          <TitleCell to={newsletterReportPath(newsletter.documentId)} title={newsletter.subject || t('newsletters.noSubject')} />
          <Td>
            <ValueBadge group="newsletterStatus" value={newsletter.status} />
          </Td>
          <Td>
            <DateTime value={newsletter.finishedAt ?? newsletter.startedAt ?? newsletter.scheduledAt} />
          </Td>
          {FIGURES.map((figure) => (
            <Td key={figure}>
              <Typography textColor="neutral800">{formatNumber(newsletter[figure])}</Typography>
            </Td>
          ))}
          <Td>
            <Flex>
              <Link
                tag={NavLink}
                to={newsletterContentPath(newsletter.documentId)}
                onClick={(click: React.MouseEvent) => click.stopPropagation()}
                aria-label={t('newsletters.editLabel', { subject: newsletter.subject })}
              >
                {t('newsletters.edit')}
              </Link>
            </Flex>
          </Td>
        </>
      )}
    />
  );
}
