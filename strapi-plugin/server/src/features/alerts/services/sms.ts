import type { AlertChannelFigures } from '@civic-dialog/contracts';
import type { Strapi } from '../../../kernel/types';
import type { AlertRow } from '../rows';

/**
 * The SMS side of an alert. The SMS channel (features/sms) is not part of this build yet: no SMS
 * are queued and the admin shows the mail channel only.
 */
export function alertSms(_strapi: Strapi) {
  return {
    async enqueue(_alert: AlertRow, _area: { sql: string; bindings: string[] }): Promise<number> {
      return 0;
    },
    async figures(_alert: AlertRow): Promise<AlertChannelFigures | null> {
      return null;
    },
  };
}
