import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { storyApi, type StoryScenario } from '../../.storybook/mock-api.js';
import { $, statusText, submit } from '../../test/form.js';
import './define.js';

interface AlertsSignupArgs {
  scenario: StoryScenario;
  districts: string;
  lang: string;
}

/** The widget in the story's canvas, once its form is on screen. */
async function widget(canvasElement: HTMLElement): Promise<HTMLElement> {
  const signup = canvasElement.querySelector('civic-alerts-signup')!;
  await waitFor(() => expect(signup.shadowRoot?.querySelector('form')).toBeTruthy());
  return signup;
}

/** Plays a subscription for a postal code that the mocked server answers according to the story's scenario. */
async function subscribe({ canvasElement }: { canvasElement: HTMLElement }): Promise<void> {
  const signup = await widget(canvasElement);
  for (const [selector, value] of [['#email', 'anna@example.org'], ['#postalCode', '12345']]) {
    const input = $<HTMLInputElement>(signup, selector!);
    input.value = value!;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
  $(signup, '#consent').click();
  submit(signup);
}

/**
 * Alerts for an area with double opt-in. Webmasters embed it with the loader and
 * `<civic-alerts-signup api="https://cms.example" districts="Altstadt,Neustadt"></civic-alerts-signup>`.
 * The stories answer from a mocked API (see `.storybook/mock-api.ts`); pick its behaviour with `scenario`.
 */
const meta: Meta<AlertsSignupArgs> = {
  title: 'Widgets/civic-alerts-signup',
  component: 'civic-alerts-signup',
  tags: ['autodocs'],
  args: { scenario: 'ok', districts: '', lang: 'de' },
  argTypes: {
    scenario: {
      control: 'select',
      options: ['ok', 'submitting', 'invalid-email', '429', 'network'],
      description: 'How the mocked API answers (stories only; sets the `api` attribute).',
    },
    lang: { control: 'inline-radio', options: ['de', 'en'] },
  },
  render: ({ scenario, districts, lang }) =>
    html`<civic-alerts-signup api=${storyApi(scenario)} districts=${districts || nothing} lang=${lang || nothing}></civic-alerts-signup>`,
};
export default meta;

type Story = StoryObj<AlertsSignupArgs>;

export const Idle: Story = {
  play: async ({ canvasElement }) => {
    const signup = await widget(canvasElement);
    await expect(statusText(signup)).toBe('');
  },
};

export const English: Story = { args: { lang: 'en' } };

/** The town's districts as a list (`districts` attribute). */
export const DistrictList: Story = { args: { districts: 'Altstadt,Neustadt,Nord,Süd' } };

/** Submitted with nothing filled in: own German messages, an error summary with focus. */
export const FieldErrors: Story = {
  play: async ({ canvasElement }) => {
    const signup = await widget(canvasElement);
    submit(signup);
    await waitFor(() => expect(signup.shadowRoot!.activeElement).toBe($(signup, '[part="error-summary"]')));
  },
};

export const Submitting: Story = { args: { scenario: 'submitting' }, play: subscribe };

export const Success: Story = {
  play: async (context) => {
    await subscribe(context);
    const signup = context.canvasElement.querySelector('civic-alerts-signup')!;
    await waitFor(() => expect(signup.shadowRoot!.activeElement).toBe($(signup, '[part="success-heading"]')));
  },
};

export const TooManyAttempts: Story = { args: { scenario: '429' }, play: subscribe };
