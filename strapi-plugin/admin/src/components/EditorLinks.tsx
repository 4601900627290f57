import { Flex, LinkButton } from '@strapi/design-system';
import { Book, Feather, Trash } from '@strapi/icons';
import { NavLink } from 'react-router-dom';

import { useTranslate } from '../hooks/useTranslate';
import { LEGAL_TEXTS_PATH, RETENTION_PATH, TOPICS_PATH } from '../utils/paths';
import { AlertsLink } from './AlertsLink';
import { AuditLogLink } from './AuditLogLink';
import { EventsLink } from './EventsLink';
import { NewslettersLink } from './NewslettersLink';
import { SurveysLink } from './SurveysLink';

/** The plugin's header links: topics and legal texts (edited in the content manager), the audit log, what retention deletes, and the other pages the editor may open. */
export function EditorLinks() {
  const t = useTranslate();
  return (
    <Flex
      tag="nav"
      gap={2}
      aria-label={t('editorLinks.label')}
    >
      <LinkButton tag={NavLink} to={TOPICS_PATH} variant="tertiary" startIcon={<Feather />}>
        {t('editorLinks.topics')}
      </LinkButton>
      <LinkButton tag={NavLink} to={LEGAL_TEXTS_PATH} variant="tertiary" startIcon={<Book />}>
        {t('editorLinks.legalTexts')}
      </LinkButton>
      <AuditLogLink />
      <LinkButton tag={NavLink} to={RETENTION_PATH} variant="tertiary" startIcon={<Trash />}>
        {t('retention.link')}
      </LinkButton>
      <EventsLink />
      <SurveysLink />
      <NewslettersLink />
      <AlertsLink />
    </Flex>
  );
}
