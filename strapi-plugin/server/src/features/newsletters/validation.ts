import { errors } from '@strapi/utils';
import { hasHiddenCharacters, newsletterLinkSchema, NEWSLETTER_HIDDEN_TEXT_MESSAGE, type RichTextNode } from '@civic-dialog/contracts';
import type { Strapi } from '../../kernel/types';
import { COMPONENT_CATEGORY } from './components';
import { NEWSLETTERS_UID } from './tables';

interface Issue {
  path: string[];
  message: string;
}

const linkProblem = (url: unknown): string | null => {
  const result = newsletterLinkSchema.safeParse(url);
  return result.success ? null : (result.error.issues[0]?.message ?? 'is not a web link');
};

const ALT_REQUIRED = 'Alternative text is required: describe the image for people who cannot see it';

const hasAlt = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** A link as the message quotes it: hidden characters spelled out (a bidi override would turn the message around too). */
const shown = (url: unknown) =>
  String(url ?? '')
    .slice(0, 80)
    .replace(/[\p{Cc}\p{Cf}]/gu, (char) => `\\u${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);

/** How the content manager names the block kinds (components.ts). */
const BLOCK_NAMES: Record<string, string> = {
  'rich-text': 'Text',
  image: 'Image',
  button: 'Button',
  'upcoming-events': 'Upcoming events',
  survey: 'Survey invitation',
};

/** Links and images without alternative text inside Strapi blocks JSON (rich text), with their path. */
function richTextIssues(nodes: unknown, path: string[], where: string): Issue[] {
  if (!Array.isArray(nodes)) return [];
  return (nodes as RichTextNode[]).flatMap((node, index) => {
    const here = [...path, String(index)];
    const problem = node?.type === 'link' ? linkProblem(node.url) : null;
    const own = problem ? [{ path: here, message: `${where}: the link "${shown(node.url)}" ${problem}` }] : [];
    const image = node?.type === 'image' && !hasAlt((node.image as { alternativeText?: unknown } | undefined)?.alternativeText)
      ? [{ path: [...here, 'image', 'alternativeText'], message: `${where}, an image: ${ALT_REQUIRED}` }]
      : [];
    return [...own, ...image, ...richTextIssues(node?.children, [...here, 'children'], where)];
  });
}

/**
 * What the content manager must not save in a newsletter body: an image without alternative text,
 * or a link that is not a web link (javascript:, data:, relative …, or one with control or bidi
 * characters). The same rules as before a send (the contracts' newsletter schema), applied when the
 * editor saves, so the message appears next to the field instead of only when sending. Each message
 * names the block (kind and position, as the editor counts) and the field.
 */
export function bodyIssues(body: unknown): Issue[] {
  if (!Array.isArray(body)) return [];
  return body.flatMap((block: Record<string, unknown>, index): Issue[] => {
    const at = (field: string) => ['body', String(index), field];
    const kind = String(block?.__component ?? '').replace(`${COMPONENT_CATEGORY}.`, '');
    const where = (field: string) => `${BLOCK_NAMES[kind] ?? kind} (block ${index + 1}), field "${field}"`;
    const link = (field: string, required: boolean): Issue[] => {
      const value = block[field];
      if (!required && (value === null || value === undefined || value === '')) return [];
      const problem = linkProblem(value);
      return problem ? [{ path: at(field), message: `${where(field)}: the link ${problem}` }] : [];
    };
    switch (kind) {
      case 'image': {
        return [
          ...(hasAlt(block.alt) ? [] : [{ path: at('alt'), message: `${where('alt')}: ${ALT_REQUIRED}` }]),
          ...link('link', false),
        ];
      }
      case 'button':
        return [
          ...(['label', 'labelEn'] as const).flatMap((field) =>
            hasHiddenCharacters(block[field]) ? [{ path: at(field), message: `${where(field)}: the text ${NEWSLETTER_HIDDEN_TEXT_MESSAGE}` }] : [],
          ),
          ...link('url', true),
        ];
      case 'survey':
        return link('url', false);
      case 'rich-text':
        return [...richTextIssues(block.text, at('text'), where('text')), ...richTextIssues(block.textEn, at('textEn'), where('textEn'))];
      default:
        return [];
    }
  });
}

/** The one-line texts of the newsletter itself: subject and preheader with control or invisible characters (contracts). */
export function headerIssues(data: Record<string, unknown> | undefined): Issue[] {
  return (['subject', 'subjectEn', 'preheader', 'preheaderEn'] as const).flatMap((field) =>
    hasHiddenCharacters(data?.[field]) ? [{ path: [field], message: `Field "${field}": the text ${NEWSLETTER_HIDDEN_TEXT_MESSAGE}` }] : [],
  );
}

/** Document service middleware: a create/update of a newsletter with such a body is refused with a ValidationError (400). */
export function registerNewsletterValidation(strapi: Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid === NEWSLETTERS_UID.newsletter && (context.action === 'create' || context.action === 'update')) {
      const data = (context.params as { data?: Record<string, unknown> & { body?: unknown } } | undefined)?.data;
      const issues = [...headerIssues(data), ...bodyIssues(data?.body)];
      if (issues.length) {
        const message = issues.length === 1 ? issues[0]!.message : `${issues.length} problems in the newsletter: ${issues.map((issue) => issue.message).join('; ')}`;
        throw new errors.ValidationError(message, { errors: issues.map((issue) => ({ ...issue, name: 'ValidationError' })) });
      }
    }
    return next();
  });
}
