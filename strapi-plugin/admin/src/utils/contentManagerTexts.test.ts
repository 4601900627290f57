import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { COMPONENT_CATEGORY as SERVER_CATEGORY, STATIC_COMPONENTS } from '../../../server/src/features/newsletters/components';
import strapiGapsDe from '../translations/strapi-gaps.de.json';
import {
  COMPONENT_CATEGORY,
  CONTENT_MANAGER_TEXTS,
  contentManagerMessages,
  localiseEditView,
  localiseListFilters,
  type FieldTexts,
} from './contentManagerTexts';

interface Schema {
  info: { displayName: string; singularName: string };
  pluginOptions?: Record<string, any>;
  attributes: Record<string, { type: string; enum?: string[] }>;
}

/** Every schema.json of the plugin's server. */
function schemas(): Schema[] {
  const found: Schema[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'schema.json') found.push(JSON.parse(readFileSync(path, 'utf8')));
    }
  };
  walk(join(__dirname, '../../../server/src'));
  return found;
}

const editable = schemas().filter((schema) => schema.pluginOptions?.['content-manager']?.visible === true);
const LANGUAGES = Object.entries(CONTENT_MANAGER_TEXTS);

/** What an editor must be told about a field: a label that is no code name, a help text, a name per option. */
function expectExplained(fields: Record<string, FieldTexts>, attributes: Schema['attributes'], where: string) {
  expect(Object.keys(fields).sort(), `fields of ${where}`).toEqual(Object.keys(attributes).sort());
  for (const [name, attribute] of Object.entries(attributes)) {
    const texts = fields[name]!;
    expect(texts.label, `${where}.${name}`).toBeTruthy();
    expect(texts.label, `${where}.${name} is labelled with its code name`).not.toBe(name);
    expect(texts.hint, `${where}.${name} has no help text`).toBeTruthy();
    if (attribute.type === 'enumeration') expect(Object.keys(texts.options ?? {}).sort(), `${where}.${name} options`).toEqual([...attribute.enum!].sort());
  }
}

describe('content manager texts of the plugin', () => {
  it('the content manager shows the plugin types it should, each marked with its texts', () => {
    expect(editable.map((schema) => schema.pluginOptions?.['civic-dialog']?.texts).sort()).toEqual(
      ['automation', 'event', 'legal-text', 'newsletter', 'survey', 'topic'],
    );
  });

  for (const [language, texts] of LANGUAGES) {
    it(`${language}: every editable type, field and option has a name, a label and a help text`, () => {
      for (const schema of editable) {
        const name = schema.pluginOptions!['civic-dialog'].texts as string;
        const type = texts.contentTypes[name];
        expect(type?.displayName, `${language} name of ${name}`).toBeTruthy();
        expectExplained(type!.fields, schema.attributes, `${language} ${name}`);
      }
      expect(Object.keys(texts.contentTypes).sort()).toEqual(editable.map((schema) => schema.pluginOptions!['civic-dialog'].texts).sort());
    });

    it(`${language}: every newsletter block and its fields are named and explained`, () => {
      expect(Object.keys(texts.components).sort()).toEqual([...Object.keys(STATIC_COMPONENTS), 'entry'].sort());
      for (const [name, component] of Object.entries(STATIC_COMPONENTS)) {
        expect(texts.components[name]!.displayName, `${language} block ${name}`).toBeTruthy();
        expectExplained(texts.components[name]!.fields, component.attributes as Schema['attributes'], `${language} block ${name}`);
      }
      // The blocks of the town's content sources have one field, the entry.
      expectExplained(texts.components.entry!.fields, { entry: { type: 'relation' } }, `${language} entry block`);
    });
  }

  it('the English names are the ones in schema.json and components.ts (Strapi looks a type up by that name)', () => {
    for (const schema of editable) {
      expect(CONTENT_MANAGER_TEXTS.en.contentTypes[schema.pluginOptions!['civic-dialog'].texts]!.displayName).toBe(schema.info.displayName);
    }
    for (const [name, component] of Object.entries(STATIC_COMPONENTS)) {
      expect(CONTENT_MANAGER_TEXTS.en.components[name]!.displayName).toBe(component.info.displayName);
    }
    expect(COMPONENT_CATEGORY).toBe(SERVER_CATEGORY);
  });

  it('an option value has one name per language wherever it occurs (Strapi looks options up by the value alone)', () => {
    for (const [language, texts] of LANGUAGES) {
      const names = new Map<string, string>();
      const types = [...Object.values(texts.contentTypes), ...Object.values(texts.components)];
      for (const field of types.flatMap((type) => Object.values(type.fields))) {
        for (const [value, name] of Object.entries(field.options ?? {})) {
          expect(names.get(value) ?? name, `${language} option ${value}`).toBe(name);
          names.set(value, name);
        }
      }
    }
  });

  it('registers the ids Strapi formats: type names, field labels, blocks, their group and options', () => {
    const de = contentManagerMessages('de');
    expect(de).toMatchObject({
      Event: 'Veranstaltung',
      'Legal text': 'Rechtstext',
      'Newsletter topic': 'Newsletter-Thema',
      Survey: 'Umfrage',
      'content-manager.content-types.plugin::civic-dialog.topic.nameDe': 'Name (Deutsch)',
      'content-manager.content-types.plugin::civic-dialog.event.maxSeatsPerRegistration': 'Plätze pro Anmeldung',
      'content-manager.content-types.plugin::civic-dialog.event.createdAt': 'Erstellt am',
      'content-manager.components.civic-newsletter.image.alt': 'Alternativtext (Deutsch)',
      'civic-newsletter.upcoming-events': 'Nächste Veranstaltungen',
      'civic-newsletter': 'Newsletter-Bausteine',
      cancelled: 'Abgesagt',
      identified: 'Mit E-Mail-Adresse',
    });
    expect(Object.keys(contentManagerMessages('en')).sort()).toEqual(Object.keys(de).sort());
  });
});

describe('the edit view hook', () => {
  afterEach(() => vi.unstubAllGlobals());

  const field = (name: string, extra: Record<string, unknown> = {}) => ({ name, label: name, hint: '', placeholder: '', ...extra });
  const layout = () => ({
    layout: [[[field('timeZone'), field('location', { hint: 'Der Saal im Rathaus', label: 'Saal' })]]],
    components: {
      'civic-newsletter.button': { layout: [[field('url')]], settings: {} },
      'civic-newsletter.entry-article': { layout: [[field('entry')]], settings: {} },
      'shared.seo': { layout: [[field('url')]], settings: {} },
    },
    options: { 'civic-dialog': { texts: 'event' } },
  });

  it("gives help texts and placeholders in the admin's language, keeping what a town configured", () => {
    vi.stubGlobal('window', { localStorage: { getItem: () => 'de' } });
    const { layout: result } = localiseEditView({ layout: layout(), query: {} });
    const [timeZone, location] = result.layout[0]![0]!;
    expect(timeZone).toMatchObject({ label: 'Zeitzone', hint: expect.stringContaining('Europe/Berlin'), placeholder: 'Europe/Berlin' });
    expect(location).toMatchObject({ label: 'Saal', hint: 'Der Saal im Rathaus', placeholder: 'z. B. Rathaus, Sitzungssaal' });
    expect(result.components['civic-newsletter.button']!.layout[0]![0]).toMatchObject({ placeholder: 'https://', hint: expect.stringContaining('Webadresse') });
    expect(result.components['civic-newsletter.entry-article']!.layout[0]![0]).toMatchObject({ label: 'Beitrag' });
    // Other plugins' and the town's own components are left alone.
    expect(result.components['shared.seo']!.layout[0]![0]).toEqual(field('url'));
  });

  it('speaks English to an English admin and leaves types of others untouched', () => {
    vi.stubGlobal('window', { localStorage: { getItem: () => 'en' } });
    const own = localiseEditView({ layout: layout(), query: {} });
    expect(own.layout.layout[0]![0]![0]).toMatchObject({ label: 'Time zone', hint: expect.stringContaining('calendar file') });
    const foreign = { ...layout(), options: {} };
    expect(localiseEditView({ layout: foreign, query: {} }).layout.layout).toEqual(foreign.layout);
  });
});

describe('the list view filter hook', () => {
  it("names the plugin's filters by their labels' message ids, and leaves others' alone", () => {
    const filters = [
      { name: 'nameDe', label: 'nameDe', type: 'string' },
      { name: 'createdAt', label: 'createdAt', type: 'datetime' },
      { name: 'status', label: { id: 'content-manager.containers.list.table-headers.status', defaultMessage: 'status' } },
    ];
    const { displayedFilters } = localiseListFilters({ displayedFilters: filters, layout: { options: { 'civic-dialog': { texts: 'topic' } } } });
    expect(displayedFilters.map((filter) => filter.label)).toEqual([
      { id: 'content-manager.content-types.plugin::civic-dialog.topic.nameDe', defaultMessage: 'nameDe' },
      { id: 'content-manager.content-types.plugin::civic-dialog.topic.createdAt', defaultMessage: 'createdAt' },
      filters[2]!.label,
    ]);
    expect(contentManagerMessages('de')['content-manager.content-types.plugin::civic-dialog.topic.nameDe']).toBe('Name (Deutsch)');
    const foreign = { displayedFilters: filters, layout: { options: {} } };
    expect(localiseListFilters(foreign)).toBe(foreign);
  });
});

describe("Strapi's own texts the plugin gives German for", () => {
  it("are ones Strapi 5.54 has no German for: the plugin fills gaps, it never overrides Strapi's words", async () => {
    const fromStrapi = createRequire(createRequire(import.meta.url).resolve('@strapi/strapi/package.json'));
    const germanOf = async (pkg: string, file: string) =>
      (await import(pathToFileURL(join(fromStrapi.resolve(`${pkg}/package.json`), '..', file)).href)).default as Record<string, string>;
    const admin = await germanOf('@strapi/admin', 'dist/admin/admin/src/translations/de.json.mjs');
    const contentManager = await germanOf('@strapi/content-manager', 'dist/admin/translations/de.json.mjs');
    expect(Object.keys(admin).length).toBeGreaterThan(100);
    for (const id of Object.keys(strapiGapsDe)) {
      expect(admin[id], id).toBeUndefined();
      expect(contentManager[id.replace(/^content-manager\./, '')], id).toBeUndefined();
    }
  });
});
