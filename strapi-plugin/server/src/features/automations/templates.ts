import type { AutomationStep, AutomationTrigger } from '@civic-dialog/contracts';

/**
 * The ready-made automations a town switches on and adjusts, seeded switched off on bootstrap when
 * absent (by `key`; an edited or deleted one is left alone: deleted means the town does not want it).
 */
export interface AutomationTemplate {
  key: string;
  name: string;
  trigger: AutomationTrigger;
  steps: AutomationStep[];
}

export const AUTOMATION_TEMPLATES: AutomationTemplate[] = [
  {
    key: 'welcome-series',
    name: 'Willkommensserie / Welcome series',
    trigger: { type: 'subscription-confirmed' },
    steps: [
      { id: 'wait-1-day', type: 'wait', days: 1 },
      {
        id: 'how-it-works',
        type: 'send-mail',
        subject: { de: 'So funktioniert der Newsletter der Stadt', en: 'How the town newsletter works' },
        body: {
          de: '{{firstName}}, schön, dass Sie dabei sind!\n\nSie erhalten Nachrichten zu den Themen, die Sie gewählt haben. Themen ändern oder abbestellen können Sie jederzeit hier:\n{{preferences.link}}',
          en: '{{firstName}}, welcome aboard!\n\nYou will receive news on the topics you chose. Change your topics or unsubscribe at any time here:\n{{preferences.link}}',
        },
      },
      { id: 'wait-7-days', type: 'wait', days: 7 },
      {
        id: 'events-and-surveys',
        type: 'send-mail',
        subject: { de: 'Mitreden in Ihrer Stadt', en: 'Have your say in your town' },
        body: {
          de: 'Die Stadt lädt regelmäßig zu Veranstaltungen und Umfragen ein. Wir sagen Ihnen Bescheid, sobald es zu Ihren Themen etwas Neues gibt.',
          en: 'The town regularly invites you to events and surveys. We will let you know as soon as there is something new on your topics.',
        },
      },
    ],
  },
  {
    key: 'announce-event',
    name: 'Neue Veranstaltung ankündigen / Announce a new event',
    trigger: { type: 'event-published' },
    steps: [
      {
        id: 'announce',
        type: 'send-mail',
        subject: { de: 'Neue Veranstaltung: {{event.title}}', en: 'New event: {{event.title}}' },
        body: {
          de: 'Guten Tag {{firstName}},\n\nzu einem Ihrer Themen gibt es eine neue Veranstaltung:\n{{event.title}}\n{{event.date}}\n\nHier melden Sie sich an:\n{{event.link}}',
          en: 'Hello {{firstName}},\n\nthere is a new event on one of your topics:\n{{event.title}}\n{{event.date}}\n\nRegister here:\n{{event.link}}',
        },
      },
    ],
  },
  {
    key: 're-permission',
    name: 'Erneute Einwilligung / Re-permission',
    trigger: { type: 'date', condition: 'consent-older-than-months', amount: 24 },
    steps: [
      // The double opt-in mail again; confirming it ends the run (exit reason "reconfirmed").
      { id: 'ask', type: 'action', action: 'ask-reconfirmation' },
      { id: 'wait-30-days', type: 'wait', days: 30 },
      // Not confirmed within 30 days: the newsletter consent ends (every topic; one withdrawal in the ledger).
      { id: 'end-topics', type: 'action', action: 'remove-all-topics' },
    ],
  },
  {
    key: 'clean-up',
    name: 'Aufräumen / Clean-up',
    // Consistent with retention, which erases never-confirmed profiles once their confirmation link
    // expired (7 days) plus a grace period (7 days): the same 14 days, erased the same way. No mail:
    // an unconfirmed address may have been typed by a stranger.
    trigger: { type: 'date', condition: 'pending-for-days', amount: 14 },
    steps: [{ id: 'erase', type: 'action', action: 'erase-profile' }],
  },
];
