import * as React from 'react';
import { Field, Flex, Grid, MultiSelect, MultiSelectOption, Radio, Typography } from '@strapi/design-system';
import type { AlertAreas } from '@civic-dialog/contracts';

import { useAdminGet } from '../hooks/useAdminGet';
import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import type { AlertDraft } from '../utils/alertDraft';

interface AlertAreaFieldProps {
  draft: Pick<AlertDraft, 'wholeTown' | 'districts' | 'postalCodes'>;
  error?: string;
  onChange: (patch: Partial<AlertDraft>) => void;
}

type Choice = 'wholeTown' | 'some';

/**
 * "Gebiet": the whole town, or districts and postal codes — those citizens chose when they signed up
 * for alerts (GET /civic-dialog/alerts/areas), since an alert reaches subscribers by what they chose.
 */
export function AlertAreaField({ draft, error, onChange }: AlertAreaFieldProps) {
  const t = useTranslate();
  const labelId = React.useId();
  const errorId = React.useId();
  const hintId = React.useId();
  const areas = useAdminGet<AlertAreas>(`/${PLUGIN_ID}/alerts/areas`);
  const options = areas.data?.data;

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography id={labelId} variant="pi" fontWeight="bold" textColor="neutral800">
        {t('alerts.field.area')}
      </Typography>
      <Radio.Group
        data-field="area"
        aria-labelledby={labelId}
        aria-describedby={error ? `${errorId} ${hintId}` : hintId}
        aria-invalid={error ? true : undefined}
        value={draft.wholeTown ? 'wholeTown' : 'some'}
        onValueChange={(value: string) => onChange({ wholeTown: (value as Choice) === 'wholeTown' })}
      >
        <Radio.Item value="wholeTown">{t('alerts.area.wholeTown')}</Radio.Item>
        <Radio.Item value="some">{t('alerts.area.some')}</Radio.Item>
      </Radio.Group>
      <Typography id={hintId} variant="pi" textColor="neutral600">
        {t('alerts.area.hint')}
      </Typography>
      {draft.wholeTown ? null : (
        <Grid.Root gap={4}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <AreaSelect
              name="districts"
              values={draft.districts}
              options={options?.districts ?? []}
              onChange={(districts) => onChange({ districts })}
            />
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <AreaSelect
              name="postalCodes"
              values={draft.postalCodes}
              options={options?.postalCodes ?? []}
              onChange={(postalCodes) => onChange({ postalCodes })}
            />
          </Grid.Item>
        </Grid.Root>
      )}
      {error ? (
        <Typography id={errorId} variant="pi" textColor="danger600">
          {error}
        </Typography>
      ) : null}
    </Flex>
  );
}

interface AreaSelectProps {
  name: 'districts' | 'postalCodes';
  values: string[];
  options: Array<{ name: string; subscribers: number }>;
  onChange: (values: string[]) => void;
}

/** Districts or postal codes to pick from, each with how many citizens chose it. */
function AreaSelect({ name, values, options, onChange }: AreaSelectProps) {
  const t = useTranslate();
  return (
    <Field.Root name={name} hint={t(`alerts.hint.${name}`, { count: options.length })}>
      <Field.Label>{t(`alerts.field.${name}`)}</Field.Label>
      <MultiSelect value={values} withTags disabled={options.length === 0} onChange={(picked: string[]) => onChange(picked)}>
        {options.map((option) => (
          <MultiSelectOption key={option.name} value={option.name}>
            {t('alerts.area.option', { name: option.name, count: option.subscribers })}
          </MultiSelectOption>
        ))}
      </MultiSelect>
      <Field.Hint />
    </Field.Root>
  );
}
