import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { storyApi, type SurveyStoryScenario } from '../../.storybook/mock-api.js';
import { $, statusText } from '../../test/form.js';
import { answerOfficeSurvey, answerPlaygroundSurvey, choose, submitSurvey } from '../../test/survey-form.js';
import './define.js';

interface SurveyArgs {
  scenario: SurveyStoryScenario;
  survey: string;
  lang: string;
}

type Context = { canvasElement: HTMLElement };

/** The widget in the story's canvas once `selector` is in its shadow root. */
async function widgetShowing(canvasElement: HTMLElement, selector: string): Promise<HTMLElement> {
  const survey = canvasElement.querySelector('civic-survey')!;
  await waitFor(() => expect(survey.shadowRoot?.querySelector(selector)).toBeTruthy());
  return survey;
}

const answerPlayground = async ({ canvasElement }: Context) => {
  const survey = await widgetShowing(canvasElement, 'form');
  answerPlaygroundSurvey(survey);
  submitSurvey(survey);
};

const answerOffice = async ({ canvasElement }: Context) => {
  const survey = await widgetShowing(canvasElement, 'form');
  answerOfficeSurvey(survey);
  submitSurvey(survey);
};

/**
 * A town survey. Webmasters embed it with
 * `<script type="module" src="https://cms.example/api/civic-dialog/widgets/loader.js"></script>`
 * and `<civic-survey api="https://cms.example" survey="spielplatz"></civic-survey>`.
 * The stories answer from a mocked API (see `.storybook/mock-api.ts` and `test/fake-surveys.mjs`):
 * `survey` picks the survey (`spielplatz` anonymous and open, `buergerbuero` identified,
 * `stadtfest` not yet open, `haushalt` closed with public results, `altes-thema` closed),
 * `scenario` how the server answers.
 */
const meta: Meta<SurveyArgs> = {
  title: 'Widgets/civic-survey',
  component: 'civic-survey',
  tags: ['autodocs'],
  args: { scenario: 'ok', survey: 'spielplatz', lang: 'de' },
  argTypes: {
    scenario: {
      control: 'select',
      options: ['ok', 'loading', 'load-error', 'submitting', 'invalid-answer', '409', '429', 'network'],
      description: 'How the mocked API answers (stories only; sets the `api` attribute).',
    },
    survey: { control: 'select', options: ['spielplatz', 'buergerbuero', 'stadtfest', 'haushalt', 'altes-thema', 'gibt-es-nicht'] },
    lang: { control: 'inline-radio', options: ['de', 'en'] },
  },
  render: ({ scenario, survey, lang }) =>
    html`<civic-survey api=${storyApi(scenario)} survey=${survey} lang=${lang || nothing}></civic-survey>`,
};
export default meta;

type Story = StoryObj<SurveyArgs>;

/** Anonymous, eight questions of every kind, two of them shown only after a certain answer. */
export const Open: Story = {
  play: async ({ canvasElement }) => {
    const survey = await widgetShowing(canvasElement, 'form');
    await expect(statusText(survey)).toBe('');
  },
};

/** "Im Neubaugebiet" and "Ja" reveal the follow-up questions; progress counts along. */
export const ConditionsShown: Story = {
  play: async ({ canvasElement }) => {
    const survey = await widgetShowing(canvasElement, 'form');
    choose(survey, 'q-ort-2');
    choose(survey, 'q-kinder-0');
    await waitFor(() => expect($(survey, '#q-kinder-alter-0')).toBeTruthy());
  },
};

export const English: Story = { args: { lang: 'en' } };

export const Loading: Story = { args: { scenario: 'loading' } };

export const LoadError: Story = {
  args: { scenario: 'load-error' },
  play: async ({ canvasElement }) => {
    const survey = await widgetShowing(canvasElement, '[part="status"]:not(:empty)');
    await expect(statusText(survey)).toContain('konnte nicht geladen werden');
  },
};

export const NotFound: Story = { args: { survey: 'gibt-es-nicht' } };

export const NotYetOpen: Story = { args: { survey: 'stadtfest' } };

export const ClosedWithResults: Story = {
  args: { survey: 'haushalt' },
  play: async ({ canvasElement }) => {
    await widgetShowing(canvasElement, '[part="results"]');
  },
};

export const Closed: Story = { args: { survey: 'altes-thema' } };

/** Submitted with nothing answered: own messages, an error summary with focus. */
export const QuestionErrors: Story = {
  play: async ({ canvasElement }) => {
    const survey = await widgetShowing(canvasElement, 'form');
    submitSurvey(survey);
    await waitFor(() => expect(survey.shadowRoot!.activeElement).toBe($(survey, '[part="error-summary"]')));
  },
};

/** The server refused an answer: its error lands on the question. */
export const ServerAnswerError: Story = {
  args: { scenario: 'invalid-answer' },
  play: async (context) => {
    await answerPlayground(context);
    await widgetShowing(context.canvasElement, '#q-ort-error');
  },
};

export const Submitting: Story = { args: { scenario: 'submitting' }, play: answerPlayground };

export const Thanks: Story = {
  play: async (context) => {
    await answerPlayground(context);
    await widgetShowing(context.canvasElement, '[part="success"]');
  },
};

/** Identified: email and consent; afterwards the citizen confirms by mail. */
export const Identified: Story = { args: { survey: 'buergerbuero' } };

export const CheckInbox: Story = {
  args: { survey: 'buergerbuero' },
  play: async (context) => {
    await answerOffice(context);
    await widgetShowing(context.canvasElement, '[part="success"]');
  },
};

export const AlreadyAnswered: Story = {
  args: { survey: 'buergerbuero', scenario: '409' },
  play: async (context) => {
    await answerOffice(context);
    await widgetShowing(context.canvasElement, '[part="success"]');
  },
};

/** The answers stay in the form; the citizen can send them again. */
export const NetworkError: Story = { args: { scenario: 'network' }, play: answerPlayground };

export const TooManyAttempts: Story = { args: { scenario: '429' }, play: answerPlayground };

/** Theming from the host page: custom properties and `::part()`, from a stylesheet (no inline styles). */
export const Themed: Story = {
  args: { survey: 'haushalt' },
  render: (args, context) => html`
    <style>
      .civic-themed civic-survey {
        --civic-color-primary: #5b2a86;
        --civic-color-bar-track: #ece4f3;
        --civic-font-family: Georgia, serif;
        --civic-radius: 0;
        --civic-focus-ring: 3px dashed #5b2a86;
      }
      .civic-themed civic-survey::part(title) {
        text-transform: uppercase;
        letter-spacing: 0.05em;
      }
    </style>
    <div class="civic-themed">${meta.render!(args, context)}</div>
  `,
};
