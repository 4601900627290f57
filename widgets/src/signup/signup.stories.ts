import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { storyApi, type StoryScenario } from '../../.storybook/mock-api.js';
import { $, fill, statusText, submit, validEntries } from '../../test/form.js';
import './define.js';

interface SignupArgs {
  scenario: StoryScenario;
  topics: string;
  lang: string;
}

/** The widget in the story's canvas, once its form (or load error) is on screen. */
async function widget(canvasElement: HTMLElement): Promise<HTMLElement> {
  const signup = canvasElement.querySelector('civic-signup')!;
  await waitFor(() => expect(signup.shadowRoot?.querySelector('form, [part="status"]:not(:empty)')).toBeTruthy());
  return signup;
}

/** Plays a complete signup that the mocked server answers according to the story's scenario. */
async function signUp({ canvasElement }: { canvasElement: HTMLElement }): Promise<void> {
  const signup = await widget(canvasElement);
  fill(signup, validEntries);
  submit(signup);
}

/**
 * Newsletter signup with double opt-in. Webmasters embed it with
 * `<script type="module" src="https://cms.example/api/civic-dialog/widgets/loader.js"></script>`
 * and `<civic-signup api="https://cms.example" topics="abfall,kultur"></civic-signup>`.
 * The stories answer from a mocked API (see `.storybook/mock-api.ts`); pick its behaviour with `scenario`.
 */
const meta: Meta<SignupArgs> = {
  title: 'Widgets/civic-signup',
  component: 'civic-signup',
  tags: ['autodocs'],
  args: { scenario: 'ok', topics: '', lang: 'de' },
  argTypes: {
    scenario: {
      control: 'select',
      options: ['ok', 'loading', 'load-error', 'submitting', 'invalid-email', 'invalid-many', '429', 'network'],
      description: 'How the mocked API answers (stories only; sets the `api` attribute).',
    },
    lang: { control: 'inline-radio', options: ['de', 'en'] },
  },
  render: ({ scenario, topics, lang }) =>
    html`<civic-signup api=${storyApi(scenario)} topics=${topics || nothing} lang=${lang || nothing}></civic-signup>`,
};
export default meta;

type Story = StoryObj<SignupArgs>;

export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const signup = await widget(canvasElement);
    await expect(statusText(signup)).toBe('');
  },
};

export const English: Story = { args: { lang: 'en' } };

export const SingleTopic: Story = { args: { topics: 'kultur' } };

export const Loading: Story = { args: { scenario: 'loading' } };

export const LoadError: Story = {
  args: { scenario: 'load-error' },
  play: async ({ canvasElement }) => {
    const signup = await widget(canvasElement);
    await expect(statusText(signup)).toContain('konnte nicht geladen werden');
  },
};

/** Submitted with nothing filled in: own German messages, an error summary with focus. */
export const FieldErrors: Story = {
  play: async ({ canvasElement }) => {
    const signup = await widget(canvasElement);
    submit(signup);
    await waitFor(() => expect(signup.shadowRoot!.activeElement).toBe($(signup, '[part="error-summary"]')));
  },
};

/** The server rejected the email address: its error lands on the email field. */
export const ServerFieldError: Story = {
  args: { scenario: 'invalid-email' },
  play: async (context) => {
    await signUp(context);
    const signup = context.canvasElement.querySelector('civic-signup')!;
    await waitFor(() => expect($(signup, '#email').getAttribute('aria-invalid')).toBe('true'));
  },
};

export const Submitting: Story = { args: { scenario: 'submitting' }, play: signUp };

export const Success: Story = {
  play: async (context) => {
    await signUp(context);
    const signup = context.canvasElement.querySelector('civic-signup')!;
    await waitFor(() => expect(signup.shadowRoot!.activeElement).toBe($(signup, '[part="success-heading"]')));
  },
};

export const NetworkError: Story = { args: { scenario: 'network' }, play: signUp };

export const TooManyAttempts: Story = { args: { scenario: '429' }, play: signUp };

export const EnglishSuccess: Story = { args: { lang: 'en' }, play: signUp };

/** Theming from the host page: custom properties and `::part()`, from a stylesheet (no inline styles). */
export const Themed: Story = {
  render: (args, context) => html`
    <style>
      .civic-themed civic-signup {
        --civic-color-primary: #5b2a86;
        --civic-font-family: Georgia, serif;
        --civic-radius: 0;
        --civic-space: 1.25rem;
        --civic-focus-ring: 3px dashed #5b2a86;
      }
      .civic-themed civic-signup::part(button) {
        text-transform: uppercase;
        letter-spacing: 0.05em;
      }
    </style>
    <div class="civic-themed">${meta.render!(args, context)}</div>
  `,
};
