/**
 * Automations (journeys): what an editor defines in the admin — a trigger and a short list of steps —
 * checked here by the server's lifecycle (on save) and by the admin's form (as the user types).
 *
 * Stored on the content type `plugin::civic-dialog.automation` as two JSON fields (`trigger`, `steps`,
 * custom fields `plugin::civic-dialog.automation-trigger` and `…automation-steps`). Steps carry a stable
 * `id`: a person's progress points at a step id, so editing an automation applies to people who have not
 * yet reached the changed step. The exit rules are fixed and always apply (AUTOMATION_EXIT_REASONS).
 * Actions: add-topic / remove-topic (one topic), remove-all-topics (the newsletter consent ends),
 * ask-reconfirmation (the double opt-in mail again), erase-profile (as the GDPR erasure).
 *
 * Problems come back as message ids (`automationIssues`), so a form can show its own words (de/en)
 * next to the field at `path`; the server's 400 carries the same ids in `details.errors`.
 */
import { z } from 'zod';
import { RICH_TEXT_MAX_DEPTH, isWebAddress, newsletterBlockSchema, type NewsletterBlock, type RichTextNode } from './newsletters';

export const AUTOMATION_LIMITS = {
  nameLength: 120,
  steps: 20,
  /** Newsletter blocks of one send-mail step. */
  mailBlocks: 30,
  stepIdLength: 64,
  subjectLength: 200,
  bodyLength: 20_000,
  /** Date triggers: N months / days. */
  amountMax: 600,
  waitDaysMax: 366,
  waitHoursMax: 24 * 366,
  waitMinutesMax: 60 * 24 * 366,
  districtLength: 100,
  surveyLength: 100,
} as const;

/** RBAC actions (Settings → Roles → Plugins → civic-dialog). Editing itself is the content type's own permission. */
export const AUTOMATION_ACTIONS = {
  read: 'plugin::civic-dialog.automations.read',
} as const;

/** The message ids of every problem a definition can have, with the English text the server logs and answers. */
export const AUTOMATION_MESSAGES = {
  'automation.trigger.type': 'must be one of subscription-confirmed, event-published, entry-published, date',
  'automation.trigger.contentType': 'must be a content type uid such as api::article.article',
  'automation.trigger.condition': 'must be one of consent-older-than-months, pending-for-days, inactive-for-months',
  'automation.trigger.amount': `must be a whole number from 1 to ${AUTOMATION_LIMITS.amountMax}`,
  'automation.topic': 'must be a topic slug (lower-case letters, digits, dashes)',
  'automation.steps.empty': 'needs at least one step',
  'automation.steps.tooMany': `may have at most ${AUTOMATION_LIMITS.steps} steps`,
  'automation.step.id': 'needs an id (letters, digits, dashes, underscores)',
  'automation.step.idDuplicate': 'repeats the id of an earlier step',
  'automation.step.type': 'must be one of wait, wait-until, send-mail, condition, action',
  'automation.wait.empty': 'needs days, hours or minutes (at least one minute in all)',
  'automation.wait.amount': 'must be a whole number, not negative',
  'automation.waitUntil.weekday': 'must be a weekday from 1 (Monday) to 7 (Sunday)',
  'automation.waitUntil.hour': 'must be an hour from 0 to 23',
  'automation.mail.subject': `needs a subject of at most ${AUTOMATION_LIMITS.subjectLength} characters`,
  'automation.mail.body': `needs a text of at most ${AUTOMATION_LIMITS.bodyLength} characters`,
  'automation.mail.placeholder': 'uses an unknown placeholder',
  'automation.mail.eventPlaceholder': 'uses {{event.…}}, which only an automation started by an event published can fill',
  'automation.mail.entryPlaceholder': 'uses {{entry.…}}, which only an automation started by an entry published can fill',
  'automation.mail.content': 'needs either a text or blocks (not both)',
  'automation.mail.blocks': 'has a block that is not valid (see the newsletter blocks)',
  'automation.condition.kind': 'must be one of topic, language, district, registered-for-event, answered-survey',
  'automation.condition.language': 'must be de or en',
  'automation.condition.district': 'needs a district',
  'automation.condition.survey': 'must be a survey id',
  'automation.condition.registeredNeedsEvent': 'registered-for-event only works in an automation started by an event published',
  'automation.action.type': 'must be one of add-topic, remove-topic, remove-all-topics, ask-reconfirmation, erase-profile',
  'automation.invalid': 'is not valid',
} as const;
export type AutomationMessageId = keyof typeof AUTOMATION_MESSAGES;
const m = (id: AutomationMessageId) => ({ message: AUTOMATION_MESSAGES[id] });

// ---------------------------------------------------------------------------------------------
// Trigger

export const AUTOMATION_DATE_CONDITIONS = ['consent-older-than-months', 'pending-for-days', 'inactive-for-months'] as const;
export type AutomationDateCondition = (typeof AUTOMATION_DATE_CONDITIONS)[number];

const topicField = z.string(m('automation.topic')).max(64, m('automation.topic')).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, m('automation.topic'));

export const automationTriggerSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('subscription-confirmed'), topic: topicField.optional() }).strict(),
    z.object({ type: z.literal('event-published'), topic: topicField.optional() }).strict(),
    /** An entry of a content type named in the plugin config `automations.entryTypes` was published with a topic (any configured type, or `contentType`). */
    z
      .object({
        type: z.literal('entry-published'),
        contentType: z.string(m('automation.trigger.contentType')).max(60, m('automation.trigger.contentType')).regex(/^(api|plugin)::[a-z0-9-]+\.[a-z0-9-]+$/, m('automation.trigger.contentType')).optional(),
        topic: topicField.optional(),
      })
      .strict(),
    z
      .object({
        type: z.literal('date'),
        condition: z.enum(AUTOMATION_DATE_CONDITIONS, m('automation.trigger.condition')),
        amount: z.number(m('automation.trigger.amount')).int(m('automation.trigger.amount')).min(1, m('automation.trigger.amount')).max(AUTOMATION_LIMITS.amountMax, m('automation.trigger.amount')),
      })
      .strict(),
  ],
  m('automation.trigger.type'),
);
export type AutomationTrigger = z.infer<typeof automationTriggerSchema>;

// ---------------------------------------------------------------------------------------------
// Steps

/** Placeholders a mail text may use; `{{event.*}}` only in automations started by an event, `{{entry.*}}` only by an entry. */
export const AUTOMATION_PLACEHOLDERS = ['firstName', 'lastName', 'event.title', 'event.date', 'event.link', 'entry.title', 'entry.url', 'preferences.link'] as const;
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
/** The placeholders a text uses (names inside {{ }}). */
export const placeholdersOf = (text: string): string[] => [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');

const stepId = z.string(m('automation.step.id')).regex(/^[A-Za-z0-9_-]{1,64}$/, m('automation.step.id'));
const waitAmount = (max: number) => z.number(m('automation.wait.amount')).int(m('automation.wait.amount')).min(0, m('automation.wait.amount')).max(max, m('automation.wait.amount'));

const mailText = (max: number, id: AutomationMessageId) =>
  z
    .string(m(id))
    .trim()
    .min(1, m(id))
    .max(max, m(id))
    .refine((text) => placeholdersOf(text).every((name) => (AUTOMATION_PLACEHOLDERS as readonly string[]).includes(name)), m('automation.mail.placeholder'));
const perLanguage = (max: number, id: AutomationMessageId) => z.object({ de: mailText(max, id), en: mailText(max, id) }, m(id));

export const automationConditionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('topic'), topic: topicField }).strict(),
    z.object({ kind: z.literal('language'), language: z.enum(['de', 'en'], m('automation.condition.language')) }).strict(),
    z.object({ kind: z.literal('district'), district: z.string(m('automation.condition.district')).trim().min(1, m('automation.condition.district')).max(AUTOMATION_LIMITS.districtLength, m('automation.condition.district')) }).strict(),
    z.object({ kind: z.literal('registered-for-event') }).strict(),
    z.object({ kind: z.literal('answered-survey'), survey: z.string(m('automation.condition.survey')).regex(/^[A-Za-z0-9_-]{1,100}$/, m('automation.condition.survey')).optional() }).strict(),
  ],
  m('automation.condition.kind'),
);
export type AutomationCondition = z.infer<typeof automationConditionSchema>;

const actionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ id: stepId, type: z.literal('action'), action: z.literal('add-topic'), topic: topicField }).strict(),
    z.object({ id: stepId, type: z.literal('action'), action: z.literal('remove-topic'), topic: topicField }).strict(),
    z.object({ id: stepId, type: z.literal('action'), action: z.literal('ask-reconfirmation') }).strict(),
    z.object({ id: stepId, type: z.literal('action'), action: z.literal('remove-all-topics') }).strict(),
    z.object({ id: stepId, type: z.literal('action'), action: z.literal('erase-profile') }).strict(),
  ],
  m('automation.action.type'),
);

const waitSchema = z
  .object({
    id: stepId,
    type: z.literal('wait'),
    days: waitAmount(AUTOMATION_LIMITS.waitDaysMax).optional(),
    hours: waitAmount(AUTOMATION_LIMITS.waitHoursMax).optional(),
    minutes: waitAmount(AUTOMATION_LIMITS.waitMinutesMax).optional(),
  })
  .strict()
  .refine((step) => waitMinutes(step) >= 1, { ...m('automation.wait.empty'), path: ['days'] });

const waitUntilSchema = z
  .object({
    id: stepId,
    type: z.literal('wait-until'),
    weekday: z.number(m('automation.waitUntil.weekday')).int(m('automation.waitUntil.weekday')).min(1, m('automation.waitUntil.weekday')).max(7, m('automation.waitUntil.weekday')),
    hour: z.number(m('automation.waitUntil.hour')).int(m('automation.waitUntil.hour')).min(0, m('automation.waitUntil.hour')).max(23, m('automation.waitUntil.hour')),
  })
  .strict();

/** Every text of newsletter blocks an editor wrote (rich text's leaves, labels, captions): placeholders are checked in them. */
export function blockTexts(blocks: readonly unknown[]): string[] {
  const texts: string[] = [];
  // Deeper rich text is refused by its own rule; the walk stops there (a deep body would exhaust the stack).
  const walk = (nodes: unknown, depth = 0) => {
    if (!Array.isArray(nodes) || depth > RICH_TEXT_MAX_DEPTH) return;
    for (const node of nodes as RichTextNode[]) {
      if (node && typeof node === 'object') {
        if (typeof node.text === 'string') texts.push(node.text);
        if (typeof node.url === 'string') texts.push(node.url);
        walk(node.children, depth + 1);
      }
    }
  };
  for (const block of blocks) {
    if (!block || typeof block !== 'object') continue;
    const record = block as Record<string, unknown>;
    walk(record.text);
    walk(record.textEn);
    for (const key of ['alt', 'altEn', 'caption', 'captionEn', 'label', 'labelEn', 'heading', 'headingEn', 'link', 'url']) if (typeof record[key] === 'string') texts.push(record[key] as string);
    if (record.type === 'survey') for (const key of ['text', 'textEn']) if (typeof record[key] === 'string') texts.push(record[key] as string);
  }
  return texts;
}

const knownPlaceholders = (text: string) => placeholdersOf(text).every((name) => (AUTOMATION_PLACEHOLDERS as readonly string[]).includes(name));

/**
 * The mail's content: the newsletter's blocks (rich text, image, button, entry, upcoming events,
 * survey; each block carries its German and English text, as in a newsletter), rendered by the
 * newsletter renderer. Links in blocks must be web links, so `{{event.link}}` belongs in a text.
 */
export const automationMailBlocksSchema = z
  .array(newsletterBlockSchema, m('automation.mail.blocks'))
  .min(1, m('automation.mail.blocks'))
  .max(AUTOMATION_LIMITS.mailBlocks, m('automation.mail.blocks'))
  .refine((blocks) => blockTexts(blocks).every(knownPlaceholders), m('automation.mail.placeholder'))
  .superRefine((blocks, ctx) => {
    // A newsletter's images come from the media library; an automation's blocks are written as they
    // are, so every image must be a web address (no javascript:, data:, relative or disguised ones).
    const bad = (path: (string | number)[]) => ctx.addIssue({ code: 'custom', path, ...m('automation.mail.blocks') });
    const walk = (nodes: unknown, path: (string | number)[]) => {
      // Deeper rich text is refused by its own rule; the walk stops there (a deep body would exhaust the stack).
      if (!Array.isArray(nodes) || path.length > RICH_TEXT_MAX_DEPTH + 2) return;
      nodes.forEach((node: RichTextNode, index) => {
        if (!node || typeof node !== 'object') return;
        const image = node.image as { url?: unknown } | undefined;
        if (node.type === 'image' && image && image.url !== undefined && !isWebAddress(image.url)) bad([...path, index, 'image', 'url']);
        walk(node.children, [...path, index, 'children']);
      });
    };
    blocks.forEach((block, index) => {
      if (block.type === 'image' && !isWebAddress(block.url)) bad([index, 'url']);
      if (block.type === 'entry' && block.entry?.imageUrl && !isWebAddress(block.entry.imageUrl)) bad([index, 'entry', 'imageUrl']);
      if (block.type === 'rich-text') {
        walk(block.text, [index, 'text']);
        walk(block.textEn, [index, 'textEn']);
      }
    });
  });

const sendMailSchema = z
  .object({
    id: stepId,
    type: z.literal('send-mail'),
    subject: perLanguage(AUTOMATION_LIMITS.subjectLength, 'automation.mail.subject'),
    /** Plain text per language (paragraphs, web addresses become links) … */
    body: perLanguage(AUTOMATION_LIMITS.bodyLength, 'automation.mail.body').optional(),
    /** … or newsletter blocks: exactly one of the two. */
    blocks: z.array(z.unknown(), m('automation.mail.blocks')).optional(),
  })
  .strict()
  .superRefine((step, ctx) => {
    if (step.body === undefined && step.blocks === undefined) {
      ctx.addIssue({ code: 'custom', path: ['body'], ...m('automation.mail.body') });
      return;
    }
    if (step.body !== undefined && step.blocks !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['body'], ...m('automation.mail.content') });
      return;
    }
    if (step.blocks === undefined) return;
    const result = automationMailBlocksSchema.safeParse(step.blocks);
    if (result.success) return;
    for (const issue of result.error.issues) {
      const known = issue.message === AUTOMATION_MESSAGES['automation.mail.placeholder'] || issue.message === AUTOMATION_MESSAGES['automation.mail.blocks'];
      ctx.addIssue({ code: 'custom', path: ['blocks', ...(issue.path as (string | number)[])], message: known ? issue.message : AUTOMATION_MESSAGES['automation.mail.blocks'] });
    }
  });

const conditionStepSchema = z.object({ id: stepId, type: z.literal('condition'), condition: automationConditionSchema }).strict();

/** One step; `type` picks the shape (a union checked by `type` first, so an issue points at the step's own fields). */
export const automationStepByTypeSchema = z.custom<AutomationStep>().superRefine((value, ctx) => {
  const type = value && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  const schema = type === 'wait' ? waitSchema : type === 'wait-until' ? waitUntilSchema : type === 'send-mail' ? sendMailSchema : type === 'condition' ? conditionStepSchema : type === 'action' ? actionSchema : null;
  if (!schema) {
    ctx.addIssue({ code: 'custom', path: ['type'], ...m('automation.step.type') });
    return;
  }
  const result = schema.safeParse(value);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path as (string | number)[], message: issue.message });
  // A mail with other problems still says that it needs a text (its own check runs only on an otherwise valid step).
  const mail = value as { body?: unknown; blocks?: unknown };
  if (!result.success && type === 'send-mail' && mail.body === undefined && mail.blocks === undefined && !result.error.issues.some((issue) => issue.path[0] === 'body')) {
    ctx.addIssue({ code: 'custom', path: ['body'], ...m('automation.mail.body') });
  }
});

export type AutomationWaitStep = { id: string; type: 'wait'; days?: number; hours?: number; minutes?: number };
export type AutomationWaitUntilStep = { id: string; type: 'wait-until'; weekday: number; hour: number };
export type AutomationSendMailStep = { id: string; type: 'send-mail'; subject: { de: string; en: string } } & (
  | { body: { de: string; en: string }; blocks?: undefined }
  | { blocks: NewsletterBlock[]; body?: undefined }
);
export type AutomationConditionStep = { id: string; type: 'condition'; condition: AutomationCondition };
export type AutomationActionStep =
  | { id: string; type: 'action'; action: 'add-topic' | 'remove-topic'; topic: string }
  | { id: string; type: 'action'; action: 'ask-reconfirmation' | 'remove-all-topics' | 'erase-profile' };
export type AutomationStep = AutomationWaitStep | AutomationWaitUntilStep | AutomationSendMailStep | AutomationConditionStep | AutomationActionStep;
export type AutomationStepType = AutomationStep['type'];

/** A wait step's length in minutes. */
export function waitMinutes(step: { days?: number; hours?: number; minutes?: number }): number {
  return (step.days ?? 0) * 1440 + (step.hours ?? 0) * 60 + (step.minutes ?? 0);
}

export const automationStepsSchema = z
  .array(automationStepByTypeSchema, m('automation.steps.empty'))
  .min(1, m('automation.steps.empty'))
  .max(AUTOMATION_LIMITS.steps, m('automation.steps.tooMany'))
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((step, index) => {
      const id = step && typeof step === 'object' ? step.id : undefined;
      if (typeof id !== 'string') return;
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], ...m('automation.step.idDuplicate') });
      seen.add(id);
    });
  });

/** A whole definition: trigger and steps, and the rules that need both (event placeholders need an event trigger). */
export const automationDefinitionSchema = z
  .object({ trigger: automationTriggerSchema, steps: automationStepsSchema })
  .superRefine((definition, ctx) => {
    const byEvent = definition.trigger.type === 'event-published';
    const byEntry = definition.trigger.type === 'entry-published';
    // {{event.…}} needs an event trigger, {{entry.…}} an entry trigger.
    const misplaced = (text: unknown): AutomationMessageId | null => {
      if (typeof text !== 'string') return null;
      const names = placeholdersOf(text);
      if (!byEvent && names.some((name) => name.startsWith('event.'))) return 'automation.mail.eventPlaceholder';
      if (!byEntry && names.some((name) => name.startsWith('entry.'))) return 'automation.mail.entryPlaceholder';
      return null;
    };
    definition.steps.forEach((step, index) => {
      if (!step || typeof step !== 'object') return;
      if (step.type === 'send-mail') {
        for (const part of ['subject', 'body'] as const) {
          for (const language of ['de', 'en'] as const) {
            const id = misplaced((step[part] as Record<string, unknown> | undefined)?.[language]);
            if (id) ctx.addIssue({ code: 'custom', path: ['steps', index, part, language], ...m(id) });
          }
        }
        if (Array.isArray(step.blocks)) {
          step.blocks.forEach((block, blockIndex) => {
            const id = blockTexts([block]).map(misplaced).find(Boolean);
            if (id) ctx.addIssue({ code: 'custom', path: ['steps', index, 'blocks', blockIndex], ...m(id) });
          });
        }
      }
      if (!byEvent && step.type === 'condition' && step.condition?.kind === 'registered-for-event') {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'condition', 'kind'], ...m('automation.condition.registeredNeedsEvent') });
      }
    });
  });
export type AutomationDefinition = { trigger: AutomationTrigger; steps: AutomationStep[] };

/** One problem of a definition: where (`path` from the definition's root, e.g. ['steps', 2, 'subject', 'de']) and its message id. */
export interface AutomationIssue {
  path: (string | number)[];
  messageId: AutomationMessageId;
  message: string;
}

const ID_OF_MESSAGE = new Map<string, AutomationMessageId>(Object.entries(AUTOMATION_MESSAGES).map(([id, text]) => [text, id as AutomationMessageId]));

/** The problems of a definition as message ids (none: valid). The admin form and the server's 400 use the same. */
export function automationIssues(definition: { trigger: unknown; steps: unknown }): AutomationIssue[] {
  const result = automationDefinitionSchema.safeParse(definition);
  if (result.success) return [];
  const seen = new Set<string>();
  const issues: AutomationIssue[] = [];
  for (const issue of result.error.issues) {
    const messageId = ID_OF_MESSAGE.get(issue.message) ?? 'automation.invalid';
    const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
    const key = `${path.join('.')}|${messageId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, messageId, message: AUTOMATION_MESSAGES[messageId] });
  }
  return issues;
}

/** Why a person left an automation (fixed exit rules, plus a condition step that did not hold). */
/** `reconfirmed`: a re-permission run ends when the person confirms again. */
export const AUTOMATION_EXIT_REASONS = ['unsubscribed', 'consent-withdrawn', 'erased', 'switched-off', 'condition-not-met', 'reconfirmed'] as const;
export type AutomationExitReason = (typeof AUTOMATION_EXIT_REASONS)[number];

/** GET /civic-dialog/automations/:id/stats */
export interface AutomationStats {
  automationId: number;
  enabled: boolean;
  /** People waiting at (or about to do) each step, in the order of the steps. */
  steps: Array<{ id: string; type: AutomationStepType; people: number; sent: number }>;
  active: number;
  done: number;
  exited: Partial<Record<AutomationExitReason, number>>;
  sent: number;
}

/** GET /civic-dialog/profiles/:id/automation-timeline */
export interface AutomationTimelineEntry {
  automationId: number;
  automationName: string;
  subject: string;
  status: 'active' | 'done' | 'exited';
  stepId: string | null;
  stepIndex: number;
  dueAt: string | null;
  exitReason: AutomationExitReason | null;
  enrolledAt: string;
  updatedAt: string;
  mails: Array<{ stepId: string; status: string; createdAt: string }>;
}
