import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { storyApi, type EventStoryScenario } from '../../.storybook/mock-api.js';
import { fillRegistration, forumEntries, openEvent } from '../../test/event-form.js';
import { $, statusText, submit } from '../../test/form.js';
import './define.js';

interface EventRegistrationArgs {
  scenario: EventStoryScenario;
  event: string;
  lang: string;
}

type Context = { canvasElement: HTMLElement };

/** The widget in the story's canvas once `selector` is in its shadow root. */
async function widgetShowing(canvasElement: HTMLElement, selector: string): Promise<HTMLElement> {
  const widget = canvasElement.querySelector('civic-event-registration')!;
  await waitFor(() => expect(widget.shadowRoot?.querySelector(selector)).toBeTruthy());
  return widget;
}

/** Fills the forum's form completely and submits; the mocked server answers per scenario. */
const registerForForum = async ({ canvasElement }: Context) => {
  const widget = await widgetShowing(canvasElement, 'form');
  fillRegistration(widget, forumEntries);
  submit(widget);
};

/**
 * Registration for events, with double opt-in. Webmasters embed it with
 * `<script type="module" src="https://cms.example/api/civic-dialog/widgets/loader.js"></script>`
 * and `<civic-event-registration api="https://cms.example" event="stadtteilforum"></civic-event-registration>`
 * (without `event`: every upcoming event open for registration).
 * The stories answer from a mocked API (see `.storybook/mock-api.ts` and `test/fake-events.mjs`):
 * `event` picks the event (`stadtteilforum` with every question type, `ratssitzung` unlimited,
 * `yoga` waiting list, `lesung` fully booked, `flohmarkt` closed; empty = the list),
 * `scenario` how the server answers.
 */
const meta: Meta<EventRegistrationArgs> = {
  title: 'Widgets/civic-event-registration',
  component: 'civic-event-registration',
  tags: ['autodocs'],
  args: { scenario: 'ok', event: 'stadtteilforum', lang: 'de' },
  argTypes: {
    scenario: {
      control: 'select',
      options: ['ok', 'loading', 'load-error', 'empty', 'submitting', 'invalid-answer', 'invalid-many', 'full', 'closed', '429', 'network'],
      description: 'How the mocked API answers (stories only; sets the `api` attribute).',
    },
    event: { control: 'select', options: ['', 'stadtteilforum', 'ratssitzung', 'yoga', 'lesung', 'flohmarkt', 'gibt-es-nicht'] },
    lang: { control: 'inline-radio', options: ['de', 'en'] },
  },
  render: ({ scenario, event, lang }) =>
    html`<civic-event-registration api=${storyApi(scenario)} event=${event || nothing} lang=${lang || nothing}></civic-event-registration>`,
};
export default meta;

type Story = StoryObj<EventRegistrationArgs>;

export const OneEvent: Story = {
  play: async ({ canvasElement }) => {
    const widget = await widgetShowing(canvasElement, 'form');
    await expect(statusText(widget)).toBe('');
  },
};

export const English: Story = { args: { lang: 'en' } };

/** Without `event`: the upcoming events, each with a button that opens its form. */
export const List: Story = { args: { event: '' } };

export const ListWithOpenForm: Story = {
  args: { event: '' },
  play: async ({ canvasElement }) => {
    const widget = await widgetShowing(canvasElement, '[part="toggle"]');
    openEvent(widget, 'stadtteilforum');
    await waitFor(() => expect($(widget, '#panel-stadtteilforum form')).toBeTruthy());
  },
};

export const NoEvents: Story = { args: { event: '', scenario: 'empty' } };

export const Loading: Story = { args: { scenario: 'loading' } };

export const LoadError: Story = {
  args: { scenario: 'load-error' },
  play: async ({ canvasElement }) => {
    const widget = await widgetShowing(canvasElement, '[part="status"]:not(:empty)');
    await expect(statusText(widget)).toContain('konnten nicht geladen werden');
  },
};

export const UnknownEvent: Story = { args: { event: 'gibt-es-nicht' } };

export const WaitingList: Story = { args: { event: 'yoga' } };

export const FullyBooked: Story = { args: { event: 'lesung' } };

export const RegistrationClosed: Story = { args: { event: 'flohmarkt' } };

/** Submitted with nothing filled in: own German messages, an error summary with focus. */
export const FieldErrors: Story = {
  play: async ({ canvasElement }) => {
    const widget = await widgetShowing(canvasElement, 'form');
    submit(widget);
    await waitFor(() => expect(widget.shadowRoot!.activeElement).toBe($(widget, '[part="error-summary"]')));
  },
};

/** The server refused one answer: the error lands on that question. */
export const ServerAnswerError: Story = {
  args: { scenario: 'invalid-answer' },
  play: async (context) => {
    await registerForForum(context);
    const widget = context.canvasElement.querySelector('civic-event-registration')!;
    await waitFor(() => expect($(widget, '#q-session-verkehr').getAttribute('aria-invalid')).toBe('true'));
  },
};

export const Submitting: Story = { args: { scenario: 'submitting' }, play: registerForForum };

export const Success: Story = {
  play: async (context) => {
    await registerForForum(context);
    const widget = context.canvasElement.querySelector('civic-event-registration')!;
    await waitFor(() => expect(widget.shadowRoot!.activeElement).toBe($(widget, '[part="success-heading"]')));
  },
};

/** Fully booked between loading and sending: the server's reason in the status region. */
export const BookedMeanwhile: Story = { args: { scenario: 'full' }, play: registerForForum };

export const ClosedMeanwhile: Story = { args: { scenario: 'closed' }, play: registerForForum };

export const NetworkError: Story = { args: { scenario: 'network' }, play: registerForForum };

export const TooManyAttempts: Story = { args: { scenario: '429' }, play: registerForForum };

/** Theming from the host page: custom properties and `::part()`, from a stylesheet (no inline styles). */
export const Themed: Story = {
  args: { event: '' },
  render: (args, context) => html`
    <style>
      .civic-themed civic-event-registration {
        --civic-color-primary: #5b2a86;
        --civic-font-family: Georgia, serif;
        --civic-radius: 0;
      }
      .civic-themed civic-event-registration::part(event-title) {
        text-transform: uppercase;
        letter-spacing: 0.05em;
      }
    </style>
    <div class="civic-themed">${meta.render!(args, context)}</div>
  `,
};
