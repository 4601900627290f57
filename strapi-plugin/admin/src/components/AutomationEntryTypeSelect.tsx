import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';

import { useAdminGet } from '../hooks/useAdminGet';
import { PLUGIN_ID } from '../pluginId';

/** GET /civic-dialog/automations/entry-types (server: features/automations/controllers/automations-admin.ts). */
interface EntryTypeList {
  data: Array<{ uid: string; name: string }>;
}

interface AutomationEntryTypeSelectProps {
  label: string;
  hint?: string;
  /** A content type uid; '' = any configured type. */
  value: string;
  anyLabel: string;
  disabled?: boolean;
  error?: string;
  onChange: (uid: string) => void;
}

/**
 * The "entry published" trigger's content type: "any" first, then the types of the plugin config
 * automations.entryTypes by name. A stored uid that is not (any longer) configured stays selectable,
 * so it is not lost unseen.
 */
export function AutomationEntryTypeSelect({ label, hint, value, anyLabel, disabled, error, onChange }: AutomationEntryTypeSelectProps) {
  const { data } = useAdminGet<EntryTypeList>(`/${PLUGIN_ID}/automations/entry-types`);
  const types = data?.data ?? [];
  const unknown = value && !types.some((type) => type.uid === value) ? [{ uid: value, name: value }] : [];
  return (
    <Field.Root error={error} hint={hint}>
      <Field.Label>{label}</Field.Label>
      <SingleSelect value={value} disabled={disabled} onChange={(uid) => onChange(String(uid))}>
        <SingleSelectOption value="">{anyLabel}</SingleSelectOption>
        {[...unknown, ...types].map((type) => (
          <SingleSelectOption key={type.uid} value={type.uid}>
            {type.name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
