import { describe, expect, it } from 'vitest';
import { renderMail, renderSubject, resolveLocale, type MailView } from './renderer';
// The subscription feature's real templates as fixtures (tests may cross the layers; see .dependency-cruiser.cjs).
import { registerSubscriptionMails } from '../../features/subscriptions/mails/extension';

registerSubscriptionMails();

const town = {
  name: 'Musterstadt',
  websiteUrl: 'https://www.musterstadt.example',
  privacyUrl: 'https://www.musterstadt.example/datenschutz',
};
const confirmUrl = 'https://cms.musterstadt.example/api/civic-dialog/confirm?token=Abc_def-123';
const unsubscribeUrl = 'https://cms.musterstadt.example/api/civic-dialog/unsubscribe?token=Xyz_uvw-789';
const hostileName = '<img src=x onerror=alert(1)>';

// Handlebars escapes "=" in attributes; a mail client decodes it again.
const asHtml = (url: string) => url.replace(/=/g, '&#x3D;');

describe('double opt-in mail', () => {
  const view: MailView = { town, firstName: 'Erika', topics: ['Abfall & Recycling', 'Kultur'], confirmUrl, expiresInSeconds: 7 * 86_400 };

  it('asks in German to confirm, with the button link, the topics, the expiry and "ignore if not you"', async () => {
    const mail = await renderMail('doi', 'de', view);
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung – Newsletter Stadt Musterstadt');
    expect(mail.html).toMatch(/<html[^>]*lang="de"/);
    expect(mail.html).toContain(`href="${asHtml(confirmUrl)}"`);
    expect(mail.html).toContain('Anmeldung bestätigen');
    expect(mail.html).toContain('<li>Abfall &amp; Recycling</li>');
    expect(mail.html).toContain('Hallo Erika,');
    expect(mail.text).toContain(`\n${confirmUrl}\n`);
    expect(mail.text).toContain('- Abfall & Recycling\n- Kultur');
    expect(mail.text).toContain('Der Link ist 7 Tage gültig.');
    expect(mail.text).toContain('ignorieren Sie diese E-Mail');
    expect(mail.text).toContain(`Datenschutz: ${town.privacyUrl}`);
    // A confirmation mail is not a newsletter: no unsubscribe link yet.
    expect(mail.text).not.toContain('abbestellen');
  });

  it('asks in English for an English profile', async () => {
    const mail = await renderMail('doi', 'en', { ...view, expiresInSeconds: 86_400 });
    expect(mail.subject).toBe('Please confirm your subscription – Musterstadt newsletter');
    expect(mail.html).toMatch(/<html[^>]*lang="en"/);
    expect(mail.html).toContain(`href="${asHtml(confirmUrl)}"`);
    expect(mail.text).toContain(confirmUrl);
    expect(mail.text).toContain('The link is valid for 24 hours.');
    expect(mail.text).toContain("If this wasn't you, simply ignore this email");
    expect(mail.text).not.toMatch(/bestätigen/i);
  });

  it('never lets a first name inject HTML', async () => {
    const mail = await renderMail('doi', 'de', { ...view, firstName: hostileName });
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('Hallo &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;,');
  });

  it('keeps a first name with line breaks on one line in the text part', async () => {
    const mail = await renderMail('doi', 'en', { ...view, firstName: 'Eve\r\nBcc: victim@example.org' });
    expect(mail.text).toContain('Hello Eve Bcc: victim@example.org,');
  });

  it('greets without a name when none was given', async () => {
    const mail = await renderMail('doi', 'de', { ...view, firstName: null });
    expect(mail.text).toContain('Guten Tag,');
  });

  it('loads no web fonts from third parties (no Google Fonts for a town newsletter)', async () => {
    const mail = await renderMail('doi', 'de', view);
    expect(mail.html).not.toMatch(/fonts\.googleapis|@import url/);
  });
});

describe('welcome mail', () => {
  const view: MailView = { town, firstName: 'John', topics: ['Culture'], unsubscribeUrl };

  it('welcomes in German and shows how to unsubscribe, in the body and the footer', async () => {
    const mail = await renderMail('welcome', 'de', view);
    expect(mail.subject).toBe('Willkommen beim Newsletter der Stadt Musterstadt');
    expect(mail.html.split(`href="${asHtml(unsubscribeUrl)}"`)).toHaveLength(3);
    expect(mail.html).toContain('Newsletter abbestellen');
    expect(mail.text).toContain(`Newsletter abbestellen: ${unsubscribeUrl}`);
    expect(mail.text).toContain('- Culture');
  });

  it('welcomes in English', async () => {
    const mail = await renderMail('welcome', 'en', view);
    expect(mail.subject).toBe('Welcome to the Musterstadt newsletter');
    expect(mail.html).toMatch(/<html[^>]*lang="en"/);
    expect(mail.html).toContain('Hello John,');
    expect(mail.text).toContain(`Unsubscribe: ${unsubscribeUrl}`);
  });
});

describe('newsletter (bulletin) mail', () => {
  it('escapes editor content and drops links that are not web links', async () => {
    const mail = await renderMail('newsletter', 'de', {
      town,
      unsubscribeUrl,
      subject: 'Neues aus dem Rathaus',
      intro: 'Die <b>Sperrmüll</b>-Termine',
      items: [
        { title: 'Termine', text: 'Ab Montag', url: 'javascript:alert(1)' },
        { title: 'Kultur', text: 'Stadtfest', url: 'https://www.musterstadt.example/fest' },
      ],
    });
    expect(mail.subject).toBe('Neues aus dem Rathaus');
    expect(mail.html).toContain('Die &lt;b&gt;Sperrmüll&lt;/b&gt;-Termine');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).toContain('href="https://www.musterstadt.example/fest"');
    expect(mail.text).toContain('Weiterlesen: https://www.musterstadt.example/fest');
  });
});

describe('subject lines and languages', () => {
  it('renders the subject alone, in the language of the profile, defaulting to German', () => {
    expect(renderSubject('doi', resolveLocale('en-GB'), { town })).toMatch(/^Please confirm/);
    expect(renderSubject('welcome', resolveLocale(undefined), { town })).toMatch(/^Willkommen/);
    expect(renderSubject('welcome', resolveLocale('fr'), { town: { ...town, name: 'Bad\nTown' } })).toBe(
      'Willkommen beim Newsletter der Stadt Bad Town',
    );
  });
});
