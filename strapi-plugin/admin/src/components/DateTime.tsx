import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

interface DateTimeProps {
  value: string | null | undefined;
  /** `date` for lists, `dateTime` where the minute matters (consent proof, mails). */
  precision?: 'date' | 'dateTime';
}

/** A timestamp in the editor's locale, machine-readable in `<time>`; a dash when absent. */
export function DateTime({ value, precision = 'dateTime' }: DateTimeProps) {
  const { formatDate } = useIntl();
  if (!value) {
    return <Typography textColor="neutral500">–</Typography>;
  }
  const text =
    precision === 'date'
      ? formatDate(value, { dateStyle: 'medium' })
      : formatDate(value, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Typography textColor="neutral800">
      <time dateTime={value}>{text}</time>
    </Typography>
  );
}
