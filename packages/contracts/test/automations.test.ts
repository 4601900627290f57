import { describe, expect, it } from 'vitest';
import { automationDefinitionSchema, automationIssues, automationTriggerSchema, waitMinutes } from '../src/index';

const mail = (id: string, text = 'Hallo {{firstName}}') => ({ id, type: 'send-mail', subject: { de: 'Betreff', en: 'Subject' }, body: { de: text, en: text } });
const ids = (definition: { trigger: unknown; steps: unknown }) => automationIssues(definition).map((issue) => `${issue.path.join('.')}:${issue.messageId}`);

describe('automation definitions', () => {
  it('accepts every trigger, step, condition and action', () => {
    const steps = [
      mail('welcome', 'Neu: {{event.title}} am {{event.date}} — {{event.link}}'),
      { id: 'w1', type: 'wait', days: 2, hours: 1 },
      { id: 'w2', type: 'wait-until', weekday: 1, hour: 9 },
      { id: 'c1', type: 'condition', condition: { kind: 'topic', topic: 'verkehr' } },
      { id: 'c2', type: 'condition', condition: { kind: 'language', language: 'en' } },
      { id: 'c3', type: 'condition', condition: { kind: 'district', district: 'Altstadt' } },
      { id: 'c4', type: 'condition', condition: { kind: 'registered-for-event' } },
      { id: 'c5', type: 'condition', condition: { kind: 'answered-survey', survey: '12' } },
      { id: 'a1', type: 'action', action: 'add-topic', topic: 'kultur' },
      { id: 'a2', type: 'action', action: 'remove-topic', topic: 'kultur' },
      { id: 'a3', type: 'action', action: 'ask-reconfirmation' },
      { id: 'a4', type: 'action', action: 'erase-profile' },
      { id: 'a5', type: 'action', action: 'remove-all-topics' },
    ];
    expect(ids({ trigger: { type: 'event-published', topic: 'verkehr' }, steps })).toEqual([]);
    expect(automationTriggerSchema.safeParse({ type: 'subscription-confirmed' }).success).toBe(true);
    expect(automationTriggerSchema.safeParse({ type: 'date', condition: 'consent-older-than-months', amount: 24 }).success).toBe(true);
    expect(automationDefinitionSchema.parse({ trigger: { type: 'event-published' }, steps }).steps).toHaveLength(13);
  });

  it('names each problem by message id at its field', () => {
    expect(ids({ trigger: { type: 'sometimes' }, steps: [] })).toEqual(['trigger.type:automation.trigger.type', 'steps:automation.steps.empty']);
    expect(ids({ trigger: { type: 'date', condition: 'pending-for-days', amount: 0 }, steps: [mail('a')] })).toEqual(['trigger.amount:automation.trigger.amount']);
    expect(ids({ trigger: { type: 'subscription-confirmed', topic: 'Not A Slug' }, steps: [mail('a')] })).toEqual(['trigger.topic:automation.topic']);
    expect(
      ids({
        trigger: { type: 'subscription-confirmed' },
        steps: [
          mail('a'),
          mail('a', 'Hallo {{nope}}'),
          { id: 'w', type: 'wait' },
          { id: 'u', type: 'wait-until', weekday: 8, hour: 24 },
          { id: 'x', type: 'jump' },
          { id: 'c', type: 'condition', condition: { kind: 'language', language: 'fr' } },
          { id: 'act', type: 'action', action: 'explode' },
          { id: 'e', type: 'send-mail', subject: { de: '', en: 'x' }, body: { de: 'x', en: '{{event.title}}' } },
          { id: 'r', type: 'condition', condition: { kind: 'registered-for-event' } },
        ],
      }),
    ).toEqual([
      'steps.1.body.de:automation.mail.placeholder',
      'steps.1.body.en:automation.mail.placeholder',
      'steps.2.days:automation.wait.empty',
      'steps.3.weekday:automation.waitUntil.weekday',
      'steps.3.hour:automation.waitUntil.hour',
      'steps.4.type:automation.step.type',
      'steps.5.condition.language:automation.condition.language',
      'steps.6.action:automation.action.type',
      'steps.7.subject.de:automation.mail.subject',
      'steps.1.id:automation.step.idDuplicate',
      'steps.7.body.en:automation.mail.eventPlaceholder',
      'steps.8.condition.kind:automation.condition.registeredNeedsEvent',
    ]);
    expect(ids({ trigger: { type: 'date', condition: 'pending-for-days', amount: 3 }, steps: [{ id: 's', type: 'send-mail' }, null] })).toEqual([
      'steps.0.subject:automation.mail.subject',
      'steps.0.body:automation.mail.body',
      'steps.1.type:automation.step.type',
    ]);
    expect(ids({ trigger: { type: 'subscription-confirmed' }, steps: [mail('e', '{{event.title}}'), { id: 'r', type: 'condition', condition: { kind: 'registered-for-event' } }] })).toEqual([
      'steps.0.body.de:automation.mail.eventPlaceholder',
      'steps.0.body.en:automation.mail.eventPlaceholder',
      'steps.1.condition.kind:automation.condition.registeredNeedsEvent',
    ]);
  });

  it('limits the list to 20 steps and counts a wait in minutes', () => {
    expect(ids({ trigger: { type: 'subscription-confirmed' }, steps: Array.from({ length: 21 }, (_, index) => mail(`m${index}`)) })).toEqual(['steps:automation.steps.tooMany']);
    expect(waitMinutes({ days: 1, hours: 2, minutes: 3 })).toBe(1563);
  });
});
