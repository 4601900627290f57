import { createHash } from 'node:crypto';
import { NEWSLETTERS_TABLE, NEWSLETTERS_UID } from './tables';
import { errors } from '@strapi/utils';
import {
  MANAGE_LINK_FRAGMENT,
  newsletterLocales,
  NEWSLETTER_DASHBOARD_LAST,
  NEWSLETTER_LIST_PAGE_SIZE,
  type NewsletterAudienceCount,
  type NewsletterDashboard,
  type NewsletterList,
  type NewsletterReport,
  type NewsletterSendResult,
  type NewsletterStatus,
} from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { getConfig, preferencesPageUrl } from '../../kernel/get-config';
import { ConflictError, LinkError } from '../../kernel/http/errors';
import { getService } from '../../kernel/services';
import type { RequestMeta } from '../../shared/consent/ledger';
import { createMailTransport, toSendMailOptions } from '../../shared/mail/transport';
import { newsletterConfig } from './config';
import { createNewsletterStore, type AudienceFilter } from './store';
import { freezeContent, resolveNewsletter, type ResolvedNewsletter } from './resolve';
import { collectLinks, compileNewsletter, type FrozenNewsletter, type Lang } from './render';
import { newsletterLinks } from './personal-links';
import type { SendSnapshot } from './sender';

export interface AdminUser {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}

interface SendRow {
  id: number;
  newsletter_document_id: string;
  newsletter_slug: string;
  status: NewsletterStatus;
  scheduled_at: unknown;
  started_at: unknown;
  finished_at: unknown;
  paused_reason: string | null;
  recipients: number;
  content: string | SendSnapshot | null;
  content_hash: string | null;
  web_archive: boolean | number;
  approved_by_id: number | null;
  approved_by_name: string | null;
  approved_at: unknown;
  approved_hash: string | null;
}

const iso = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};
const snapshotOf = (row: SendRow): SendSnapshot | null => (row.content ? (typeof row.content === 'string' ? JSON.parse(row.content) : row.content) : null);
const adminName = (admin: AdminUser) => [admin.firstname, admin.lastname].filter(Boolean).join(' ') || admin.email || `#${admin.id}`;

const SAMPLE_NAMES: Record<Lang, string> = { de: 'Erika', en: 'Alex' };

/**
 * Newsletters for editors (audience, preview, test send, send/schedule, approval, pause/resume/cancel,
 * report) and for citizens (web archive, click redirect, unsubscribe and manage links of the mails).
 */
const newsletters = ({ strapi }: { strapi: Strapi }) => {
  const knex = () => strapi.db.connection;
  const store = () => createNewsletterStore({ knex: knex(), client: strapi.db.dialect.client as string, instanceId: sender().instanceId });
  const sender = () => getService(strapi, 'newsletterSender');
  const sends = () => knex()(NEWSLETTERS_TABLE.send);
  const findSend = async (documentId: string) => ((await sends().where('newsletter_document_id', documentId).first()) as SendRow | undefined) ?? null;
  const audienceOf = (resolved: ResolvedNewsletter): AudienceFilter => ({
    topicIds: resolved.topicIds,
    districts: resolved.content.audience.districts,
    postalCodes: resolved.content.audience.postalCodes,
  });

  /** The one row per newsletter that holds its send's state (created on first use; the unique index makes it one). */
  async function ensureSend(resolved: ResolvedNewsletter): Promise<void> {
    const now = new Date();
    await knex()
      .raw(
        `INSERT INTO ${NEWSLETTERS_TABLE.send} (newsletter_document_id, newsletter_slug, status, consecutive_failures, recipients, web_archive, created_at, updated_at)
         VALUES (?, ?, 'draft', 0, 0, ?, ?, ?) ON CONFLICT (newsletter_document_id) DO NOTHING`,
        [resolved.documentId, resolved.slug, resolved.webArchive, now, now],
      );
  }

  /**
   * The mail as readers would get it now — the referenced entries as published and the events the
   * events block lists now — and the hash an approval covers: that mail and its audience. So an
   * approval holds for exactly what was previewed; an article or event that changes after it (or
   * an event that drops out of the list) needs a new approval, as an edit of the newsletter does.
   */
  async function mailNow(resolved: ResolvedNewsletter, editors?: Set<number>): Promise<{ frozen: FrozenNewsletter; hash: string }> {
    const frozen = await freezeContent(strapi, resolved.content, new Date(), editors);
    const hash = createHash('sha256').update(JSON.stringify({ mail: frozen, audience: resolved.content.audience })).digest('hex');
    return { frozen, hash };
  }

  function checkApproval(row: SendRow | null, hash: string) {
    if (!newsletterConfig(strapi).requireApproval) return;
    if (!row?.approved_hash) throw new ConflictError('This newsletter needs the approval of a second editor before it can be sent.', { reason: 'approval-required' });
    if (row.approved_hash !== hash) {
      throw new ConflictError(
        'This newsletter, or an article, event or survey it shows, was changed after it was approved: it needs a new approval.',
        { reason: 'approval-outdated' },
      );
    }
  }

  /** The version of the mail as it would go out now; null when it cannot go out as it is. */
  async function versionNow(documentId: string): Promise<string | null> {
    try {
      return (await mailNow(await resolveNewsletter(strapi, documentId))).hash;
    } catch (error) {
      if (error instanceof errors.ApplicationError) return null;
      throw error;
    }
  }

  /**
   * Starts a send now: checks, freezes the content and the recipients (one transaction, one
   * INSERT … SELECT) and moves the send from one of `from` to sending. A second click or a second
   * admin finds the status changed and gets 409; nothing is half written.
   */
  async function startNow(documentId: string, from: NewsletterStatus[], admin?: AdminUser): Promise<NewsletterSendResult> {
    const resolved = await resolveNewsletter(strapi, documentId);
    await ensureSend(resolved);
    const { frozen, hash } = await mailNow(resolved);
    checkApproval(await findSend(documentId), hash);
    const snapshot: SendSnapshot = { newsletter: frozen, audience: audienceOf(resolved), links: collectLinks(frozen), locales: newsletterLocales(resolved.content) };
    const now = new Date();
    const recipients = await knex().transaction(async (trx) => {
      const started = await trx(NEWSLETTERS_TABLE.send)
        .where('newsletter_document_id', documentId)
        .whereIn('status', from)
        .update({
          status: 'sending',
          started_at: now,
          paused_reason: null,
          resume_at: null,
          content: JSON.stringify(snapshot),
          content_hash: hash,
          newsletter_slug: resolved.slug,
          web_archive: resolved.webArchive,
          sent_by_id: admin?.id ?? null,
          updated_at: now,
        });
      if (Number(started) !== 1) throw new ConflictError('This newsletter has already been sent, is being sent or is scheduled.', { reason: 'already-started' });
      const { id } = await trx(NEWSLETTERS_TABLE.send).select('id').where('newsletter_document_id', documentId).first();
      const count = await store().freeze(trx, Number(id), snapshot.audience, snapshot.locales.includes('en'), now);
      await trx(NEWSLETTERS_TABLE.send).where('id', id).update({ recipients: count });
      return count;
    });
    sender().kick();
    return { status: 'sending', recipients };
  }

  async function sampleMail(documentId: string, lang: Lang, subjectPrefix?: string) {
    const resolved = await resolveNewsletter(strapi, documentId);
    const frozen = await freezeContent(strapi, resolved.content);
    const langs = newsletterLocales(resolved.content);
    const mailLang: Lang = langs.includes(lang) ? lang : 'de';
    const links = newsletterLinks(strapi);
    const compiled = await compileNewsletter(frozen, mailLang, {
      town: getConfig(strapi).town,
      archiveUrl: resolved.webArchive ? links.archiveUrl(resolved.slug, mailLang) : null,
      subjectPrefix: subjectPrefix === undefined ? undefined : mailLang === 'de' ? '[TEST] ' : '[Test] ',
    });
    // Sample links lead to the town's preference page, never to a real person's settings.
    const page = preferencesPageUrl(strapi, mailLang);
    return { compiled, rendered: compiled.render({ firstName: SAMPLE_NAMES[mailLang], unsubscribeUrl: page, manageUrl: page }), langs };
  }

  const statusOf = async (documentId: string) => {
    const row = await findSend(documentId);
    if (row) return row;
    // A newsletter that does not exist is a 404, as its report says; one never sent, a 409.
    const exists = await strapi.documents(NEWSLETTERS_UID.newsletter as any).findOne({ documentId, fields: ['id'] } as any);
    if (!exists) throw new errors.NotFoundError('This newsletter does not exist.');
    throw new ConflictError('This newsletter has not been sent or scheduled.', { reason: 'not-started' });
  };

  /**
   * Sends in the public archive: started (a schedule paused before it started has no content yet),
   * opted in when the send started and still opted in now, so an editor takes a newsletter out of
   * the archive by unticking "web archive" or deleting the newsletter.
   */
  const archived = () =>
    sends()
      .where('web_archive', true)
      .whereNotNull('started_at')
      .whereIn('status', ['sending', 'paused', 'sent'])
      .whereIn('newsletter_document_id', knex()(strapi.getModel(NEWSLETTERS_UID.newsletter as any).collectionName!).select('document_id').where('web_archive', true));

  // Archive page HTML by send id and language, least recently used first (Map keeps insertion order).
  const ARCHIVE_CACHE_SIZE = 50;
  const archiveHtml = new Map<string, string>();
  let archiveRenders = 0;

  const linkPageUnsubscribe = async (token: unknown) => {
    const claim = newsletterLinks(strapi).signer.verify(token, 'unsubscribe');
    if (!claim) throw new LinkError('invalid');
    const profile = (await knex()('civic_dialog_profiles').select('id', 'locale', 'status').where('id', claim.subject).first()) as
      | { id: number; locale: string; status: string }
      | undefined;
    if (!profile || profile.status === 'erased') throw new LinkError('invalid');
    // No expiry check: unsubscribing must stay as easy as the mail is old (UWG §7(3), GDPR Art. 21),
    // and it is harmless and idempotent, so the signature suffices. Links mailed before carry an
    // expiry (180 days) that is ignored here.
    return { claim, profile, locale: (profile.locale === 'en' ? 'en' : 'de') as Lang };
  };

  return {
    async audience(documentId: string): Promise<NewsletterAudienceCount> {
      const resolved = await resolveNewsletter(strapi, documentId);
      const { total, en } = await store().countAudience(audienceOf(resolved));
      const english = newsletterLocales(resolved.content).includes('en') ? en : 0;
      return { total, byLocale: { de: total - english, en: english } };
    },

    /** The mail a sample recipient would get, as HTML or plain text. */
    async preview(documentId: string, lang: Lang, format: 'html' | 'text') {
      const { rendered } = await sampleMail(documentId, lang);
      return format === 'html' ? rendered.html : rendered.text;
    },

    /** Test mails in every language of the newsletter, straight to SMTP: no rows, counted nowhere. */
    async testSend(documentId: string, emails: string[]): Promise<number> {
      const { mail } = getConfig(strapi);
      const first = await sampleMail(documentId, 'de', 'test');
      const mails = [first];
      if (first.langs.includes('en')) mails.push(await sampleMail(documentId, 'en', 'test'));
      const transport = createMailTransport({ ...mail.smtp, maxConnections: 1 });
      // One test per mailbox however often the editor typed it: the town's sender is no mail cannon.
      const addresses = [...new Map(emails.map((email) => [email.trim().toLowerCase(), email.trim()])).values()];
      try {
        for (const email of addresses) {
          for (const { compiled, rendered } of mails) {
            await transport.sendMail(toSendMailOptions({ from: mail.from, replyTo: mail.replyTo, to: email, subject: compiled.subject, html: rendered.html, text: rendered.text }));
          }
        }
      } catch (error) {
        throw new errors.ApplicationError(`The test mail could not be handed to the SMTP server: ${(error as Error).message}`, { reason: 'test-send-failed' });
      } finally {
        transport.close();
      }
      return addresses.length * mails.length;
    },

    /** Send now, or schedule: checked now (400), frozen when it starts. */
    async send(documentId: string, scheduledAt: string | undefined, admin: AdminUser): Promise<NewsletterSendResult> {
      if (!scheduledAt) return startNow(documentId, ['draft'], admin);
      const resolved = await resolveNewsletter(strapi, documentId);
      await ensureSend(resolved);
      checkApproval(await findSend(documentId), (await mailNow(resolved)).hash);
      const count = await sends()
        .where({ newsletter_document_id: documentId, status: 'draft' })
        .update({ status: 'scheduled', scheduled_at: new Date(scheduledAt), sent_by_id: admin.id, updated_at: new Date() });
      if (Number(count) !== 1) throw new ConflictError('This newsletter has already been sent, is being sent or is scheduled.', { reason: 'already-started' });
      return { status: 'scheduled', recipients: 0 };
    },

    /**
     * The worker starts a due schedule (one instance wins the status change). One that cannot start
     * as it is (changed since its approval, a referenced entry gone) is paused with the reason for
     * the editor, not tried again on every poll.
     */
    async startScheduled(documentId: string) {
      try {
        return await startNow(documentId, ['scheduled']);
      } catch (error) {
        if (error instanceof errors.ApplicationError) {
          await sends()
            .where({ newsletter_document_id: documentId, status: 'scheduled' })
            .update({ status: 'paused', paused_reason: `The scheduled send did not start: ${error.message}`.slice(0, 2000), updated_at: new Date() });
        }
        throw error;
      }
    },

    /** Second pair of eyes: another editor than the last author approves the version they looked at. */
    async approve(documentId: string, admin: AdminUser, version: string): Promise<{ status: NewsletterStatus }> {
      if (!newsletterConfig(strapi).requireApproval) {
        throw new ConflictError('Approval is not required for newsletters (plugin config newsletters.requireApproval).', { reason: 'approval-off' });
      }
      const resolved = await resolveNewsletter(strapi, documentId);
      if (resolved.updatedById !== null && Number(resolved.updatedById) === Number(admin.id)) {
        // A PolicyError is the 403 whose message Strapi passes on (a plain ForbiddenError becomes "Forbidden").
        throw new errors.PolicyError('You wrote the current version of this newsletter: another editor must approve it.', { reason: 'own-version' });
      }
      // Everything the approval covers must be someone else's: else an editor changes an article or
      // event the newsletter shows (its approval outdates) and approves his own text.
      const editors = new Set(resolved.editorIds);
      const { hash } = await mailNow(resolved, editors);
      if (editors.has(Number(admin.id))) {
        throw new errors.PolicyError('You last changed an article, event or survey this newsletter shows: another editor must approve it.', { reason: 'own-change' });
      }
      if (hash !== version) {
        // Changed between the approver's look and the click (an author's edit, an article, the events list).
        throw new ConflictError('This newsletter changed since you opened it: look at it again before approving.', { reason: 'approval-version-changed' });
      }
      await ensureSend(resolved);
      const count = await sends()
        .where('newsletter_document_id', documentId)
        .whereIn('status', ['draft', 'scheduled', 'paused'])
        .update({ approved_by_id: admin.id, approved_by_name: adminName(admin), approved_at: new Date(), approved_hash: hash, updated_at: new Date() });
      if (Number(count) !== 1) throw new ConflictError('This newsletter has already been sent or is being sent.', { reason: 'already-started' });
      return { status: (await findSend(documentId))!.status };
    },

    async pause(documentId: string, admin: AdminUser) {
      const row = await statusOf(documentId);
      const count = await sends()
        .where('id', row.id)
        .whereIn('status', ['sending', 'scheduled'])
        .update({ status: 'paused', paused_reason: `Paused by ${adminName(admin)}.`, resume_at: null, updated_at: new Date() });
      if (Number(count) !== 1) throw new ConflictError(`A newsletter that is ${row.status} cannot be paused.`, { reason: 'wrong-status' });
      return { status: 'paused' as const };
    },

    async resume(documentId: string, admin: AdminUser): Promise<{ status: NewsletterStatus }> {
      const row = await statusOf(documentId);
      if (row.status !== 'paused') throw new ConflictError(`A newsletter that is ${row.status} cannot be resumed.`, { reason: 'wrong-status' });
      if (!row.started_at) {
        // Paused before it started (a held or overdue schedule): back to its time, or now.
        const due = row.scheduled_at && new Date(iso(row.scheduled_at)!).getTime() > Date.now();
        if (due) {
          await sends().where({ id: row.id, status: 'paused' }).update({ status: 'scheduled', paused_reason: null, updated_at: new Date() });
          return { status: 'scheduled' };
        }
        return { status: (await startNow(documentId, ['paused'], admin)).status };
      }
      const count = await sends().where({ id: row.id, status: 'paused' }).update({ status: 'sending', paused_reason: null, resume_at: null, updated_at: new Date() });
      if (Number(count) !== 1) throw new ConflictError('This newsletter is no longer paused.', { reason: 'wrong-status' });
      sender().forget(row.id);
      sender().kick();
      return { status: 'sending' };
    },

    async cancel(documentId: string) {
      const row = await statusOf(documentId);
      await knex().transaction(async (trx) => {
        const count = await trx(NEWSLETTERS_TABLE.send)
          .where('id', row.id)
          .whereIn('status', ['scheduled', 'sending', 'paused'])
          .update({ status: 'cancelled', finished_at: new Date(), resume_at: null, updated_at: new Date() });
        if (Number(count) !== 1) throw new ConflictError(`A newsletter that is ${row.status} cannot be cancelled.`, { reason: 'wrong-status' });
        await store().cancelPending(trx, row.id);
      });
      return { status: 'cancelled' as const };
    },

    async report(documentId: string): Promise<NewsletterReport> {
      const exists = await strapi.documents(NEWSLETTERS_UID.newsletter as any).findOne({ documentId, fields: ['id', 'subject'] } as any);
      if (!exists) throw new errors.NotFoundError('This newsletter does not exist.');
      const subject = String((exists as { subject?: string }).subject ?? '');
      const row = await findSend(documentId);
      const required = newsletterConfig(strapi).requireApproval;
      const version = required && !row?.started_at ? await versionNow(documentId) : null;
      const approval = {
        required,
        approvedBy: row?.approved_by_name ?? null,
        approvedAt: iso(row?.approved_at),
        // A mail that cannot go out as it is (version null) is no longer the approved one either.
        outdated: required && !!row?.approved_hash && !row.started_at ? version !== row.approved_hash : false,
        version,
      };
      if (!row) {
        return { subject, status: 'draft', scheduledAt: null, startedAt: null, finishedAt: null, pausedReason: null, approval, recipients: 0, pending: 0, sent: 0, failed: 0, uncertain: 0, failures: [], unsubscribes: 0, clicks: [] };
      }
      const db = store();
      const counts = await db.countsByStatus(row.id);
      const n = (...statuses: string[]) => statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      return {
        subject,
        status: row.status,
        scheduledAt: iso(row.scheduled_at),
        startedAt: iso(row.started_at),
        finishedAt: iso(row.finished_at),
        pausedReason: row.paused_reason,
        approval,
        recipients: Number(row.recipients),
        pending: n('queued', 'claimed', 'sending'),
        sent: n('sent'),
        failed: n('failed', 'skipped'),
        uncertain: n('uncertain'),
        failures: await db.failureReasons(row.id),
        unsubscribes: await db.unsubscribes(row.id),
        clicks: await db.clicks(row.id),
      };
    },

    /** Every newsletter (newest created first), with its send's status and figures: two grouped queries for the page. */
    async list(page: number): Promise<NewsletterList> {
      const rows = (await knex()(`${NEWSLETTERS_TABLE.newsletter} as n`)
        .leftJoin(`${NEWSLETTERS_TABLE.send} as s`, 's.newsletter_document_id', 'n.document_id')
        .select('n.document_id', 'n.subject', 's.id as send_id', 's.status', 's.scheduled_at', 's.started_at', 's.finished_at', 's.recipients')
        .orderBy([{ column: 'n.created_at', order: 'desc' }, { column: 'n.id', order: 'desc' }])
        .offset((page - 1) * NEWSLETTER_LIST_PAGE_SIZE)
        .limit(NEWSLETTER_LIST_PAGE_SIZE)) as any[];
      const figures = await store().figuresOf(rows.filter((row) => row.send_id != null).map((row) => Number(row.send_id)));
      const none = { sent: 0, failed: 0, uncertain: 0, unsubscribes: 0, clicks: 0 };
      return {
        results: rows.map((row) => ({
          documentId: String(row.document_id),
          subject: String(row.subject ?? ''),
          status: (row.status ?? 'draft') as NewsletterStatus,
          scheduledAt: iso(row.scheduled_at),
          startedAt: iso(row.started_at),
          finishedAt: iso(row.finished_at),
          recipients: Number(row.recipients ?? 0),
          ...(row.send_id != null ? figures.get(Number(row.send_id))! : none),
        })),
      };
    },

    /** The admin home page widget: subscribers per topic and the last started newsletters. */
    async dashboard(): Promise<NewsletterDashboard> {
      const db = store();
      const rows = (await sends()
        .join(`${NEWSLETTERS_TABLE.newsletter} as n`, 'n.document_id', `${NEWSLETTERS_TABLE.send}.newsletter_document_id`)
        .select(`${NEWSLETTERS_TABLE.send}.id`, 'newsletter_document_id', 'n.subject', 'started_at', 'recipients')
        .whereNotNull('started_at')
        .orderBy('started_at', 'desc')
        .limit(NEWSLETTER_DASHBOARD_LAST)) as any[];
      const figures = await db.figuresOf(rows.map((row) => Number(row.id)));
      return {
        topics: await db.subscribersPerTopic(),
        newsletters: rows.map((row) => {
          const { sent, failed, unsubscribes, clicks } = figures.get(Number(row.id))!;
          return { documentId: String(row.newsletter_document_id), title: String(row.subject ?? ''), sentAt: iso(row.started_at), recipients: Number(row.recipients), sent, failed, unsubscribes, clicks };
        }),
      };
    },

    // -------------------------------------------------------------------------------------------
    // Public

    async archiveList(lang: Lang, page: number, pageSize: number) {
      const base = archived();
      const [counted] = await base.clone().count({ count: '*' });
      const count = counted?.count ?? 0;
      const rows = (await base.clone().select('newsletter_slug', 'content', 'started_at').orderBy('started_at', 'desc').offset((page - 1) * pageSize).limit(pageSize)) as SendRow[];
      const links = newsletterLinks(strapi);
      return {
        data: rows.map((row) => {
          const snapshot = snapshotOf(row)!;
          return {
            slug: row.newsletter_slug,
            subject: lang === 'en' && snapshot.newsletter.subject.en ? snapshot.newsletter.subject.en : snapshot.newsletter.subject.de,
            sentAt: iso(row.started_at)!,
            url: links.archiveUrl(row.newsletter_slug, lang),
          };
        }),
        meta: { page, pageSize, total: Number(count) },
      };
    },

    /**
     * "View in browser": the sent mail without anything personal. Whether it is archived is asked
     * every time (unticking takes it out at once); the HTML is compiled once per send and language
     * (MJML costs ~60 ms CPU) and kept in a small LRU — a started send's content never changes.
     */
    async archivePage(slug: string, lang: Lang): Promise<string> {
      const row = (await archived().select('id').where('newsletter_slug', slug).first()) as Pick<SendRow, 'id'> | undefined;
      if (!row) throw new errors.NotFoundError('There is no archived newsletter at this address.');
      const key = `${row.id}:${lang}`;
      const hit = archiveHtml.get(key);
      if (hit !== undefined) {
        archiveHtml.delete(key);
        archiveHtml.set(key, hit);
        return hit;
      }
      const full = (await sends().select('content').where('id', row.id).first()) as SendRow;
      const snapshot = snapshotOf(full)!;
      const compiled = await compileNewsletter(snapshot.newsletter, snapshot.locales.includes(lang) ? lang : 'de', { town: getConfig(strapi).town });
      const html = compiled.render({}).html;
      archiveRenders += 1;
      archiveHtml.set(key, html);
      if (archiveHtml.size > ARCHIVE_CACHE_SIZE) archiveHtml.delete(archiveHtml.keys().next().value!);
      return html;
    },

    /** How often archivePage compiled a mail (tests prove the cache with it). */
    archiveRenderCount: () => archiveRenders,

    /**
     * The link behind a click redirect. A GET counts the click of this mail's link once (its mark:
     * a scanner's prefetch and the reader's click together are one); a HEAD (link checkers) counts
     * nothing. Nobody's identity is involved: the mark is stored with no recipient.
     */
    async click(token: string, count: boolean): Promise<string> {
      const claim = newsletterLinks(strapi).signer.verify(token, 'click');
      if (!claim) throw new LinkError('invalid');
      const row = (await sends().select('id', 'content').where('id', claim.sendId).first()) as SendRow | undefined;
      const url = row ? snapshotOf(row)?.links[claim.subject] : undefined;
      if (!url) throw new LinkError('invalid');
      // A link without a mark cannot be counted once, so it is not counted.
      if (count && claim.extra) await store().countClick(claim.sendId, url, claim.extra);
      return url;
    },

    async previewUnsubscribe(token: unknown) {
      const { locale } = await linkPageUnsubscribe(token);
      return { locale };
    },

    /** Unsubscribes from every topic (like the welcome mail's link) and counts it for this newsletter. */
    async unsubscribe(token: unknown, meta: RequestMeta) {
      const { claim, locale } = await linkPageUnsubscribe(token);
      await getService(strapi, 'mailLinks').unsubscribeProfile(claim.subject, meta);
      await store().markUnsubscribed(claim.sendId, claim.subject);
      return { locale };
    },

    /**
     * The manage link of a mail: verified by signature, then the citizen lands on the preference
     * page with a regular manage-link token. That token is derived from the signed link (the same
     * link always gives the same token) and stored once, with the link's own expiry: a mail
     * scanner's prefetch, a second click or a forwarded mail reuse it instead of minting more.
     */
    async manage(token: unknown): Promise<string> {
      const links = newsletterLinks(strapi);
      const claim = links.signer.verify(token, 'manage');
      if (!claim) throw new LinkError('invalid');
      if (claim.expired) throw new LinkError('expired');
      const profile = await knex()('civic_dialog_profiles').select('id', 'status', 'locale').where('id', claim.subject).first();
      if (!profile || profile.status === 'erased') throw new LinkError('invalid');
      const raw = links.signer.derivedToken(`manage.${claim.sendId}.${claim.subject}.${claim.expires}`);
      await getService(strapi, 'tokens').issueOnce({ raw, purpose: 'manage-link', profileId: claim.subject, expiresAt: new Date(claim.expires * 1000) });
      // The page of the citizen's language now (they may have changed it since the mail).
      const url = new URL(preferencesPageUrl(strapi, profile.locale));
      url.hash = `${MANAGE_LINK_FRAGMENT}=${raw}`;
      return url.toString();
    },

    /** GDPR: which newsletters went to a citizen (export); erasure deletes the rows. */
    personalDataSection() {
      return {
        key: 'newsletters',
        // In the caller's transaction when there is one (the admin export audits in one): a second
        // connection would wait for ever on SQLite's single one.
        export: (profileId: number) =>
          strapi.db.transaction(async ({ trx }) => {
            const rows = (await trx(`${NEWSLETTERS_TABLE.delivery} as d`)
              .join(`${NEWSLETTERS_TABLE.send} as s`, 's.id', 'd.send_id')
              // The subject as the person got it, while the newsletter exists (else the slug says which).
              .leftJoin(`${NEWSLETTERS_TABLE.newsletter} as n`, 'n.document_id', 's.newsletter_document_id')
              .select('s.newsletter_slug as newsletter', 'n.subject as subjectDe', 'n.subject_en as subjectEn', 'd.status', 'd.locale', 'd.sent_at as sentAt', 'd.unsubscribed_at as unsubscribedAt')
              .where('d.profile_id', profileId)
              .orderBy('d.id')) as Array<Record<string, unknown>>;
            return rows.map(({ subjectDe, subjectEn, ...row }) => ({
              newsletter: row.newsletter,
              subject: (row.locale === 'en' && subjectEn) || subjectDe || null,
              status: row.status,
              locale: row.locale,
              sentAt: iso(row.sentAt),
              unsubscribedAt: iso(row.unsubscribedAt),
            }));
          }),
        eraseMany: async (profileIds: number[]) => {
          // Inside the erasure transaction (Query Engine joins it). Counts stay right: unsent rows are
          // cancelled, every row loses the person.
          const deliveries = strapi.db.query(NEWSLETTERS_UID.delivery as any);
          const profileId = { $in: profileIds };
          await deliveries.updateMany({ where: { profileId, status: { $in: ['queued', 'claimed'] } }, data: { status: 'cancelled' } });
          await deliveries.updateMany({ where: { profileId }, data: { profileId: null } });
        },
      };
    },
  };
};

export default newsletters;
export type NewslettersService = ReturnType<typeof newsletters>;
