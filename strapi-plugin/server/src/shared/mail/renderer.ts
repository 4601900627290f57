import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import type { MessageKind } from '@civic-dialog/contracts';
import { footerHtml, footerText, layoutMjml, type LocalisedTemplate, type MailLocale } from './templates';

export type MailKind = MessageKind;
export type { MailLocale };

/** A feature's fields of the view, normalised for its templates (e.g. the event's date in the mail's language). */
export type ViewFields = (view: MailView, locale: MailLocale) => Record<string, unknown>;

/**
 * The templates of each mail kind. Empty here: every feature registers the templates of its own
 * kinds in its `register` step (`registerMailTemplates`), so this module names no feature.
 */
const templates = new Map<MailKind, { template: LocalisedTemplate; fields?: ViewFields }>();

/** Registers the templates of a feature's mail kinds, and optionally how it prepares its own view fields. */
export function registerMailTemplates(kinds: Partial<Record<MailKind, LocalisedTemplate>>, fields?: ViewFields): void {
  for (const [kind, template] of Object.entries(kinds) as Array<[MailKind, LocalisedTemplate]>) {
    templates.set(kind, { template, fields });
    for (const locale of ['de', 'en']) {
      plainCache.delete(`${kind}:${locale}`);
      htmlCache.delete(`${kind}:${locale}`);
    }
  }
}

/** True when some feature has registered templates for this kind. */
export const isMailKind = (kind: string): kind is MailKind => templates.has(kind as MailKind);

function templateOf(kind: MailKind) {
  const entry = templates.get(kind);
  if (!entry) throw new Error(`civic-dialog mail: no templates registered for kind "${kind}"`);
  return entry;
}

/** What a mail is personalised with. Everything here is escaped in the HTML part. */
export interface MailView {
  town: { name: string; websiteUrl: string; privacyUrl: string };
  firstName?: string | null;
  /** Display names of the topics, in the mail's language. */
  topics?: string[];
  /** doi: the confirm link (carries the raw token; exists only in the sent mail). */
  confirmUrl?: string;
  /** doi: how long the confirm link stays valid. */
  expiresInSeconds?: number;
  /** welcome/newsletter: the one-click unsubscribe link. */
  unsubscribeUrl?: string;
  /** manage-link/welcome/newsletter: the preference center with a manage-link token in the fragment. */
  manageUrl?: string;
  /** newsletter/event (bulletin template). */
  subject?: string;
  heading?: string;
  intro?: string;
  items?: { title?: string; text?: string; url?: string }[];
  /** A feature's own fields (survey title, event snapshot, seats, cancel link …), prepared by its ViewFields. */
  [field: string]: unknown;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

// An isolated Handlebars environment: only the built-in helpers, no partials from elsewhere.
const hbs = Handlebars.create();
const htmlOptions: CompileOptions = { knownHelpersOnly: true, strict: false };
// Subject, preheader and text/plain are not HTML: escaping there would show "&amp;" to the reader.
const plainOptions: CompileOptions = { ...htmlOptions, noEscape: true };

interface CompiledPlain {
  subject: HandlebarsTemplateDelegate;
  preheader: HandlebarsTemplateDelegate;
  reason: HandlebarsTemplateDelegate;
  text: HandlebarsTemplateDelegate;
}

const plainCache = new Map<string, CompiledPlain>();
const htmlCache = new Map<string, Promise<HandlebarsTemplateDelegate>>();

export const resolveLocale = (locale?: string | null): MailLocale =>
  locale?.toLowerCase().startsWith('en') ? 'en' : 'de';

function plainTemplates(kind: MailKind, locale: MailLocale): CompiledPlain {
  const key = `${kind}:${locale}`;
  let compiled = plainCache.get(key);
  if (!compiled) {
    const template = templateOf(kind).template[locale];
    compiled = {
      subject: hbs.compile(template.subject, plainOptions),
      preheader: hbs.compile(template.preheader, plainOptions),
      reason: hbs.compile(template.reason, plainOptions),
      text: hbs.compile(`${template.text}\n${footerText[locale]}`, plainOptions),
    };
    plainCache.set(key, compiled);
  }
  return compiled;
}

/** MJML runs once per kind and language; per recipient only the Handlebars template runs. */
function htmlTemplate(kind: MailKind, locale: MailLocale): Promise<HandlebarsTemplateDelegate> {
  const key = `${kind}:${locale}`;
  let compiled = htmlCache.get(key);
  if (!compiled) {
    const source = layoutMjml({ lang: locale, body: templateOf(kind).template[locale].body, footer: footerHtml[locale] });
    compiled = mjml2html(source, { validationLevel: 'strict', fonts: {}, keepComments: false }).then(
      ({ html }) => hbs.compile(html, htmlOptions),
    );
    // A failed compile is a bug in a template; do not cache the rejection forever.
    compiled.catch(() => htmlCache.delete(key));
    htmlCache.set(key, compiled);
  }
  return compiled;
}

/** One line: no line breaks or control characters that could forge lines in text/plain or headers. */
export const oneLine = (value: unknown): string =>
  String(value ?? '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();

const isWebUrl = (value: unknown): value is string => typeof value === 'string' && /^https?:\/\//i.test(value);

function duration(seconds: number, locale: MailLocale): string {
  const [day, hour] = [86_400, 3_600];
  if (seconds >= 2 * day) {
    const n = Math.round(seconds / day);
    return locale === 'de' ? `${n} Tage` : `${n} days`;
  }
  const n = Math.max(1, Math.round(seconds / hour));
  if (locale === 'de') return n === 1 ? '1 Stunde' : `${n} Stunden`;
  return n === 1 ? '1 hour' : `${n} hours`;
}

/** Normalises untrusted view data: single-line strings, web-only links. */
function prepare(kind: MailKind, view: MailView, locale: MailLocale) {
  return {
    ...templateOf(kind).fields?.(view, locale),
    town: { name: oneLine(view.town.name), websiteUrl: oneLine(view.town.websiteUrl), privacyUrl: oneLine(view.town.privacyUrl) },
    firstName: view.firstName ? oneLine(view.firstName) : '',
    topics: (view.topics ?? []).map(oneLine).filter(Boolean),
    confirmUrl: view.confirmUrl ?? '',
    unsubscribeUrl: view.unsubscribeUrl ?? '',
    manageUrl: view.manageUrl ?? '',
    expiry: duration(view.expiresInSeconds ?? 7 * 86_400, locale),
    subject: oneLine(view.subject),
    heading: oneLine(view.heading),
    intro: String(view.intro ?? ''),
    items: (view.items ?? []).map((item) => ({
      title: oneLine(item.title),
      text: String(item.text ?? ''),
      url: isWebUrl(item.url) ? item.url : '',
    })),
  };
}

/** The subject line alone (stored on the message row when it is queued). */
export function renderSubject(kind: MailKind, locale: MailLocale, view: MailView): string {
  return oneLine(plainTemplates(kind, locale).subject(prepare(kind, view, locale)));
}

/** Renders the subject, the responsive HTML part and the plain-text part of one mail. */
export async function renderMail(kind: MailKind, locale: MailLocale, view: MailView): Promise<RenderedMail> {
  const plain = plainTemplates(kind, locale);
  const data = prepare(kind, view, locale);
  const subject = oneLine(plain.subject(data));
  const reason = plain.reason(data);
  const preheader = oneLine(plain.preheader(data));
  const html = (await htmlTemplate(kind, locale))({ ...data, subject, preheader, reason });
  const text = plain
    .text({ ...data, reason })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { subject, html, text: `${text}\n` };
}
