import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { storyApi, type StoryScenario } from '../../.storybook/mock-api.js';
import { FAKE_LINK_TOKEN } from '../../test/fake-preferences.mjs';
import { $ } from '../../test/form.js';
import './define.js';

interface PreferencesArgs {
  scenario: StoryScenario;
  lang: string;
  /** Open the story as if from the mail's manage link (`#civic-token=…`). */
  fromMailLink: boolean;
}

type Context = { canvasElement: HTMLElement };

/** The widget in the story's canvas once `selector` is in its shadow root. */
async function widgetShowing(canvasElement: HTMLElement, selector: string): Promise<HTMLElement> {
  const prefs = canvasElement.querySelector('civic-preferences')!;
  await waitFor(() => expect(prefs.shadowRoot?.querySelector(selector)).toBeTruthy());
  return prefs;
}

function typeEmail(prefs: HTMLElement, email: string): void {
  const input = $<HTMLInputElement>(prefs, '#email');
  input.value = email;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

const requestLink = async ({ canvasElement }: Context) => {
  const prefs = await widgetShowing(canvasElement, '#email');
  typeEmail(prefs, 'anna@example.org');
  $(prefs, 'button[type="submit"]').click();
};

const saveTopicChange = async ({ canvasElement }: Context) => {
  const prefs = await widgetShowing(canvasElement, '#center-heading');
  $(prefs, '#topic-kultur').click();
  $(prefs, '[aria-labelledby="topics-heading"] button[type="submit"]').click();
};

const openEraseConfirmation = async ({ canvasElement }: Context) => {
  const prefs = await widgetShowing(canvasElement, '#erase-start');
  $(prefs, '#erase-start').click();
  await widgetShowing(canvasElement, '#erase-heading');
};

/**
 * Preference center and GDPR self-service. Webmasters put
 * `<civic-preferences api="https://cms.example"></civic-preferences>` on the page that the
 * "manage my subscription" links in the mails point to. Without a link it asks for an email
 * address and mails one; with `#civic-token=…` in the address it opens the citizen's preferences.
 * The stories answer from a mocked API (`.storybook/mock-api.ts`); pick its behaviour with `scenario`.
 */
const meta: Meta<PreferencesArgs> = {
  title: 'Widgets/civic-preferences',
  component: 'civic-preferences',
  tags: ['autodocs'],
  args: { scenario: 'ok', lang: 'de', fromMailLink: false },
  argTypes: {
    scenario: {
      control: 'select',
      options: ['ok', 'opening', 'link-expired', 'session-expired', 'load-error', 'invalid-profile', 'saving', '429', 'network'],
      description: 'How the mocked API answers (stories only; sets the `api` attribute).',
    },
    lang: { control: 'inline-radio', options: ['de', 'en'] },
    fromMailLink: { description: 'Stories only: open with a token in the URL fragment, as from the mail.' },
  },
  render: ({ scenario, lang, fromMailLink }) => {
    // The widget reads and removes the fragment when it connects, right after this render.
    if (fromMailLink) history.replaceState(history.state, '', `${location.pathname}${location.search}#civic-token=${FAKE_LINK_TOKEN}`);
    return html`<civic-preferences api=${storyApi(scenario)} lang=${lang || nothing}></civic-preferences>`;
  },
};
export default meta;

type Story = StoryObj<PreferencesArgs>;

export const RequestLink: Story = {};

export const English: Story = { args: { lang: 'en' } };

/** Submitted without an address: own message, tied to the field, which gets the focus. */
export const RequestFieldError: Story = {
  play: async ({ canvasElement }) => {
    const prefs = await widgetShowing(canvasElement, '#email');
    $(prefs, 'button[type="submit"]').click();
    await widgetShowing(canvasElement, '#email-error');
  },
};

/** The same answer whether the address is known or not. */
export const LinkSent: Story = { play: requestLink };

export const RateLimited: Story = { args: { scenario: '429' }, play: requestLink };

export const Offline: Story = { args: { scenario: 'network', lang: 'en' }, play: requestLink };

export const OpeningLink: Story = { args: { scenario: 'opening', fromMailLink: true } };

export const LinkExpired: Story = { args: { scenario: 'link-expired', fromMailLink: true } };

export const SessionExpired: Story = { args: { scenario: 'session-expired', fromMailLink: true } };

export const LoadError: Story = { args: { scenario: 'load-error', fromMailLink: true } };

export const PreferenceCenter: Story = { args: { fromMailLink: true } };

export const PreferenceCenterEnglish: Story = { args: { fromMailLink: true, lang: 'en' } };

/** A new topic ticked: the consent checkbox and the legal text appear. */
export const AddingTopic: Story = {
  args: { fromMailLink: true },
  play: async ({ canvasElement }) => {
    const prefs = await widgetShowing(canvasElement, '#center-heading');
    $(prefs, '#topic-verkehr').click();
    await widgetShowing(canvasElement, '#consent');
  },
};

export const Saving: Story = { args: { scenario: 'saving', fromMailLink: true }, play: saveTopicChange };

export const Saved: Story = { args: { fromMailLink: true }, play: saveTopicChange };

export const DetailsError: Story = {
  args: { scenario: 'invalid-profile', fromMailLink: true },
  play: async ({ canvasElement }) => {
    const prefs = await widgetShowing(canvasElement, '#postalCode');
    $(prefs, '[aria-labelledby="details-heading"] button[type="submit"]').click();
    await widgetShowing(canvasElement, '#postalCode-error');
  },
};

export const EraseConfirmation: Story = { args: { fromMailLink: true }, play: openEraseConfirmation };

export const Erased: Story = {
  args: { fromMailLink: true },
  play: async (context) => {
    await openEraseConfirmation(context);
    $(context.canvasElement.querySelector('civic-preferences')!, '#erase-confirm').click();
    await widgetShowing(context.canvasElement, '#erased-heading');
  },
};
