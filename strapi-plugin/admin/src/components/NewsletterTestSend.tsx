import * as React from 'react';
import { Field, Flex, TextInput } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import type { NewsletterTestSendResult } from '@civic-dialog/contracts';

import type { useNewsletterAction } from '../hooks/useNewsletterAction';
import { useTranslate } from '../hooks/useTranslate';
import { NEWSLETTER_LIMITS, parseTestAddresses } from '../utils/newsletters';
import { ActionMessage } from './ActionMessage';
import { PanelButton } from './PanelButton';

interface NewsletterTestSendProps {
  actions: ReturnType<typeof useNewsletterAction>;
  canSend: boolean;
}

/** Test send of the saved version to up to five addresses (marked as a test, counted nowhere). */
export function NewsletterTestSend({ actions, canSend }: NewsletterTestSendProps) {
  const t = useTranslate();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const [addresses, setAddresses] = React.useState('');
  const [error, setError] = React.useState<string>();

  const submit = async () => {
    const { emails, problem, invalid } = parseTestAddresses(addresses);
    if (problem) {
      setError(t(`newsletter.test.error.${problem}`, { max: NEWSLETTER_LIMITS.testRecipients, email: invalid ?? '' }));
      inputRef.current?.focus();
      return;
    }
    setError(undefined);
    await actions.run('testSend', { emails });
  };

  return (
    // Not a <form>: the panel sits inside the content manager's edit form, and forms do not nest.
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Field.Root name="testAddresses" error={error} hint={t('newsletter.test.hint', { max: NEWSLETTER_LIMITS.testRecipients })}>
        <Field.Label>{t('newsletter.test.label')}</Field.Label>
        <TextInput
          ref={inputRef}
          type="text"
          inputMode="email"
          autoComplete="email"
          value={addresses}
          disabled={!canSend}
          onChange={(change: React.ChangeEvent<HTMLInputElement>) => setAddresses(change.target.value)}
          onKeyDown={(key: React.KeyboardEvent<HTMLInputElement>) => {
            // Enter sends the test (and must not submit, i.e. save, the edit form around the panel).
            if (key.key !== 'Enter') return;
            key.preventDefault();
            void submit();
          }}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
      <PanelButton type="button" variant="secondary" onClick={submit} startIcon={<PaperPlane />} disabled={!canSend} loading={actions.running === 'testSend'}>
        {t('newsletter.test.submit')}
      </PanelButton>
      <ActionMessage
        outcome={actions.outcome}
        actions={['testSend']}
        success={(outcome) => t('newsletter.test.done', { count: (outcome.data as NewsletterTestSendResult | undefined)?.queued ?? 0 })}
      />
    </Flex>
  );
}
