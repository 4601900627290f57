import { PLUGIN_ID } from '../pluginId';
import de from '../translations/content-types/de.json';
import en from '../translations/content-types/en.json';

/**
 * What an editor reads in Strapi's content manager for the plugin's types and the newsletter's
 * blocks: names, field labels, help texts, placeholders and the options of enumerations, in German
 * and English (translations/content-types/*.json). Strapi 5.54 looks these up by message id:
 * - a type's name: its English `info.displayName` (left menu, list title);
 * - a field's label: `content-manager.content-types.<uid>.<field>` (edit view, list headers),
 *   a block's field `content-manager.components.<component uid>.<field>`;
 * - a block's name: its component uid; the block group: its category;
 * - an enumeration option: the stored value itself (so one wording per value across the plugin).
 * Help texts and placeholders are not looked up: they are the stored view configuration, one text
 * for everybody. The edit-view hook below puts the editor's language there instead
 * (localiseEditView), unless the town wrote its own in "Configure the view". The list view's filter
 * menu names fields by that configuration too; its hook gives them the labels' ids (localiseListFilters).
 */

export interface FieldTexts {
  label: string;
  hint?: string;
  placeholder?: string;
  /** Enumeration value → its name. */
  options?: Record<string, string>;
}

export interface TypeTexts {
  /** Absent for blocks whose name comes from the town's content type (website entries). */
  displayName?: string;
  fields: Record<string, FieldTexts>;
}

export interface ContentManagerTexts {
  /** The name of the newsletter's block group. */
  category: string;
  /** Fields every content type has (id, timestamps). */
  common: Record<string, FieldTexts>;
  contentTypes: Record<string, TypeTexts>;
  /** Keyed by component name; `entry` stands for every `entry-<type>` block of the configured content sources. */
  components: Record<string, TypeTexts>;
}

export type EditorLanguage = 'de' | 'en';

export const CONTENT_MANAGER_TEXTS: Record<EditorLanguage, ContentManagerTexts> = { de, en };

/** The newsletter blocks' category (server: features/newsletters/components.ts). */
export const COMPONENT_CATEGORY = 'civic-newsletter';
/** Blocks made per configured content source are named `entry-<type>`; they share the `entry` texts. */
const ENTRY_PREFIX = 'entry-';

export const contentTypeUid = (name: string) => `plugin::${PLUGIN_ID}.${name}`;
export const componentUid = (name: string) => `${COMPONENT_CATEGORY}.${name}`;

/** The message ids and texts of one language, for registerTrads (ids as Strapi formats them, unprefixed). */
export function contentManagerMessages(language: EditorLanguage): Record<string, string> {
  const texts = CONTENT_MANAGER_TEXTS[language];
  // A type's name is looked up by its English display name, the one in schema.json.
  const displayNameIds = CONTENT_MANAGER_TEXTS.en.contentTypes;
  const messages: Record<string, string> = { [COMPONENT_CATEGORY]: texts.category };
  const addFields = (prefix: string, fields: Record<string, FieldTexts>) => {
    for (const [field, { label, options }] of Object.entries(fields)) {
      messages[`${prefix}.${field}`] = label;
      for (const [value, name] of Object.entries(options ?? {})) messages[value] = name;
    }
  };
  for (const [name, type] of Object.entries(texts.contentTypes)) {
    const id = displayNameIds[name]?.displayName;
    if (id && type.displayName) messages[id] = type.displayName;
    addFields(`content-manager.content-types.${contentTypeUid(name)}`, { ...texts.common, ...type.fields });
  }
  for (const [name, component] of Object.entries(texts.components)) {
    if (component.displayName) messages[componentUid(name)] = component.displayName;
    addFields(`content-manager.components.${componentUid(name)}`, component.fields);
  }
  return messages;
}

/** The admin's language as Strapi keeps it (the same key its language provider reads). */
export function editorLanguage(): EditorLanguage {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem('strapi-admin-language');
  } catch {
    // Storage blocked: Strapi itself falls back to English then.
  }
  return stored?.toLowerCase().startsWith('de') ? 'de' : 'en';
}

/** The fields of one form in the edit view, as far as this hook reads and writes them. */
interface EditField {
  name: string;
  label?: string;
  hint?: unknown;
  placeholder?: string;
  [key: string]: unknown;
}

interface EditLayout {
  layout: EditField[][][];
  components: Record<string, { layout: EditField[][]; settings: unknown }>;
  options?: Record<string, unknown>;
  [key: string]: unknown;
}

interface EditViewHookArgs {
  layout: EditLayout;
  query?: unknown;
  [key: string]: unknown;
}

/** Which catalogue entry a content type uses: `pluginOptions["civic-dialog"].texts` in its schema.json. */
function textsNameOf(layout: EditLayout): string | null {
  const own = layout.options?.[PLUGIN_ID] as { texts?: unknown } | undefined;
  return typeof own?.texts === 'string' ? own.texts : null;
}

function withTexts(field: EditField, texts: FieldTexts | undefined): EditField {
  if (!texts) return field;
  return {
    ...field,
    // Strapi's defaults are the field name and empty texts; what a town configured itself stays.
    label: !field.label || field.label === field.name ? texts.label : field.label,
    hint: field.hint ? field.hint : (texts.hint ?? field.hint),
    placeholder: field.placeholder ? field.placeholder : (texts.placeholder ?? field.placeholder),
  };
}

function componentTexts(texts: ContentManagerTexts, uid: string): TypeTexts | undefined {
  if (!uid.startsWith(`${COMPONENT_CATEGORY}.`)) return undefined;
  const name = uid.slice(COMPONENT_CATEGORY.length + 1);
  return texts.components[name.startsWith(ENTRY_PREFIX) ? 'entry' : name];
}

/**
 * Content manager hook `Admin/CM/pages/EditView/mutate-edit-view-layout`: help texts, placeholders
 * (and, for the town's entry blocks, which have no message ids of their own, labels) of the
 * plugin's types and blocks in the editor's language.
 */
export function localiseEditView<T extends EditViewHookArgs>(args: T): T {
  const texts = CONTENT_MANAGER_TEXTS[editorLanguage()];
  const { layout } = args;
  const typeName = textsNameOf(layout);
  const typeFields = typeName ? { ...texts.common, ...texts.contentTypes[typeName]?.fields } : null;
  const components = Object.fromEntries(
    Object.entries(layout.components ?? {}).map(([uid, component]) => {
      const own = componentTexts(texts, uid);
      if (!own) return [uid, component];
      return [uid, { ...component, layout: component.layout.map((row) => row.map((field) => withTexts(field, own.fields[field.name]))) }];
    }),
  );
  return {
    ...args,
    layout: {
      ...layout,
      layout: typeFields
        ? layout.layout.map((panel) => panel.map((row) => row.map((field) => withTexts(field, typeFields[field.name]))))
        : layout.layout,
      components,
    },
  };
}

interface ListFilter {
  name: string;
  label: unknown;
  [key: string]: unknown;
}

interface ListFiltersHookArgs {
  displayedFilters: ListFilter[];
  layout: { options?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * Content manager hook `Admin/CM/pages/ListView/inject-in-filters`: the filter menu of the plugin's
 * types names each field by its label's message id (Strapi formats descriptors), not its code name.
 */
export function localiseListFilters<T extends ListFiltersHookArgs>(args: T): T {
  const typeName = textsNameOf(args.layout as EditLayout);
  if (!typeName) return args;
  const known = { ...CONTENT_MANAGER_TEXTS.en.common, ...CONTENT_MANAGER_TEXTS.en.contentTypes[typeName]?.fields };
  return {
    ...args,
    displayedFilters: args.displayedFilters.map((filter) =>
      typeof filter.label === 'string' && known[filter.name]
        ? { ...filter, label: { id: `content-manager.content-types.${contentTypeUid(typeName)}.${filter.name}`, defaultMessage: filter.label } }
        : filter,
    ),
  };
}
