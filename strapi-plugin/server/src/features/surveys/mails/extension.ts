import type { Strapi } from '../../../kernel/types';
import { SURVEYS_UID } from '../tables';
import { getConfig } from '../../../kernel/get-config';
import type { MailExtension, MailExtras } from '../../../shared/mail/outbox';
import { oneLine, registerMailTemplates } from '../../../shared/mail/renderer';
import { surveyConfirm } from './templates';

/**
 * What the outbox adds to a survey confirmation mail when it sends it: the confirm link (the token
 * is made only now, so no raw token is stored), or a refusal when the pending response is gone
 * (erased with the citizen, or already confirmed by an earlier link).
 */
export function surveyMailExtension(strapi: Strapi): MailExtension {
  return async ({ profileId, data, publicUrl, issueToken }): Promise<MailExtras> => {
    const responseId = Number(data.responseId);
    const response = Number.isInteger(responseId)
      ? ((await strapi.db.query(SURVEYS_UID.surveyResponse).findOne({ where: { id: responseId }, select: ['id', 'status', 'profileId'] })) as {
          status: string;
          profileId: number | null;
        } | null)
      : null;
    if (!response || response.status !== 'pending' || Number(response.profileId) !== profileId) {
      return { refusal: `Refused: survey response ${data.responseId} is no longer waiting for confirmation.` };
    }
    const ttlSeconds = getConfig(strapi).tokens.doiTtlSeconds;
    const token = issueToken({ purpose: 'survey-confirm', profileId, payload: { responseId }, ttlSeconds });
    return { view: { confirmUrl: `${publicUrl}/api/civic-dialog/survey-confirm?token=${encodeURIComponent(token)}`, expiresInSeconds: ttlSeconds } };
  };
}

/** The survey confirmation mail's template; its title is one line. */
export function registerSurveyMails(): void {
  registerMailTemplates({ 'survey-confirm': surveyConfirm }, (view) => ({ surveyTitle: oneLine(view.surveyTitle) }));
}
