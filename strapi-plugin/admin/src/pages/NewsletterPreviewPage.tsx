import * as React from 'react';
import { Box, Button, Flex, FocusTrap, Link, Loader, Portal, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Page, useFetchClient } from '@strapi/strapi/admin';
import type { NewsletterPreviewQuery } from '@civic-dialog/contracts';
import { NavLink, useParams } from 'react-router-dom';

import { useTranslate } from '../hooks/useTranslate';
import { PLUGIN_ID } from '../pluginId';
import { newsletterContentPath } from '../utils/paths';

type Locale = NewsletterPreviewQuery['locale'];
type Format = NewsletterPreviewQuery['format'];

const LOCALES: Locale[] = ['de', 'en'];
const FORMATS: Format[] = ['html', 'text'];

/**
 * The real mail of a newsletter, as a sample recipient gets it: German or English, HTML or plain
 * text. It is the content manager's preview URL (demo-site/config/admin.ts), so it fills the whole
 * window above the admin's menu; opened directly, it links back to the newsletter.
 */
export function NewsletterPreviewPage() {
  const t = useTranslate();
  const { documentId = '' } = useParams<{ documentId: string }>();
  const { get } = useFetchClient();
  const [locale, setLocale] = React.useState<Locale>('de');
  const [format, setFormat] = React.useState<Format>('html');
  const [mail, setMail] = React.useState<{ body: string } | { error: string }>();
  // Inside the content manager's preview the editor has the edit form beside it.
  const framed = typeof window !== 'undefined' && window.self !== window.top;

  React.useEffect(() => {
    let current = true;
    setMail(undefined);
    const search = new URLSearchParams({ locale, format }).toString();
    // As text, so the HTML can go into a sandboxed frame; a refusal still carries Strapi's error JSON.
    get<string>(`/${PLUGIN_ID}/newsletters/${encodeURIComponent(documentId)}/preview?${search}`, {
      responseType: 'text',
      validateStatus: () => true,
    })
      .then(({ data, status }) => {
        if (!current) return;
        setMail((status ?? 200) < 400 ? { body: data } : { error: errorMessage(data) ?? t('preview.failed') });
      })
      .catch((reason: unknown) => {
        if (current) setMail({ error: reason instanceof Error ? reason.message : String(reason) });
      });
    return () => {
      current = false;
    };
  }, [get, documentId, locale, format, t]);

  const choice = <T extends string>(label: string, values: T[], value: T, onChange: (next: T) => void) => (
    <Flex gap={1} role="group" aria-label={label}>
      {values.map((option) => (
        <Button key={option} size="S" variant={option === value ? 'secondary' : 'tertiary'} aria-pressed={option === value} onClick={() => onChange(option)}>
          {t(`preview.option.${option}`)}
        </Button>
      ))}
    </Flex>
  );
  const description = t('preview.frameTitle', { locale: t(`preview.option.${locale}`), format: t(`preview.option.${format}`) });

  // Standalone, the page covers the admin, so the focus stays on it. Inside the content manager's
  // preview frame it must not: a trap there keeps the keyboard from Strapi's close button outside the
  // frame. There the admin behind the page is made inert instead (Tab must not walk its hidden menu),
  // and the page takes the focus when it opens (Strapi's own trap around the frame never tabs into it).
  const [overlay, setOverlay] = React.useState<HTMLElement | null>(null);
  React.useEffect(() => {
    if (!framed || !overlay) return;
    const behind = [...document.body.children].filter((child) => !child.contains(overlay) && !child.hasAttribute('inert'));
    behind.forEach((child) => child.setAttribute('inert', ''));
    overlay.querySelector<HTMLElement>('button')?.focus();
    return () => behind.forEach((child) => child.removeAttribute('inert'));
  }, [framed, overlay]);
  const Trap = framed ? React.Fragment : FocusTrap;
  return (
    <Portal>
      <Trap>
        <Flex ref={setOverlay} direction="column" alignItems="stretch" position="fixed" top={0} left={0} right={0} bottom={0} zIndex={4} background="neutral100">
          <Page.Title>{`${t('preview.title')} | ${t('plugin.name')}`}</Page.Title>
          <Flex tag="header" gap={4} wrap="wrap" padding={3} background="neutral0" borderColor="neutral150" justifyContent="space-between">
            <Flex gap={4} wrap="wrap">
              {framed ? null : (
                <Link tag={NavLink} to={newsletterContentPath(documentId)} startIcon={<ArrowLeft />}>
                  {t('preview.back')}
                </Link>
              )}
              <Typography tag="h1" variant="delta">
                {t('preview.title')}
              </Typography>
            </Flex>
            <Flex gap={4} wrap="wrap">
              {choice(t('preview.language'), LOCALES, locale, setLocale)}
              {choice(t('preview.format'), FORMATS, format, setFormat)}
            </Flex>
          </Flex>
          <Box flex="1" overflow="auto" padding={4}>
            {!mail ? (
              <Flex justifyContent="center" padding={8}>
                <Loader>{t('preview.loading')}</Loader>
              </Flex>
            ) : 'error' in mail ? (
              <Box role="alert" background="danger100" hasRadius padding={4}>
                <Typography textColor="danger700">{mail.error}</Typography>
              </Box>
            ) : format === 'html' ? (
              // No scripts, forms or navigation from the mail's own markup: an empty sandbox.
              <Box tag="iframe" sandbox="" srcDoc={mail.body} title={description} width="100%" height="100%" minHeight="60vh" background="neutral0" borderWidth={0} />
            ) : (
              <Box tabIndex={0} role="region" aria-label={description} background="neutral0" hasRadius padding={6} maxWidth="72ch" marginLeft="auto" marginRight="auto">
                <Typography tag="pre" textColor="neutral800" style={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace' }}>
                  {mail.body}
                </Typography>
              </Box>
            )}
          </Box>
        </Flex>
      </Trap>
    </Portal>
  );
}

/** The message of Strapi's error shape `{ data: null, error: { message } }`, if the text is one. */
function errorMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof parsed.error?.message === 'string' ? parsed.error.message : undefined;
  } catch {
    return undefined;
  }
}
