import type { Strapi } from '../../../kernel/types';
import { preferencesPageUrl } from '../../../kernel/get-config';
import type { MailExtension, MailExtras } from '../../../shared/mail/outbox';
import { oneLine, registerMailTemplates } from '../../../shared/mail/renderer';
import { SHARED_TABLE } from '../../../shared/tables';
import { AUTOMATIONS_TABLE } from '../tables';
import { escapeHtml } from '../../../kernel/pages/html';
import { freezeContent, renderBlocks, type FrozenBlock } from '../../newsletters';
import { eventFields } from '../event-fields';
import { entryFields } from '../entry-fields';
import { automationMail } from './template';

export function registerAutomationMails(): void {
  registerMailTemplates({ automation: automationMail }, (view) => {
    const fields = view as unknown as Record<string, unknown>;
    const paragraphs = Array.isArray(fields.automationParagraphs) ? (fields.automationParagraphs as Part[][]) : [];
    return {
      automationSubject: oneLine(fields.automationSubject),
      automationPreheader: oneLine(fields.automationPreheader),
      // Only web links become links; everything else is text (escaped by the template).
      automationParagraphs: paragraphs.map((parts) =>
        (Array.isArray(parts) ? parts : []).map((part) => (part?.br ? { br: true } : { text: String(part?.text ?? ''), url: typeof part?.url === 'string' && /^https?:\/\//i.test(part.url) ? part.url : '' })),
      ),
      automationText: String(fields.automationText ?? ''),
      // Made by the newsletter renderer (editor text escaped there); '' = the plain-text paragraphs.
      automationBlocksHtml: typeof fields.automationBlocksHtml === 'string' ? fields.automationBlocksHtml : '',
    };
  });
}

/** The placeholders whose values are links the plugin makes (never text someone else wrote). */
const LINK_PLACEHOLDERS = new Set(['preferences.link', 'event.link', 'entry.url']);

const FIXED_EXITS = new Set(['unsubscribed', 'consent-withdrawn', 'erased', 'switched-off', 'reconfirmed']);

type Part = { text?: string; url?: string; br?: boolean };
const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with blank lines between paragraphs → paragraphs of parts; web addresses become links. */
export function paragraphsOf(text: string): Part[][] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) =>
      paragraph.split('\n').flatMap((line, index) => {
        const parts: Part[] = index ? [{ br: true }] : [];
        for (const piece of line.split(URL_IN_TEXT)) {
          if (!piece) continue;
          parts.push(/^https?:\/\//.test(piece) ? { text: piece, url: piece } : { text: piece });
        }
        return parts;
      }),
    );
}

/**
 * Makes an automation mail when it is sent: the step's text as the automation has it now, its
 * placeholders filled. Refused when the person's run has ended since the mail was queued
 * (unsubscribed, consent withdrawn, switched off: the exit rules hold until the very send), or the
 * step is gone.
 */
export function automationMailExtension(strapi: Strapi): MailExtension {
  return async ({ profileId, data, locale }): Promise<MailExtras> => {
    const knex = strapi.db.connection;
    const runId = Number(data.runId);
    const run = (await knex(AUTOMATIONS_TABLE.run).select('run_status', 'exit_reason').where({ id: runId, profile_id: profileId }).first()) as any;
    if (!run) return { refusal: 'Refused: the automation run no longer exists (erased).' };
    // The fixed exit rules hold until the very send; a later condition step that did not hold does not take back a mail before it.
    if (run.run_status === 'exited' && FIXED_EXITS.has(String(run.exit_reason))) return { refusal: `Refused: the person left the automation (${run.exit_reason}).` };
    const automation = (await knex(AUTOMATIONS_TABLE.automation).select('enabled', 'steps').where('id', Number(data.automationId)).first()) as any;
    if (!automation || !(automation.enabled === true || automation.enabled === 1)) return { refusal: 'Refused: the automation was switched off.' };
    const steps = (typeof automation.steps === 'string' ? JSON.parse(automation.steps) : automation.steps) as any[];
    const step = Array.isArray(steps) ? steps.find((candidate) => candidate?.id === data.stepId && candidate?.type === 'send-mail') : null;
    if (!step) return { refusal: 'Refused: the step was removed from the automation.' };
    const profile = (await knex(SHARED_TABLE.profile).select('status', 'first_name').where('id', profileId).first()) as any;
    if (!profile || profile.status !== 'active') return { refusal: `Refused: profile ${profileId} is no longer subscribed.` };
    const subject = String(data.subject ?? '');
    const fields = subject.startsWith('event:') ? await eventFields(strapi, subject.slice(6)) : subject.startsWith('entry:') ? await entryFields(strapi, subject) : {};
    const values: Record<string, string> = {
      firstName: profile.first_name ?? '',
      lastName: '',
      'preferences.link': preferencesPageUrl(strapi, locale),
      ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, value[locale]])),
    };
    const fill = (text: string) => text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_match, name: string) => values[name] ?? '');
    if (Array.isArray(step.blocks)) {
      // The newsletter's blocks, rendered by its renderer once per step, language and subject (a
      // minute at most: upcoming events are looked up again); per recipient only the placeholders.
      const blocks = await blocksOf(strapi, `${data.automationId}:${step.id}:${locale}:${subject}:${JSON.stringify(step.blocks)}`, step.blocks, locale);
      const html = blocks.html.replace(/&#123;&#123;\s*([^&<]*?)\s*&#125;&#125;/g, (_match, name: string) => escapeHtml(values[name] ?? ''));
      const text = fill(blocks.text);
      return {
        view: {
          automationSubject: fill(String(step.subject?.[locale] ?? '')),
          automationPreheader: text.split('\n')[0]?.slice(0, 120) ?? '',
          automationParagraphs: [],
          automationText: text,
          automationBlocksHtml: html,
        } as any,
      };
    }
    const body = String(step.body?.[locale] ?? step.body?.de ?? '');
    const text = fill(body);
    // Only the editor's own web addresses and the link placeholders become links: a value someone
    // else wrote (an entry's or event's title, a first name) stays text even when it holds an address.
    const links = paragraphsOf(body.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (match, name: string) => (LINK_PLACEHOLDERS.has(name) ? (values[name] ?? '') : match)));
    const paragraphs = links.map((parts) => parts.map((part) => (part.br ? part : { text: fill(part.text ?? ''), ...(part.url ? { url: fill(part.url) } : {}) })));
    return {
      view: {
        automationSubject: fill(String(step.subject?.[locale] ?? '')),
        automationPreheader: text.split('\n')[0]?.slice(0, 120) ?? '',
        automationParagraphs: paragraphs,
        automationText: text,
      } as any,
    };
  };
}

const BLOCKS_TTL_MS = 60_000;
const rendered = new Map<string, { at: number; value: Promise<{ html: string; text: string }> }>();

/** A step's blocks as the newsletter renderer makes them (upcoming events frozen now), cached for a minute. */
function blocksOf(strapi: Strapi, key: string, blocks: unknown[], locale: 'de' | 'en'): Promise<{ html: string; text: string }> {
  const now = Date.now();
  const cached = rendered.get(key);
  if (cached && now - cached.at < BLOCKS_TTL_MS) return cached.value;
  if (rendered.size > 200) rendered.clear();
  const value = (async () => {
    const frozen = await freezeContent(strapi, { subject: { de: '' }, preheader: {}, blocks, audience: { topics: [], districts: [], postalCodes: [] } } as any);
    return renderBlocks(frozen.blocks as FrozenBlock[], locale);
  })();
  value.catch(() => rendered.delete(key));
  rendered.set(key, { at: now, value });
  return value;
}
