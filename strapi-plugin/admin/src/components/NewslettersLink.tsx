import { Mail } from '@strapi/icons';

import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { NEWSLETTERS_PATH } from '../utils/paths';
import { PermittedLink } from './PermittedLink';

/** To the newsletters and their reports; only for editors who may read them. */
export function NewslettersLink() {
  const t = useTranslate();
  return (
    <PermittedLink to={NEWSLETTERS_PATH} permissions={PERMISSIONS.readNewsletters} icon={<Mail />}>
      {t('newsletters.title')}
    </PermittedLink>
  );
}
