import { Flex, LinkButton } from '@strapi/design-system';
import { Book, Feather } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import { getTranslation } from '../utils/getTranslation';
import { LEGAL_TEXTS_PATH, TOPICS_PATH } from '../utils/paths';

/** Topics and legal texts are edited in the content manager; these links take editors there. */
export function EditorLinks() {
  const { formatMessage } = useIntl();
  return (
    <Flex
      tag="nav"
      gap={2}
      aria-label={formatMessage({ id: getTranslation('editorLinks.label'), defaultMessage: 'Manage content' })}
    >
      <LinkButton tag={NavLink} to={TOPICS_PATH} variant="tertiary" startIcon={<Feather />}>
        {formatMessage({ id: getTranslation('editorLinks.topics'), defaultMessage: 'Topics' })}
      </LinkButton>
      <LinkButton tag={NavLink} to={LEGAL_TEXTS_PATH} variant="tertiary" startIcon={<Book />}>
        {formatMessage({ id: getTranslation('editorLinks.legalTexts'), defaultMessage: 'Legal texts' })}
      </LinkButton>
    </Flex>
  );
}
