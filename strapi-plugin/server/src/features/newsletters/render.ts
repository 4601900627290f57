import { randomBytes } from 'node:crypto';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import type { NewsletterBlock, RichTextNode } from '@civic-dialog/contracts';
import { escapeHtml } from '../../kernel/pages/html';
import { footerHtml, footerText, layoutMjml } from '../../shared/mail/templates';

export type Lang = 'de' | 'en';

/** An event of an upcoming-events block, as frozen when the send started. */
export interface FrozenEvent {
  title: string;
  titleEn?: string | null;
  startsAt: string;
  timeZone: string;
  location: string;
  url: string;
}

/** A block as it is sent: the upcoming-events block carries its events (the same for every recipient). */
export type FrozenBlock =
  | Exclude<NewsletterBlock, { type: 'upcoming-events' }>
  | (Extract<NewsletterBlock, { type: 'upcoming-events' }> & { events: FrozenEvent[] });

/** What is sent: the checked content, frozen at the start of the send (later edits change nothing). */
export interface FrozenNewsletter {
  subject: { de: string; en?: string | null };
  preheader: { de?: string | null; en?: string | null };
  blocks: FrozenBlock[];
}

export interface RenderContext {
  town: { name: string; websiteUrl: string; privacyUrl: string };
  /**
   * The send's links (collectLinks): each is written as a placeholder that render() fills with the
   * recipient's own click redirect (Personal.clickUrl). Without it (previews, the archive, test
   * mails) links stay as the editor wrote them.
   */
  clickLinks?: string[];
  /** "View in browser" (sends with a public web archive). */
  archiveUrl?: string | null;
  /** Test sends: "[TEST] " / "[Test] " before the subject. */
  subjectPrefix?: string;
}

export interface Personal {
  firstName?: string | null;
  unsubscribeUrl?: string;
  manageUrl?: string;
  /** The click redirect of link `index` of RenderContext.clickLinks in this mail. */
  clickUrl?: (index: number) => string;
}

export interface CompiledNewsletter {
  subject: string;
  render(personal: Personal): { html: string; text: string };
}

const T = {
  de: {
    hello: (name: string) => (name ? `Hallo ${name},` : 'Guten Tag,'),
    reason: (town: string) => `Sie erhalten diesen Newsletter, weil Sie Themen der Stadt ${town} abonniert haben.`,
    viewInBrowser: 'Im Browser ansehen',
    readMore: 'Weiterlesen',
    register: 'Details und Anmeldung',
    survey: 'Zur Umfrage',
    events: 'Nächste Veranstaltungen',
    locale: 'de-DE',
  },
  en: {
    hello: (name: string) => (name ? `Hello ${name},` : 'Hello,'),
    reason: (town: string) => `You are receiving this newsletter because you subscribed to topics of ${town}.`,
    viewInBrowser: 'View in browser',
    readMore: 'Read more',
    register: 'Details and registration',
    survey: 'Take the survey',
    events: 'Upcoming events',
    locale: 'en-GB',
  },
} as const;

/** HTML-escaped and safe inside the Handlebars template the MJML output becomes (no "{{"). */
const esc = (value: unknown) => escapeHtml(value).replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
/** One line: no control characters (headers, subject, text lines). */
const oneLine = (value: unknown) => String(value ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
const pick = <T>(lang: Lang, de: T, en: T | null | undefined): T => (lang === 'en' && en ? en : de);

// ---------------------------------------------------------------------------------------------
// Strapi blocks → HTML and text

function inlineHtml(node: RichTextNode, track: (url: string) => string): string {
  if (node.type === 'text') {
    let html = esc(node.text ?? '');
    if (node.code) html = `<code>${html}</code>`;
    if (node.bold) html = `<strong>${html}</strong>`;
    if (node.italic) html = `<em>${html}</em>`;
    if (node.underline) html = `<u>${html}</u>`;
    if (node.strikethrough) html = `<s>${html}</s>`;
    return html;
  }
  const children = (node.children ?? []).map((child) => inlineHtml(child, track)).join('');
  if (node.type === 'link') return `<a href="${esc(track(String(node.url)))}">${children}</a>`;
  return children;
}

export function richTextHtml(nodes: RichTextNode[], track: (url: string) => string): string {
  return nodes
    .map((node) => {
      const inner = (node.children ?? []).map((child) => inlineHtml(child, track)).join('');
      switch (node.type) {
        case 'heading': {
          const level = Math.min(4, Math.max(2, Number(node.level ?? 2)));
          return `<h${level}>${inner}</h${level}>`;
        }
        case 'list': {
          const tag = node.format === 'ordered' ? 'ol' : 'ul';
          const items = (node.children ?? []).map((item) => `<li>${(item.children ?? []).map((c) => inlineHtml(c, track)).join('')}</li>`);
          return `<${tag}>${items.join('')}</${tag}>`;
        }
        case 'quote':
          return `<blockquote>${inner}</blockquote>`;
        case 'code':
          return `<pre>${inner}</pre>`;
        case 'image': {
          const image = node.image as { url?: string; alternativeText?: string } | undefined;
          return image?.url ? `<p><img src="${esc(image.url)}" alt="${esc(image.alternativeText ?? '')}" style="max-width:100%" /></p>` : '';
        }
        default:
          return `<p>${inner}</p>`;
      }
    })
    .join('\n');
}

function inlineText(node: RichTextNode, track: (url: string) => string): string {
  if (node.type === 'text') return String(node.text ?? '');
  const children = (node.children ?? []).map((child) => inlineText(child, track)).join('');
  return node.type === 'link' ? `${children} (${track(String(node.url))})` : children;
}

export function richTextText(nodes: RichTextNode[], track: (url: string) => string): string {
  return nodes
    .map((node) => {
      if (node.type === 'list') {
        return (node.children ?? [])
          .map((item, index) => `${node.format === 'ordered' ? `${index + 1}.` : '-'} ${inlineText(item, track)}`)
          .join('\n');
      }
      if (node.type === 'image') return '';
      const text = (node.children ?? []).map((child) => inlineText(child, track)).join('');
      return node.type === 'heading' ? text.toUpperCase() : text;
    })
    .filter((text) => text.trim() !== '')
    .join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Blocks

const formatTime = (event: FrozenEvent, lang: Lang) => {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };
  try {
    return new Intl.DateTimeFormat(T[lang].locale, { ...options, timeZone: event.timeZone }).format(new Date(event.startsAt));
  } catch {
    return new Intl.DateTimeFormat(T[lang].locale, { ...options, timeZone: 'Europe/Berlin' }).format(new Date(event.startsAt));
  }
};

const section = (inner: string) => `
      <mj-section padding="0"><mj-column>${inner}</mj-column></mj-section>`;

function blockMjml(block: FrozenBlock, lang: Lang, track: (url: string) => string): string {
  const t = T[lang];
  switch (block.type) {
    case 'rich-text':
      return section(`<mj-text>${richTextHtml(pick(lang, block.text, block.textEn?.length ? block.textEn : null), track)}</mj-text>`);
    case 'image': {
      const alt = pick(lang, block.alt, block.altEn);
      const caption = pick(lang, block.caption ?? '', block.captionEn);
      const href = block.link ? ` href="${esc(track(block.link))}"` : '';
      return section(
        `<mj-image src="${esc(block.url)}" alt="${esc(alt)}"${href} padding="8px 24px" />${caption ? `<mj-text font-size="14px" color="#52606d">${esc(caption)}</mj-text>` : ''}`,
      );
    }
    case 'button':
      return section(`<mj-button href="${esc(track(block.url))}">${esc(pick(lang, block.label, block.labelEn))}</mj-button>`);
    case 'entry': {
      const entry = block.entry!;
      const image = entry.imageUrl ? `<mj-image src="${esc(entry.imageUrl)}" alt="" padding="8px 24px" />` : '';
      const link = entry.url ? `<p><a href="${esc(track(entry.url))}">${esc(t.readMore)}</a></p>` : '';
      return section(`${image}<mj-text><h2>${esc(entry.title)}</h2>${entry.summary ? `<p>${esc(entry.summary)}</p>` : ''}${link}</mj-text>`);
    }
    case 'upcoming-events': {
      if (!block.events.length) return '';
      const items = block.events
        .map(
          (event) =>
            `<li><strong>${esc(pick(lang, event.title, event.titleEn))}</strong><br />${esc(formatTime(event, lang))}, ${esc(event.location)}<br /><a href="${esc(track(event.url))}">${esc(t.register)}</a></li>`,
        )
        .join('');
      return section(`<mj-text><h2>${esc(pick(lang, block.heading || t.events, block.headingEn))}</h2><ul>${items}</ul></mj-text>`);
    }
    case 'survey': {
      const survey = block.survey!;
      const text = pick(lang, block.text ?? '', block.textEn);
      return section(
        `<mj-text><h2>${esc(pick(lang, survey.title, survey.titleEn))}</h2>${text ? `<p>${esc(text)}</p>` : ''}</mj-text><mj-button href="${esc(track(block.url))}">${esc(t.survey)}</mj-button>`,
      );
    }
  }
}

function blockText(block: FrozenBlock, lang: Lang, track: (url: string) => string): string {
  const t = T[lang];
  switch (block.type) {
    case 'rich-text':
      return richTextText(pick(lang, block.text, block.textEn?.length ? block.textEn : null), track);
    case 'image': {
      const caption = pick(lang, block.caption ?? '', block.captionEn);
      return [`[${pick(lang, block.alt, block.altEn)}]`, caption, block.link ? track(block.link) : ''].filter(Boolean).join('\n');
    }
    case 'button':
      return `${pick(lang, block.label, block.labelEn)}: ${track(block.url)}`;
    case 'entry': {
      const entry = block.entry!;
      return [entry.title.toUpperCase(), entry.summary ?? '', entry.url ? `${t.readMore}: ${track(entry.url)}` : ''].filter(Boolean).join('\n');
    }
    case 'upcoming-events':
      if (!block.events.length) return '';
      return [
        pick(lang, block.heading || t.events, block.headingEn).toUpperCase(),
        ...block.events.map((event) => `- ${pick(lang, event.title, event.titleEn)}\n  ${formatTime(event, lang)}, ${event.location}\n  ${track(event.url)}`),
      ].join('\n');
    case 'survey': {
      const survey = block.survey!;
      return [pick(lang, survey.title, survey.titleEn).toUpperCase(), pick(lang, block.text ?? '', block.textEn), `${t.survey}: ${track(block.url)}`]
        .filter(Boolean)
        .join('\n');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The whole mail

const hbs = Handlebars.create();

/**
 * Compiles one newsletter in one language: MJML runs once here; per recipient only the greeting,
 * the personal links (Handlebars escapes them) and the click redirects are filled in. Editor text is escaped here, and "{"
 * too, so nothing an editor writes can become a template expression.
 */
export async function compileNewsletter(newsletter: FrozenNewsletter, lang: Lang, context: RenderContext): Promise<CompiledNewsletter> {
  const t = T[lang];
  // Placeholders of letters and digits only survive escaping and MJML unchanged; the random part
  // (new per compile) keeps editor text from ever forming one.
  const placeholder = `civicclick${randomBytes(8).toString('hex')}n`;
  const clickLinks = context.clickLinks ?? [];
  const track = (url: string) => {
    const index = clickLinks.indexOf(url);
    return index < 0 ? url : `${placeholder}${index}e`;
  };
  const placeholders = new RegExp(`${placeholder}(\\d+)e`, 'g');
  const subject = oneLine(`${context.subjectPrefix ?? ''}${pick(lang, newsletter.subject.de, newsletter.subject.en)}`);
  const preheader = oneLine(pick(lang, newsletter.preheader.de ?? '', newsletter.preheader.en));
  const archive = context.archiveUrl
    ? section(`<mj-text font-size="13px" align="right"><a href="${esc(context.archiveUrl)}">${esc(t.viewInBrowser)}</a></mj-text>`)
    : '';
  const greeting = section(`<mj-text>{{greeting}}</mj-text>`);
  const body = [archive, greeting, ...newsletter.blocks.map((block) => blockMjml(block, lang, track))].join('');
  const { html } = await mjml2html(layoutMjml({ lang, body, footer: footerHtml[lang] }), { validationLevel: 'soft', fonts: {}, keepComments: false });
  const htmlTemplate = hbs.compile(html, { knownHelpersOnly: true });

  // text/plain: the editor's text travels as data, never as template source.
  const textBody = newsletter.blocks.map((block) => blockText(block, lang, track)).filter((part) => part.trim() !== '').join('\n\n');
  const textTemplate = hbs.compile(`{{#if archiveUrl}}{{viewInBrowser}}: {{archiveUrl}}\n\n{{/if}}{{greeting}}\n\n{{body}}\n\n${footerText[lang]}`, {
    knownHelpersOnly: true,
    noEscape: true,
  });
  const town = { name: oneLine(context.town.name), websiteUrl: context.town.websiteUrl, privacyUrl: context.town.privacyUrl };
  const reason = t.reason(town.name);

  // Per recipient only the greeting, the two personal links and the click redirects differ. Each
  // shape of Personal (with or without the links: previews and test mails have none) goes through
  // Handlebars once, with a slot marker where a personal value belongs; a mail is then the shape's
  // fixed parts joined with its own values: no template run and no regex pass per recipient.
  const slot = (name: string) => `${placeholder}${name}e`;
  const slots = new RegExp(`${placeholder}(\\d+|[gmu])e`);
  const shapes = new Map<string, { html: string[]; text: string[] }>();
  const shapeOf = (personal: Personal) => {
    const key = `${personal.manageUrl ? 'm' : ''}${personal.unsubscribeUrl ? 'u' : ''}`;
    let shape = shapes.get(key);
    if (!shape) {
      const view = {
        subject,
        preheader,
        reason,
        town,
        greeting: slot('g'),
        manageUrl: personal.manageUrl ? slot('m') : '',
        unsubscribeUrl: personal.unsubscribeUrl ? slot('u') : '',
      };
      const text = textTemplate({ ...view, body: textBody, archiveUrl: context.archiveUrl ?? '', viewInBrowser: t.viewInBrowser })
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      // split() with a capture group: fixed parts at even indexes, slot names between them.
      shape = { html: htmlTemplate(view).split(slots), text: `${text}\n`.split(slots) };
      shapes.set(key, shape);
    }
    return shape;
  };
  const join = (parts: string[], value: (name: string) => string) => {
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) out += value(parts[i]!) + parts[i + 1]!;
    return out;
  };

  return {
    subject,
    render(personal) {
      const shape = shapeOf(personal);
      const greeting = t.hello(oneLine(personal.firstName));
      const link = (index: string) => personal.clickUrl?.(Number(index)) ?? clickLinks[Number(index)]!;
      const value = (name: string) =>
        name === 'g' ? greeting : name === 'm' ? personal.manageUrl! : name === 'u' ? personal.unsubscribeUrl! : link(name);
      // The same escaping as before: Handlebars' for what the template held, esc for the click links.
      const escaped = (name: string) => (/\d/.test(name[0]!) ? esc(link(name)) : Handlebars.Utils.escapeExpression(value(name)));
      return { html: join(shape.html, escaped), text: join(shape.text, value) };
    },
  };
}

/** Every editor link of a newsletter, in a fixed order: the click redirect names a link by its index here. */
export function collectLinks(newsletter: FrozenNewsletter): string[] {
  const links: string[] = [];
  const add = (url: string | null | undefined) => {
    if (url && !links.includes(url)) links.push(url);
  };
  const walk = (nodes: RichTextNode[] | null | undefined) => {
    for (const node of nodes ?? []) {
      if (node.type === 'link') add(String(node.url));
      walk(node.children);
    }
  };
  for (const block of newsletter.blocks) {
    if (block.type === 'rich-text') {
      walk(block.text);
      walk(block.textEn);
    } else if (block.type === 'image') add(block.link);
    else if (block.type === 'button' || block.type === 'survey') add(block.url);
    else if (block.type === 'entry') add(block.entry?.url);
    else if (block.type === 'upcoming-events') block.events.forEach((event) => add(event.url));
  }
  return links;
}

const BLOCKS_START = 'civic-blocks-start';
const BLOCKS_END = 'civic-blocks-end';

/**
 * Newsletter blocks alone, for another mail's body (automation mails): the blocks' HTML as the
 * newsletter layout renders them (MJML once; the sections as they sit inside the layout's wrapper)
 * and their text. Links stay as written (no click redirects). Editor text is escaped, "{" too, so a
 * placeholder such as {{firstName}} comes out as `&#123;&#123;firstName&#125;&#125;` in the HTML
 * and as written in the text, for the caller to fill per recipient.
 */
export async function renderBlocks(blocks: FrozenBlock[], lang: Lang): Promise<{ html: string; text: string }> {
  const same = (url: string) => url;
  const body = `<mj-raw><!--${BLOCKS_START}--></mj-raw>${blocks.map((block) => blockMjml(block, lang, same)).join('')}<mj-raw><!--${BLOCKS_END}--></mj-raw>`;
  const { html } = await mjml2html(layoutMjml({ lang, body, footer: '' }), { validationLevel: 'soft', fonts: {}, keepComments: true });
  const start = html.indexOf(`<!--${BLOCKS_START}-->`);
  const end = html.indexOf(`<!--${BLOCKS_END}-->`);
  const inner = start >= 0 && end > start ? html.slice(start + BLOCKS_START.length + 7, end) : '';
  const text = blocks
    .map((block) => blockText(block, lang, same))
    .filter((part) => part.trim() !== '')
    .join('\n\n');
  return { html: inner, text };
}
