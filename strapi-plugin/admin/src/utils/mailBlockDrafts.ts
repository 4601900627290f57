/**
 * An automation mail written with the newsletter's blocks (contracts' newsletterBlockSchema): what
 * the steps builder's block list holds, and how it becomes the stored blocks and back. Pure, so it is
 * unit tested; components/MailBlocksBuilder.tsx renders it.
 *
 * The form edits text (paragraphs separated by a blank line), image, button and upcoming-events
 * blocks. A rich text with formatting the form cannot show (headings, lists, bold, links), and an
 * entry or survey block (their content is a snapshot picked elsewhere), stay exactly as stored until
 * the editor changes them.
 */

export const MAIL_BLOCK_TYPES = ['rich-text', 'image', 'button', 'upcoming-events'] as const;

export interface BlockDraft {
  /** React key, never stored. */
  key: string;
  type: string;
  /** rich-text: paragraphs, separated by a blank line. */
  text: { de: string; en: string };
  /** image */
  url: string;
  alt: { de: string; en: string };
  caption: { de: string; en: string };
  link: string;
  /** button (its link is `url`) */
  label: { de: string; en: string };
  /** upcoming-events: '' = every topic. */
  heading: { de: string; en: string };
  topic: string;
  count: string;
  /** The block as stored, kept while the form has not changed it (formatting the form cannot show; entry, survey). */
  original?: Record<string, unknown>;
}

let nextKey = 0;
const newKey = () => `b${++nextKey}`;
const text = (value: unknown) => (typeof value === 'string' ? value : '');
const pair = (de: unknown, en: unknown) => ({ de: text(de), en: text(en) });

export const newBlock = (type = 'rich-text'): BlockDraft => ({
  key: newKey(),
  type,
  text: { de: '', en: '' },
  url: '',
  alt: { de: '', en: '' },
  caption: { de: '', en: '' },
  link: '',
  label: { de: '', en: '' },
  heading: { de: '', en: '' },
  topic: '',
  count: '3',
});

type Node = { type?: string; text?: string; children?: Node[] };

/** Strapi blocks of plain paragraphs → text with blank lines; null when they hold more than the form shows. */
export function plainOf(nodes: unknown): string | null {
  if (nodes === null || nodes === undefined) return '';
  if (!Array.isArray(nodes)) return null;
  const paragraphs: string[] = [];
  for (const node of nodes as Node[]) {
    if (node?.type !== 'paragraph' || !Array.isArray(node.children)) return null;
    let line = '';
    for (const child of node.children) {
      if (child?.type !== 'text' || Object.keys(child).some((key) => key !== 'type' && key !== 'text')) return null;
      line += text(child.text);
    }
    paragraphs.push(line);
  }
  return paragraphs.join('\n\n');
}

/** Text with blank lines → Strapi blocks of paragraphs (a line break inside a paragraph stays in its text). */
export function paragraphsOf(typed: string): Array<{ type: 'paragraph'; children: Array<{ type: 'text'; text: string }> }> {
  return typed
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => ({ type: 'paragraph', children: [{ type: 'text', text: paragraph }] }));
}

/** True when the form can edit the block (else it is shown as kept). */
export const isEditable = (draft: BlockDraft) => !draft.original;

export function blockFromStored(value: unknown): BlockDraft {
  const stored = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const draft = newBlock(text(stored.type));
  switch (stored.type) {
    case 'rich-text': {
      const de = plainOf(stored.text);
      const en = plainOf(stored.textEn);
      if (de === null || en === null) return { ...draft, original: stored };
      return { ...draft, text: { de, en } };
    }
    case 'image':
      return { ...draft, url: text(stored.url), alt: pair(stored.alt, stored.altEn), caption: pair(stored.caption, stored.captionEn), link: text(stored.link) };
    case 'button':
      return { ...draft, url: text(stored.url), label: pair(stored.label, stored.labelEn) };
    case 'upcoming-events': {
      const topics = Array.isArray(stored.topics) ? stored.topics.map(text) : [];
      if (topics.length > 1) return { ...draft, original: stored };
      return { ...draft, heading: pair(stored.heading, stored.headingEn), topic: topics[0] ?? '', count: typeof stored.count === 'number' ? String(stored.count) : '' };
    }
    default:
      return { ...draft, original: stored };
  }
}

export const blocksFromStored = (value: unknown): BlockDraft[] => (Array.isArray(value) ? value.map(blockFromStored) : []);

const optional = (typed: string) => (typed.trim() ? typed : undefined);
const withoutEmpty = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

export function blockToStored(draft: BlockDraft): Record<string, unknown> {
  if (draft.original) return draft.original;
  switch (draft.type) {
    case 'rich-text':
      return withoutEmpty({ type: 'rich-text', text: paragraphsOf(draft.text.de), textEn: draft.text.en.trim() ? paragraphsOf(draft.text.en) : undefined });
    case 'image':
      return withoutEmpty({
        type: 'image',
        url: draft.url,
        alt: draft.alt.de,
        altEn: optional(draft.alt.en),
        caption: optional(draft.caption.de),
        captionEn: optional(draft.caption.en),
        link: optional(draft.link),
      });
    case 'button':
      return withoutEmpty({ type: 'button', label: draft.label.de, labelEn: optional(draft.label.en), url: draft.url });
    case 'upcoming-events':
      return withoutEmpty({
        type: 'upcoming-events',
        heading: optional(draft.heading.de),
        headingEn: optional(draft.heading.en),
        topics: draft.topic ? [draft.topic] : [],
        count: draft.count.trim() === '' ? Number.NaN : Number(draft.count),
      });
    default:
      return { type: draft.type };
  }
}

export const blocksToStored = (drafts: BlockDraft[]) => drafts.map(blockToStored);

/** A block as another type: its fields stay (switching back keeps them); a kept block becomes editable. */
export const blockWithType = (draft: BlockDraft, type: string): BlockDraft => ({ ...draft, type, original: undefined });

/** The plain text of a mail as its first block (switching a step from text to blocks keeps what was written). */
export const blocksFromText = (body: { de: string; en: string }): BlockDraft[] =>
  body.de.trim() || body.en.trim() ? [{ ...newBlock('rich-text'), text: { de: body.de, en: body.en } }] : [newBlock('rich-text')];
