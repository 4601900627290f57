import type { Core } from '@strapi/strapi';

/**
 * The blocks of a newsletter body: components of the dynamic zone `body`. Strapi loads components
 * only from the host app's src/components, so the plugin registers its own in `register()` (the
 * component registry accepts them until the database is initialised in bootstrap). One
 * "CMS entry" component per configured content source (`newsletters.contentSources`), each with a
 * real relation to that content type, so the editor picks the entry in the content manager.
 */
export const COMPONENT_CATEGORY = 'civic-newsletter';

interface ComponentSchema {
  collectionName: string;
  info: { displayName: string; icon: string; description?: string };
  options: Record<string, unknown>;
  attributes: Record<string, Record<string, unknown>>;
}

const text = (extra: Record<string, unknown> = {}) => ({ type: 'string', maxLength: 200, ...extra });

export const STATIC_COMPONENTS: Record<string, ComponentSchema> = {
  'rich-text': {
    collectionName: 'components_civic_newsletter_rich_texts',
    info: { displayName: 'Text', icon: 'feather', description: 'Formatted text (German; English optional)' },
    options: {},
    attributes: { text: { type: 'blocks', required: true }, textEn: { type: 'blocks' } },
  },
  image: {
    collectionName: 'components_civic_newsletter_images',
    info: { displayName: 'Image', icon: 'picture', description: 'An image from the media library; alt text required' },
    options: {},
    attributes: {
      image: { type: 'media', multiple: false, required: true, allowedTypes: ['images'] },
      alt: text({ required: true, maxLength: 300 }),
      altEn: text({ maxLength: 300 }),
      caption: text(),
      captionEn: text(),
      link: { type: 'string', maxLength: 2048 },
    },
  },
  button: {
    collectionName: 'components_civic_newsletter_buttons',
    info: { displayName: 'Button', icon: 'cursor', description: 'A button linking to a web page' },
    options: {},
    attributes: { label: text({ required: true }), labelEn: text(), url: { type: 'string', required: true, maxLength: 2048 } },
  },
  'upcoming-events': {
    collectionName: 'components_civic_newsletter_upcoming_events',
    info: { displayName: 'Upcoming events', icon: 'calendar', description: 'The next events of chosen topics, with registration links' },
    options: {},
    attributes: {
      heading: text(),
      headingEn: text(),
      topics: { type: 'relation', relation: 'oneToMany', target: 'plugin::civic-dialog.topic' },
      count: { type: 'integer', required: true, default: 3, min: 1, max: 20 },
    },
  },
  survey: {
    collectionName: 'components_civic_newsletter_surveys',
    info: { displayName: 'Survey invitation', icon: 'question', description: 'Invites readers to a survey' },
    options: {},
    attributes: {
      survey: { type: 'relation', relation: 'oneToOne', target: 'plugin::civic-dialog.survey' },
      text: { type: 'text', maxLength: 2000 },
      textEn: { type: 'text', maxLength: 2000 },
      url: { type: 'string', maxLength: 2048 },
    },
  },
};

/** A content type whose entries a newsletter may show (plugin config `newsletters.contentSources`). */
export interface ContentSource {
  uid: string;
  /** Field names of the entry: title (required), summary, image (media), url. */
  title: string;
  summary?: string;
  image?: string;
  /** A field name, or a template with {field} placeholders, e.g. "https://musterstadt.de/news/{slug}". */
  url?: string;
}

/** `api::article.article` → `entry-article`. */
export const entryComponentName = (uid: string) =>
  `entry-${(uid.split('.').pop() ?? uid).replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;

function entryComponent(source: ContentSource, displayName: string): ComponentSchema {
  const name = entryComponentName(source.uid);
  return {
    collectionName: `components_civic_newsletter_${name.replace(/-/g, '_')}s`,
    info: { displayName: `${displayName} (reference)`, icon: 'link', description: `Shows one ${displayName} entry: title, summary, image, link` },
    options: {},
    attributes: { entry: { type: 'relation', relation: 'oneToOne', target: source.uid } },
  };
}

/** Adds the block components and the newsletter body's entry components; runs in the plugin's register(). */
export function registerNewsletterComponents(strapi: Core.Strapi, sources: ContentSource[], newsletterUid: string) {
  const registry = strapi.get('components') as { get(uid: string): unknown; set(uid: string, component: unknown): unknown };
  const add = (name: string, schema: ComponentSchema) => {
    const uid = `${COMPONENT_CATEGORY}.${name}`;
    if (registry.get(uid)) return uid;
    registry.set(uid, {
      ...schema,
      __schema__: structuredClone(schema),
      uid,
      category: COMPONENT_CATEGORY,
      modelType: 'component',
      modelName: name,
      globalId: `ComponentCivicNewsletter${name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`,
    });
    return uid;
  };
  for (const [name, schema] of Object.entries(STATIC_COMPONENTS)) add(name, schema);

  const newsletter = strapi.contentType(newsletterUid as any) as any;
  for (const source of sources) {
    const target = strapi.contentType(source.uid as any) as any;
    if (!target) {
      strapi.log.warn(`civic-dialog: newsletters.contentSources names ${source.uid}, which does not exist; skipped`);
      continue;
    }
    const uid = add(entryComponentName(source.uid), entryComponent(source, target.info?.displayName ?? source.uid));
    for (const schema of [newsletter.attributes, newsletter.__schema__?.attributes]) {
      if (schema && !schema.body.components.includes(uid)) schema.body.components.push(uid);
    }
  }
}
