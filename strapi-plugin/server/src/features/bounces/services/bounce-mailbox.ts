import { ImapFlow } from 'imapflow';
import type { Strapi } from '../../../kernel/types';
import { getConfig } from '../../../kernel/get-config';
import { getService } from '../../../kernel/services';
import { periodicJob } from '../../../kernel/periodic-job';
import { oneInstance } from '../../../kernel/one-instance';
import { InvalidReportError, parseRawReport } from '../parse';

/** Messages read per run: a run stays short, the next run takes the rest. */
const MESSAGES_PER_RUN = 200;

export interface MailboxRun {
  read: number;
  recorded: number;
  duplicate: number;
  forged: number;
  unmatched: number;
  /** Messages left for the next run (the database refused the record). */
  failed: number;
  /** Another instance reads the mailbox (this one did not connect). */
  otherInstance: boolean;
}

/**
 * Reads the bounce mailbox over IMAP (config bounces.imap): every report is parsed and recorded;
 * a processed message is moved to bounces.imap.processedMailbox (or flagged Seen when that is empty).
 * A message whose record failed stays for the next run. One instance reads it (kernel/one-instance:
 * the first to run holds the job's lock while it lives; when it dies another takes over at its next
 * run); the report key (unique index) still makes each report count once.
 */
const bounceMailbox = ({ strapi }: { strapi: Strapi }) => {
  const job = periodicJob(strapi, 'bounce mailbox', () => readOnce());
  const owner = oneInstance(strapi, 'bounce mailbox');

  async function readOnce(): Promise<MailboxRun> {
    const run: MailboxRun = { read: 0, recorded: 0, duplicate: 0, forged: 0, unmatched: 0, failed: 0, otherInstance: false };
    const { imap, domain, localPart } = getConfig(strapi).bounces;
    if (!imap.host) return run;
    if (!(await owner.owns())) return { ...run, otherInstance: true };
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: imap.pass },
      logger: false,
      // A town's IMAP server on localhost without TLS must not be upgraded to a TLS it has no certificate for.
      doSTARTTLS: imap.secure ? undefined : false,
    });
    await client.connect();
    try {
      if (imap.processedMailbox) await client.mailboxCreate(imap.processedMailbox).catch(() => undefined);
      const lock = await client.getMailboxLock(imap.mailbox);
      try {
        const uids = ((await client.search(imap.processedMailbox ? { all: true } : { seen: false }, { uid: true })) || []).slice(0, MESSAGES_PER_RUN);
        if (!uids.length) return run;
        // The fetch streams; the records are written after it (no other IMAP command meanwhile).
        const messages: Array<{ uid: number; source: Buffer }> = [];
        for await (const message of client.fetch(uids, { uid: true, source: true }, { uid: true })) {
          if (message.source) messages.push({ uid: message.uid, source: message.source });
        }
        const done: number[] = [];
        const service = getService(strapi, 'bounces');
        for (const message of messages) {
          run.read += 1;
          try {
            const reports = await parseRawReport(message.source, { localPart, domain }, 'imap').catch((error) => {
              if (error instanceof InvalidReportError) return [];
              throw error;
            });
            for (const report of reports) {
              const result = await service.record(report, { requireReturnPath: true });
              run[result.outcome] += 1;
            }
            done.push(message.uid);
          } catch (error) {
            run.failed += 1;
            strapi.log.error(`civic-dialog: bounce report (IMAP uid ${message.uid}) not recorded: ${(error as Error)?.stack ?? error}`);
          }
        }
        if (done.length) {
          if (imap.processedMailbox) await client.messageMove(done, imap.processedMailbox, { uid: true });
          else await client.messageFlagsAdd(done, ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    if (run.forged) strapi.log.warn(`civic-dialog: ${run.forged} bounce report(s) with a forged return path ignored`);
    return run;
  }

  return {
    /** One read of the mailbox now (tests, and the periodic job). */
    readNow: (): Promise<MailboxRun> => job.runNow(),
    start(): void {
      const { imap } = getConfig(strapi).bounces;
      if (imap.host) job.start(imap.pollIntervalMs);
    },
    async stop(): Promise<void> {
      await job.stop();
      await owner.release();
    },
  };
};

export default bounceMailbox;
