import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

interface DateTimeProps {
  value: string | null | undefined;
  /** `date` for lists, `dateTime` where the minute matters (consent proof, mails). */
  precision?: 'date' | 'dateTime';
  /** Show the time where it happens (an event's zone); default: the editor's own. */
  timeZone?: string;
}

/** A timestamp in the editor's locale, machine-readable in `<time>`; a dash when absent. */
export function DateTime({ value, precision = 'dateTime', timeZone }: DateTimeProps) {
  const { formatDate } = useIntl();
  if (!value) {
    return <Typography textColor="neutral500">–</Typography>;
  }
  const text =
    precision === 'date'
      ? formatDate(value, { dateStyle: 'medium', timeZone })
      : formatDate(value, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return (
    <Typography textColor="neutral800">
      <time dateTime={value}>{text}</time>
    </Typography>
  );
}
