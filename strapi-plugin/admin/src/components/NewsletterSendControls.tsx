import * as React from 'react';
import { Field, Flex, Radio, TextInput, Typography } from '@strapi/design-system';
import { Check, Clock, Cross, PaperPlane, Play, Stop } from '@strapi/icons';
import type { NewsletterAudienceCount, NewsletterReport, NewsletterSendResult, NewsletterStatusResult } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import type { useNewsletterAction } from '../hooks/useNewsletterAction';
import { useTranslate } from '../hooks/useTranslate';
import { parseSchedule, pausedReasonText, toLocalInputValue, type NewsletterProblemItem } from '../utils/newsletters';
import { ActionMessage } from './ActionMessage';
import { ConfirmButton } from './ConfirmButton';
import { PanelButton } from './PanelButton';
import { DateTime } from './DateTime';
import { NewsletterProblems } from './NewsletterProblems';
import { valueLabelKey } from './ValueBadge';

interface NewsletterSendControlsProps {
  report: NewsletterReport;
  /** The last count; undefined while none has succeeded (see `problems` and `countError`). */
  audience: NewsletterAudienceCount | undefined;
  /** The audience is being counted (again): nothing may be sent on a count not yet known. */
  counting: boolean;
  /** What keeps the newsletter from going out (the count's 400); shown in the panel under `problemsId`. */
  problems: NewsletterProblemItem[] | undefined;
  problemsId: string;
  /** Why the count failed otherwise, in the editor's language. */
  countError: string | undefined;
  /** Counts the audience again (the dialog shows the number at the moment of sending). */
  refreshAudience: () => void;
  actions: ReturnType<typeof useNewsletterAction>;
  canSend: boolean;
}

/**
 * What the editor can do with the newsletter in its current state: approve, send now or schedule
 * (after a dialog naming the recipients), pause, resume or cancel a send. The answers show in
 * SendOutcome, which stays when these controls go (a send that finished at once).
 */
export function NewsletterSendControls({ report, actions, canSend, ...sendForm }: NewsletterSendControlsProps) {
  const t = useTranslate();
  const { status, approval } = report;
  const { run, running } = actions;

  const cancel = (
    <ConfirmButton
      label={t('newsletter.cancel.label')}
      title={t('newsletter.cancel.title')}
      body={t(status === 'scheduled' ? 'newsletter.cancel.bodyScheduled' : 'newsletter.cancel.body')}
      confirmLabel={t('newsletter.cancel.confirm')}
      variant="danger-light"
      startIcon={<Cross />}
      disabled={!canSend}
      loading={running === 'cancel'}
      onConfirm={() => run('cancel')}
    />
  );

  // Approval matters until the send starts: a draft, a schedule, a schedule held back (paused before it started).
  const approvalNote = approval.required && !report.startedAt ? <ApprovalNote report={report} actions={actions} canSend={canSend} /> : null;

  if (status === 'draft') {
    return (
      <Flex direction="column" alignItems="stretch" gap={3}>
        {approvalNote}
        <SendForm {...sendForm} actions={actions} canSend={canSend} />
      </Flex>
    );
  }

  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      {status === 'scheduled' || status === 'paused' ? approvalNote : null}
      {status === 'scheduled' ? (
        <Typography variant="pi" textColor="neutral800">
          {t('newsletter.scheduledFor')} <DateTime value={report.scheduledAt} />
        </Typography>
      ) : null}
      {status === 'paused' && report.pausedReason ? (
        <Typography variant="pi" textColor="neutral800">
          {pausedReasonText(t, report.pausedReason)}
        </Typography>
      ) : null}
      {status === 'sending' ? (
        <PanelButton variant="secondary" startIcon={<Stop />} disabled={!canSend} loading={running === 'pause'} onClick={() => run('pause')}>
          {t('newsletter.pause.label')}
        </PanelButton>
      ) : null}
      {status === 'paused' ? (
        <PanelButton variant="default" startIcon={<Play />} disabled={!canSend} loading={running === 'resume'} onClick={() => run('resume')}>
          {t('newsletter.resume.label')}
        </PanelButton>
      ) : null}
      {status === 'scheduled' || status === 'sending' || status === 'paused' ? cancel : null}
    </Flex>
  );
}

/**
 * Second pair of eyes: who approved and when, or that an approval is needed — also again when the
 * mail changed since (the newsletter, an article or event it shows, its audience).
 */
function ApprovalNote({ report, actions, canSend }: Pick<NewsletterSendControlsProps, 'report' | 'actions' | 'canSend'>) {
  const t = useTranslate();
  const { formatDate } = useIntl();
  const { approval } = report;
  const { run, running } = actions;
  const needsApproval = !approval.approvedAt || approval.outdated;
  const given = { who: approval.approvedBy ?? '–', at: approval.approvedAt ? formatDate(approval.approvedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '' };
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="pi" textColor="neutral800">
        {!approval.approvedAt ? t('newsletter.approval.needed') : approval.outdated ? t('newsletter.approval.outdated', given) : t('newsletter.approval.given', given)}
      </Typography>
      {needsApproval ? (
        <PanelButton variant="secondary" startIcon={<Check />} disabled={!canSend} loading={running === 'approve'} onClick={() => run('approve', { version: approval.version })}>
          {t('newsletter.approve.label')}
        </PanelButton>
      ) : null}
    </Flex>
  );
}

type SendMode = 'now' | 'later';

/** Send now or at a time: the choice, the time field and the confirming dialog with the recipient count. */
function SendForm({ audience, counting, problems, problemsId, countError, refreshAudience, actions, canSend }: Omit<NewsletterSendControlsProps, 'report'>) {
  const t = useTranslate();
  const blockedId = React.useId();
  const { formatNumber, formatDate } = useIntl();
  const timeRef = React.useRef<HTMLInputElement>(null);
  const [mode, setMode] = React.useState<SendMode>('now');
  const [time, setTime] = React.useState('');
  const [timeError, setTimeError] = React.useState<string>();
  const schedule = mode === 'later' ? parseSchedule(time) : undefined;

  const canOpen = () => {
    if (schedule?.problem) {
      setTimeError(t(`newsletter.schedule.error.${schedule.problem}`));
      timeRef.current?.focus();
      return false;
    }
    setTimeError(undefined);
    refreshAudience();
    return true;
  };

  const counts = audience && !counting
    ? t('newsletter.audience.sentence', {
        total: audience.total,
        formatted: formatNumber(audience.total),
        de: formatNumber(audience.byLocale.de),
        en: formatNumber(audience.byLocale.en),
      })
    : t('newsletter.audience.loading');
  // Nobody to send to now: sending would start and end at once. A schedule may still find subscribers by then.
  const nobody = mode === 'now' && !counting && audience?.total === 0;
  // Told before the dialog: the problems (listed in the panel) or that nobody would get it.
  const blocked = Boolean(problems) || nobody;
  const when = schedule?.scheduledAt ? formatDate(schedule.scheduledAt, { dateStyle: 'full', timeStyle: 'short' }) : '';

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography id="civic-dialog-send-mode" variant="pi" fontWeight="bold" textColor="neutral800">
        {t('newsletter.send.when')}
      </Typography>
      <Radio.Group aria-labelledby="civic-dialog-send-mode" value={mode} onValueChange={(value: string) => setMode(value as SendMode)} disabled={!canSend}>
        <Radio.Item value="now">{t('newsletter.send.now')}</Radio.Item>
        <Radio.Item value="later">{t('newsletter.send.later')}</Radio.Item>
      </Radio.Group>
      {mode === 'later' ? (
        <Field.Root name="scheduledAt" error={timeError} hint={t('newsletter.schedule.hint')} required>
          <Field.Label>{t('newsletter.schedule.label')}</Field.Label>
          <TextInput
            ref={timeRef}
            type="datetime-local"
            min={toLocalInputValue(new Date())}
            value={time}
            disabled={!canSend}
            onChange={(change: React.ChangeEvent<HTMLInputElement>) => setTime(change.target.value)}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
      ) : null}
      <ConfirmButton
        label={t(mode === 'now' ? 'newsletter.send.label' : 'newsletter.schedule.submit')}
        canOpen={canOpen}
        title={t(mode === 'now' ? 'newsletter.send.title' : 'newsletter.schedule.title')}
        body={
          <>
            <Typography textAlign="center">{mode === 'now' ? t('newsletter.send.body') : t('newsletter.schedule.body', { when })}</Typography>
            {/* What the new count found, should it differ from the one before the dialog opened. */}
            {!counting && problems ? (
              <NewsletterProblems problems={problems} />
            ) : !counting && countError ? (
              <Typography role="alert" textAlign="center" textColor="danger700">
                {countError}
              </Typography>
            ) : (
              <Typography textAlign="center" fontWeight="semiBold" role="status">
                {counts}
              </Typography>
            )}
          </>
        }
        confirmLabel={
          counting
            ? t('newsletter.audience.loading')
            : !audience
              ? t(mode === 'now' ? 'newsletter.send.label' : 'newsletter.schedule.submit')
              : mode === 'now'
                ? t('newsletter.send.confirm', { total: audience.total, formatted: formatNumber(audience.total) })
                : t('newsletter.schedule.confirm')
        }
        startIcon={mode === 'now' ? <PaperPlane /> : <Clock />}
        disabled={!canSend || blocked}
        describedBy={problems ? `${problemsId} ${blockedId}` : nobody ? blockedId : undefined}
        // The dialog counts again: it confirms only a count it knows, of a newsletter that can go out.
        confirmDisabled={counting || !audience || blocked}
        confirmLoading={counting}
        loading={actions.running === 'send'}
        onConfirm={() => actions.run('send', schedule?.scheduledAt ? { scheduledAt: schedule.scheduledAt } : {})}
      />
      {blocked ? (
        <Typography id={blockedId} variant="pi" textColor="neutral800">
          {t(problems ? 'newsletter.send.blocked' : 'newsletter.send.nobody')}
        </Typography>
      ) : null}
    </Flex>
  );
}

/** The answer to send, approve, pause, resume or cancel: what happened, or the server's reason. */
export function SendOutcome({ actions }: { actions: ReturnType<typeof useNewsletterAction> }) {
  const t = useTranslate();
  const { formatNumber } = useIntl();
  const { outcome } = actions;
  const success = (done: typeof outcome) => {
    if (!done) return '';
    if (done.action === 'send') {
      const result = done.data as NewsletterSendResult | undefined;
      return result?.status === 'scheduled'
        ? t('newsletter.send.scheduled')
        : t('newsletter.send.started', { count: result?.recipients ?? 0, formatted: formatNumber(result?.recipients ?? 0) });
    }
    const next = (done.data as NewsletterStatusResult | undefined)?.status;
    return t(`newsletter.${done.action}.done`, { status: next ? t(valueLabelKey('newsletterStatus', next)) : '' });
  };
  return <ActionMessage outcome={outcome} actions={['send', 'approve', 'pause', 'resume', 'cancel']} success={success} />;
}
