import { AUTOMATION_EXIT_REASONS, AUTOMATION_MESSAGES } from '@civic-dialog/contracts';
import { describe, expect, it } from 'vitest';

import de from '../translations/de.json';
import en from '../translations/en.json';
import {
  ACTION_KINDS,
  CONDITION_KINDS,
  DATE_CONDITIONS,
  LANGUAGES,
  STEP_TYPES,
  TRIGGER_TYPES,
  WEEKDAYS,
  freeStepId,
  newStep,
  newTrigger,
  stepsFromStored,
  stepsProblems,
  stepsToStored,
  triggerFromStored,
  triggerProblems,
  triggerToStored,
  withType,
  type StepDraft,
} from './automationDrafts';

const ANNOUNCE = [
  { id: 'announce', type: 'send-mail', subject: { de: 'Neu: {{event.title}}', en: 'New: {{event.title}}' }, body: { de: 'Hallo {{firstName}}', en: 'Hello {{firstName}}' } },
  { id: 'pause', type: 'wait', days: 2, hours: 3 },
  { id: 'monday', type: 'wait-until', weekday: 1, hour: 9 },
  { id: 'follows', type: 'condition', condition: { kind: 'topic', topic: 'verkehr' } },
  { id: 'german', type: 'condition', condition: { kind: 'language', language: 'en' } },
  { id: 'north', type: 'condition', condition: { kind: 'district', district: 'Nord' } },
  { id: 'answered', type: 'condition', condition: { kind: 'answered-survey' } },
  { id: 'add', type: 'action', action: 'add-topic', topic: 'kultur' },
  { id: 'ask', type: 'action', action: 'ask-reconfirmation' },
];

/** A touched step of `type` with `patch`, as the editor leaves it. */
let stepNumber = 0;
const step = (type: string, patch: Partial<StepDraft> = {}): StepDraft => ({ ...newStep(type, []), id: `step-${++stepNumber}`, touched: true, ...patch });

describe('trigger ⇄ stored JSON', () => {
  it('keeps only the fields of its type and reads them back', () => {
    expect(triggerToStored(triggerFromStored({ type: 'event-published', topic: 'verkehr' }))).toEqual({ type: 'event-published', topic: 'verkehr' });
    expect(triggerToStored(triggerFromStored('{"type":"subscription-confirmed"}'))).toEqual({ type: 'subscription-confirmed' });
    expect(triggerToStored({ ...newTrigger(), type: 'date', condition: 'pending-for-days', amount: '14', topic: 'verkehr' })).toEqual({
      type: 'date',
      condition: 'pending-for-days',
      amount: 14,
    });
  });

  it('a new automation (nothing stored, broken JSON) starts with "event published, any topic"', () => {
    expect(triggerToStored(triggerFromStored(null))).toEqual({ type: 'event-published' });
    expect(triggerToStored(triggerFromStored('{oops'))).toEqual({ type: 'event-published' });
  });

  it("the contract's issues per field: amount empty, zero, not whole; a topic that is no slug", () => {
    const date = (amount: string) => triggerProblems({ ...newTrigger(), type: 'date', amount });
    expect(date('24')).toEqual({});
    expect(date('')).toEqual({ amount: 'automation.trigger.amount' });
    expect(date('0')).toEqual({ amount: 'automation.trigger.amount' });
    expect(date('1,5')).toEqual({ amount: 'automation.trigger.amount' });
    expect(triggerProblems({ ...newTrigger(), topic: 'Verkehr und Wege' })).toEqual({ topic: 'automation.topic' });
  });
});

describe('steps ⇄ stored JSON', () => {
  it('reads every step type and stores it unchanged', () => {
    expect(stepsToStored(stepsFromStored(ANNOUNCE))).toEqual(ANNOUNCE);
    expect(stepsToStored(stepsFromStored(JSON.stringify(ANNOUNCE)))).toEqual(ANNOUNCE);
  });

  it('reads nothing, or what is not a list, as no steps', () => {
    expect(stepsFromStored(null)).toEqual([]);
    expect(stepsFromStored('{"id":"x"}')).toEqual([]);
  });

  it('a switched type keeps the id and stores only the new type’s fields', () => {
    const [mail] = stepsFromStored(ANNOUNCE);
    expect(stepsToStored([{ ...mail!, type: 'action', action: 'erase-profile' }])).toEqual([{ id: 'announce', type: 'action', action: 'erase-profile' }]);
  });

  it('a new mail step switched to wait waits a day; a wait with a time keeps it', () => {
    expect(stepsToStored([withType(newStep('send-mail', []), 'wait')])).toEqual([{ id: 'mail-1', type: 'wait', days: 1 }]);
    const [pause] = stepsFromStored([{ id: 'pause', type: 'wait', hours: 3 }]);
    expect(stepsToStored([withType(withType(pause!, 'send-mail'), 'wait')])).toEqual([{ id: 'pause', type: 'wait', hours: 3 }]);
  });

  it('new steps get an id no other step has, by type', () => {
    const drafts = stepsFromStored([{ id: 'mail-1', type: 'send-mail' }, { id: 'wait-1', type: 'wait' }]);
    expect(freeStepId('send-mail', drafts)).toBe('mail-2');
    expect(freeStepId('wait', drafts)).toBe('wait-2');
    expect(freeStepId('condition', drafts)).toBe('condition-1');
    expect(newStep('wait', drafts)).toMatchObject({ id: 'wait-2', days: '1', touched: false });
  });
});

describe("the contract's issues per step and field", () => {
  it('none for the shipped announcement', () => {
    expect(stepsProblems(stepsFromStored(ANNOUNCE))).toEqual({ list: [], steps: ANNOUNCE.map(() => ({})) });
  });

  it('no steps is a problem of the list', () => {
    expect(stepsProblems([])).toEqual({ list: ['automation.steps.empty'], steps: [] });
  });

  it('a wait without any time, a negative or broken amount', () => {
    const problems = stepsProblems([step('wait', { days: '' }), step('wait', { hours: '-1' }), step('wait', { minutes: '2.5' })]);
    expect(problems.steps).toEqual([{ days: 'automation.wait.empty' }, { hours: 'automation.wait.amount' }, { minutes: 'automation.wait.amount' }]);
  });

  it('a mail without English subject, a German text with an unknown placeholder', () => {
    const mail = step('send-mail', { subject: { de: 'Hallo', en: '' }, body: { de: 'Hallo {{vorname}}', en: 'Hello' } });
    expect(stepsProblems([mail]).steps).toEqual([{ 'subject.en': 'automation.mail.subject', 'body.de': 'automation.mail.placeholder' }]);
  });

  it('a condition without topic or district, an action without topic, an hour of 24', () => {
    const problems = stepsProblems([
      step('condition', { conditionKind: 'topic', topic: '' }),
      step('condition', { conditionKind: 'district', district: ' ' }),
      step('action', { action: 'remove-topic', topic: '' }),
      step('wait-until', { weekday: '1', hour: '24' }),
    ]);
    expect(problems.steps).toEqual([
      { topic: 'automation.topic' },
      { district: 'automation.condition.district' },
      { topic: 'automation.topic' },
      { hour: 'automation.waitUntil.hour' },
    ]);
  });

  it('a step id typed twice is named at the later step', () => {
    expect(stepsProblems([step('wait', { id: 'a' }), step('wait', { id: 'a' })]).steps).toEqual([{}, { id: 'automation.step.idDuplicate' }]);
  });

  it('a new step, not yet changed, shows no problems yet', () => {
    expect(stepsProblems([newStep('send-mail', [])]).steps).toEqual([{}]);
  });
});

describe('the form’s words', () => {
  it('every issue, trigger, step, condition, action, exit reason and status has a German and an English text', () => {
    const ids = [
      ...Object.keys(AUTOMATION_MESSAGES).map((id) => `automations.error.${id}`),
      ...TRIGGER_TYPES.map((type) => `automations.trigger.type.${type}`),
      ...DATE_CONDITIONS.map((condition) => `automations.trigger.condition.${condition}`),
      ...STEP_TYPES.map((type) => `automations.step.type.${type}`),
      ...CONDITION_KINDS.map((kind) => `automations.condition.${kind}`),
      ...ACTION_KINDS.flatMap((action) => [`automations.action.${action}`, `automations.action.${action}.hint`]),
      ...WEEKDAYS.map((weekday) => `automations.weekday.${weekday}`),
      ...LANGUAGES.map((language) => `automations.language.${language}`),
      ...AUTOMATION_EXIT_REASONS.map((reason) => `automations.exit.${reason}`),
      ...(['active', 'done', 'exited'] as const).map((status) => `automations.status.${status}`),
    ];
    for (const messages of [de, en] as Array<Record<string, string>>) expect(ids.filter((id) => !messages[id])).toEqual([]);
  });
});
