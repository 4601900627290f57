import { describe, expect, it } from 'vitest';
import {
  newsletterContentSchema,
  newsletterSendRequestSchema,
  newsletterTestSendRequestSchema,
  newsletterLocales,
  newsletterProblemOf,
} from '../src/index';

const paragraph = (text: string, children: unknown[] = [{ type: 'text', text }]) => [{ type: 'paragraph', children }];
const valid = {
  subject: { de: 'Neues aus Musterstadt' },
  preheader: {},
  blocks: [{ type: 'rich-text', text: paragraph('Hallo') }],
  audience: { topics: ['kultur'] },
};
const issues = (input: unknown) => {
  const result = newsletterContentSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('newsletter content', () => {
  it('accepts a German newsletter with one paragraph and a topic, sent in German only', () => {
    expect(issues(valid)).toEqual([]);
    expect(newsletterLocales(newsletterContentSchema.parse(valid))).toEqual(['de']);
    expect(newsletterLocales({ subject: { de: 'a', en: 'b' } })).toEqual(['de', 'en']);
  });

  it('refuses an empty newsletter, an empty paragraph and a missing audience', () => {
    expect(issues({ ...valid, blocks: [] })).toEqual([expect.stringMatching(/^blocks: is empty/)]);
    expect(issues({ ...valid, blocks: [{ type: 'rich-text', text: paragraph(' ') }] })).toEqual(['blocks.0.text: is empty']);
    expect(issues({ ...valid, audience: { topics: [] } })).toEqual(['audience.topics: choose at least one topic (the audience)']);
  });

  it('refuses javascript: and data: links in buttons and rich text, and images without alt text', () => {
    expect(issues({ ...valid, blocks: [{ type: 'button', label: 'Go', url: 'javascript:alert(1)' }] })[0]).toMatch(/^blocks.0.url: must be a web link/);
    expect(issues({ ...valid, blocks: [{ type: 'button', label: 'Go', url: ' JAVASCRIPT:alert(1)' }] })[0]).toMatch(/must be a web link/);
    const link = { type: 'link', url: 'data:text/html,<script>', children: [{ type: 'text', text: 'x' }] };
    expect(issues({ ...valid, blocks: [{ type: 'rich-text', text: paragraph('x', [link]) }] })[0]).toMatch(
      /^blocks.0.text.0.children.0.url: link "data:text\/html,<script>" must be a web link/,
    );
    expect(issues({ ...valid, blocks: [{ type: 'image', url: 'https://cms/x.png', alt: ' ' }] })).toEqual([
      'blocks.0.alt: needs an alternative text (alt) for screen readers',
    ]);
    expect(issues({ ...valid, blocks: [{ type: 'button', label: 'Mail', url: 'mailto:rathaus@musterstadt.example' }] })).toEqual([]);
  });

  it('refuses links with control or invisible characters (a bidi override disguises where a link leads)', () => {
    const hidden = ['\u202e', '\u2066', '\u200b', '\u0001', '\u0085', '\u00ad'];
    for (const char of hidden) {
      expect(issues({ ...valid, blocks: [{ type: 'button', label: 'Go', url: `https://musterstadt.example/${char}gpj.exe` }] })).toEqual([
        'blocks.0.url: contains control or invisible characters (such as a bidi override) that can disguise where it leads',
      ]);
    }
    const link = { type: 'link', url: 'https://musterstadt.example/\u202etxt.exe', children: [{ type: 'text', text: 'x' }] };
    expect(issues({ ...valid, blocks: [{ type: 'rich-text', text: paragraph('x', [link]) }] })[0]).toMatch(/^blocks.0.text.0.children.0.url: link .* must be a web link/);
    // Non-Latin letters are no control characters.
    expect(issues({ ...valid, blocks: [{ type: 'button', label: 'Go', url: 'https://münchen.example/straße' }] })).toEqual([]);
  });

  it('refuses subject, preheader and button labels with control or invisible characters, naming the field; emoji joiners pass', () => {
    const message = 'contains control or invisible characters (such as a bidi override) that can disguise what it says';
    for (const char of ['\u202e', '\u200b', '\u2066', '\u0007', '\u0085']) {
      expect(issues({ ...valid, subject: { de: `Rechnung${char}fdp.exe`, en: null } })).toEqual([`subject.de: ${message}`]);
      expect(issues({ ...valid, subject: { de: 'Betreff', en: `Invoice${char}` } })).toEqual([`subject.en: ${message}`]);
      expect(issues({ ...valid, preheader: { de: `Vorschau${char}`, en: `Preview${char}` } })).toEqual([`preheader.de: ${message}`, `preheader.en: ${message}`]);
      expect(issues({ ...valid, blocks: [{ type: 'button', label: `Los${char}`, labelEn: `Go${char}`, url: 'https://musterstadt.example/' }] })).toEqual([
        `blocks.0.label: ${message}`,
        `blocks.0.labelEn: ${message}`,
      ]);
    }
    expect(issues({ ...valid, subject: { de: 'Familienfest 👨\u200d👩\u200d👧 im Park', en: null } })).toEqual([]);
  });

  it('refuses a reference to a deleted entry', () => {
    expect(issues({ ...valid, blocks: [{ type: 'entry', source: 'api::article.article', entry: null }] })).toEqual([
      'blocks.0.entry: refers to an entry that was deleted or is not published',
    ]);
  });
});

describe('send and test-send requests', () => {
  it('refuses a schedule in the past, accepts one ahead and none at all', () => {
    const past = newsletterSendRequestSchema.safeParse({ scheduledAt: new Date(Date.now() - 3_600_000).toISOString() });
    expect(past.success).toBe(false);
    expect(past.error!.issues[0]!.message).toBe('is in the past');
    expect(newsletterSendRequestSchema.safeParse({ scheduledAt: new Date(Date.now() + 3_600_000).toISOString() }).success).toBe(true);
    expect(newsletterSendRequestSchema.safeParse({}).success).toBe(true);
    expect(newsletterSendRequestSchema.safeParse({ scheduledAt: 'tomorrow' }).success).toBe(false);
  });

  it('takes one to five addresses for a test send', () => {
    expect(newsletterTestSendRequestSchema.safeParse({ emails: [] }).success).toBe(false);
    expect(newsletterTestSendRequestSchema.safeParse({ emails: Array(6).fill('a@b.de') }).success).toBe(false);
    expect(newsletterTestSendRequestSchema.safeParse({ emails: ['redaktion@musterstadt.example'] }).success).toBe(true);
  });
});

describe('newsletter problems as stable codes', () => {
  const problems = (input: Record<string, unknown>) => {
    const result = newsletterContentSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => [issue.path.join('.'), newsletterProblemOf(issue, input)]);
  };

  it('names a newsletter with only its subjects: no topic, no content', () => {
    expect(problems({ ...valid, blocks: [], audience: { topics: [] } })).toEqual([
      ['blocks', 'no-content'],
      ['audience.topics', 'no-topics'],
    ]);
  });

  it('tells the block kinds apart where their fields share a name', () => {
    const blocks = [
      { type: 'rich-text', text: paragraph(' ') },
      { type: 'image', url: '', alt: ' ' },
      { type: 'button', label: ' ', url: 'javascript:alert(1)' },
      { type: 'entry', source: 'api::article.article', entry: null },
      { type: 'survey', survey: null, url: 'https://musterstadt.example/umfrage.html' },
      { type: 'rich-text', text: paragraph('x', [{ type: 'link', url: 'data:x', children: [{ type: 'text', text: 'x' }] }]) },
    ];
    expect(problems({ ...valid, blocks })).toEqual([
      ['blocks.0.text', 'text-empty'],
      ['blocks.1.url', 'image-missing'],
      ['blocks.1.alt', 'alt-missing'],
      ['blocks.2.label', 'label-missing'],
      ['blocks.2.url', 'link-invalid'],
      ['blocks.3.entry', 'entry-unavailable'],
      ['blocks.4.survey', 'survey-deleted'],
      ['blocks.5.text.0.children.0.url', 'link-invalid'],
    ]);
  });

  it('names a missing or too long subject, hidden characters and too many blocks', () => {
    expect(problems({ ...valid, subject: { de: ' ' } })).toEqual([['subject.de', 'no-subject']]);
    expect(problems({ ...valid, subject: { de: 'x'.repeat(201) } })).toEqual([['subject.de', 'too-long']]);
    expect(problems({ ...valid, preheader: { de: 'a\u202eb' } })).toEqual([['preheader.de', 'hidden-characters']]);
    expect(problems({ ...valid, blocks: Array.from({ length: 51 }, () => valid.blocks[0]) })).toEqual([['blocks', 'too-many-blocks']]);
  });
});
