import { ChartPie } from '@strapi/icons';

import { useTranslate } from '../hooks/useTranslate';
import { PERMISSIONS } from '../permissions';
import { SURVEYS_PATH } from '../utils/paths';
import { PermittedLink } from './PermittedLink';

/** To the surveys and their results; only for editors who may read them. */
export function SurveysLink() {
  const t = useTranslate();
  return (
    <PermittedLink to={SURVEYS_PATH} permissions={PERMISSIONS.readSurveys} icon={<ChartPie />}>
      {t('surveys.link')}
    </PermittedLink>
  );
}
