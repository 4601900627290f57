import { describe, expect, it } from 'vitest';

import de from '../translations/de.json';
import en from '../translations/en.json';
import { stepsFromStored, stepsProblems, stepsToStored, triggerFromStored, triggerToStored } from './automationDrafts';
import { MAIL_BLOCK_TYPES, blockWithType, blocksFromStored, blocksFromText, blocksToStored, plainOf } from './mailBlockDrafts';

const paragraph = (text: string) => ({ type: 'paragraph', children: [{ type: 'text', text }] });
const STORED = [
  { type: 'rich-text', text: [paragraph('Hallo {{firstName}}'), paragraph('Zweiter Absatz')], textEn: [paragraph('Hello {{firstName}}')] },
  { type: 'image', url: 'https://example.org/a.png', alt: 'Rathaus', altEn: 'Town hall', link: 'https://example.org' },
  { type: 'button', label: 'Anmelden', labelEn: 'Register', url: 'https://example.org/anmelden' },
  { type: 'upcoming-events', heading: 'Was kommt', topics: ['verkehr'], count: 3 },
  // Kept as stored: formatting the form cannot show, an entry snapshot, two topics.
  { type: 'rich-text', text: [{ type: 'heading', level: 2, children: [{ type: 'text', text: 'Titel' }] }] },
  { type: 'entry', source: 'api::article.article', entry: { title: 'Neu', url: 'https://example.org/neu' } },
  { type: 'upcoming-events', topics: ['a', 'b'], count: 2 },
];

describe('mail block drafts', () => {
  it('round-trips the stored blocks: editable ones through the form, the others exactly as stored', () => {
    expect(blocksToStored(blocksFromStored(STORED))).toEqual(STORED);
  });

  it('reads plain paragraphs as text with blank lines, and refuses formatting it cannot show', () => {
    expect(plainOf([paragraph('a'), paragraph('b')])).toBe('a\n\nb');
    expect(plainOf([{ type: 'paragraph', children: [{ type: 'text', text: 'a', bold: true }] }])).toBeNull();
    expect(plainOf(undefined)).toBe('');
  });

  it('a kept block becomes editable when its kind is chosen anew; text becomes the first block', () => {
    const [kept] = blocksFromStored([STORED[4]]);
    expect(kept!.original).toBeDefined();
    expect(blockWithType(kept!, 'button').original).toBeUndefined();
    expect(blocksToStored(blocksFromText({ de: 'Eins\n\nZwei', en: '' }))).toEqual([{ type: 'rich-text', text: [paragraph('Eins'), paragraph('Zwei')] }]);
  });

  it('a send-mail step keeps its blocks, and the contract problems point at the block field', () => {
    const steps = [{ id: 'mail', type: 'send-mail', subject: { de: 'S', en: 'S' }, blocks: [{ type: 'image', url: 'https://example.org/a.png', alt: '' }, STORED[2]] }];
    const drafts = stepsFromStored(steps);
    expect(stepsToStored(drafts)).toEqual(steps);
    expect(stepsProblems(drafts).steps[0]).toEqual({ 'blocks.0.alt': 'automation.mail.blocks' });
    expect(stepsProblems(stepsFromStored([{ ...steps[0], blocks: [] }])).steps[0]).toEqual({ blocks: 'automation.mail.blocks' });
  });

  it('an entry trigger keeps its content type and topic through the form', () => {
    const stored = { type: 'entry-published', contentType: 'api::article.article', topic: 'verkehr' };
    expect(triggerToStored(triggerFromStored(stored))).toEqual(stored);
    expect(triggerToStored(triggerFromStored({ type: 'entry-published' }))).toEqual({ type: 'entry-published' });
  });

  it('names every block kind in German and English', () => {
    for (const type of [...MAIL_BLOCK_TYPES, 'entry', 'survey']) {
      expect((de as Record<string, string>)[`automations.blocks.type.${type}`]).toBeTruthy();
      expect((en as Record<string, string>)[`automations.blocks.type.${type}`]).toBeTruthy();
    }
  });
});
