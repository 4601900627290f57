import type { Strapi } from '../../types';
import { UID } from '../../constants';
import { getConfig } from '../../utils/config';
import { getService } from '../../utils/services';
import type { MailExtension, MailExtras } from '../mail/outbox';

/**
 * What the outbox adds to a survey confirmation mail when it sends it: the confirm link (the token
 * is made only now, so no raw token is stored), or a refusal when the pending response is gone
 * (erased with the citizen, or already confirmed by an earlier link).
 */
export function surveyMailExtension(strapi: Strapi): MailExtension {
  return async ({ profileId, data, publicUrl }): Promise<MailExtras> => {
    const responseId = Number(data.responseId);
    const response = Number.isInteger(responseId)
      ? ((await strapi.db.query(UID.surveyResponse).findOne({ where: { id: responseId }, select: ['id', 'status', 'profileId'] })) as {
          status: string;
          profileId: number | null;
        } | null)
      : null;
    if (!response || response.status !== 'pending' || Number(response.profileId) !== profileId) {
      return { refusal: `Refused: survey response ${data.responseId} is no longer waiting for confirmation.` };
    }
    const ttlSeconds = getConfig(strapi).tokens.doiTtlSeconds;
    const token = await getService(strapi, 'tokens').issue({ purpose: 'survey-confirm', profileId, payload: { responseId }, ttlSeconds });
    return { view: { confirmUrl: `${publicUrl}/api/civic-dialog/survey-confirm?token=${encodeURIComponent(token)}`, expiresInSeconds: ttlSeconds } };
  };
}
