import { Button, Flex, Switch, Table, Tbody, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowUp } from '@strapi/icons';
import type { AdminRegistration, EventAnswer, EventQuestionDefinition } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import { useTranslate } from '../hooks/useTranslate';
import { DateTime } from './DateTime';
import { TableHead } from './TableHead';
import { ValueBadge } from './ValueBadge';

// Table cells do not wrap; long text answers may, rather than widen the table beyond reach.
const Answer = styled(Typography)`
  white-space: normal;
  display: block;
  max-width: 24rem;
`;

interface RegistrationsTableProps {
  registrations: AdminRegistration[];
  questions: EventQuestionDefinition[];
  /** Check-in and moving from the waiting list; without events.manage the table only reads. */
  canManage: boolean;
  busyId: number | undefined;
  onCheckIn: (registration: AdminRegistration, attended: boolean) => void;
  onPromote: (registration: AdminRegistration) => void;
  label: string;
}

/** The door list: who registered, how many seats, the status, every answer (one column per question). */
export function RegistrationsTable({ registrations, questions, canManage, busyId, onCheckIn, onPromote, label }: RegistrationsTableProps) {
  const t = useTranslate();
  const { locale } = useIntl();
  const language = locale.startsWith('en') ? 'en' : 'de';
  const questionLabel = (question: EventQuestionDefinition) => question.label[language] || question.label.de;
  const labels = [
    t('registrations.column.person'),
    t('registrations.column.seats'),
    t('registrations.column.status'),
    // At the door the check-in matters most: before the answers, which may run off to the right.
    ...(canManage ? [t('registrations.column.checkIn'), t('registrations.column.actions')] : []),
    t('registrations.column.createdAt'),
    ...questions.map(questionLabel),
  ];

  const formatAnswer = (question: EventQuestionDefinition, answer: EventAnswer | undefined) => {
    if (answer === undefined || answer === '' || (Array.isArray(answer) && !answer.length)) return '–';
    if (typeof answer === 'boolean') return t(answer ? 'registrations.answer.yes' : 'registrations.answer.no');
    if ('choices' in question) {
      const choiceLabel = (id: string) => {
        const choice = question.choices.find((candidate) => candidate.id === id);
        return choice ? choice.label[language] || choice.label.de : id;
      };
      return (Array.isArray(answer) ? answer : [answer]).map(choiceLabel).join(', ');
    }
    return Array.isArray(answer) ? answer.join(', ') : answer;
  };

  return (
    <Table colCount={labels.length} rowCount={registrations.length + 1} aria-label={label}>
      <TableHead labels={labels} />
      <Tbody>
        {registrations.map((registration) => {
          const name = [registration.firstName, registration.lastName].filter(Boolean).join(' ');
          const who = registration.email ?? t('registrations.erased');
          const busy = busyId === registration.id;
          const canCheckIn = registration.status === 'confirmed' || registration.status === 'attended';
          return (
            <Tr key={registration.id}>
              <Td>
                <Flex direction="column" alignItems="flex-start">
                  <Typography textColor="neutral800" fontWeight="semiBold">
                    {who}
                  </Typography>
                  {name ? (
                    <Typography variant="pi" textColor="neutral600">
                      {name}
                    </Typography>
                  ) : null}
                </Flex>
              </Td>
              <Td>
                <Typography textColor="neutral800">{registration.seats}</Typography>
              </Td>
              <Td>
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <ValueBadge group="registrationStatus" value={registration.status} />
                  {registration.position !== null ? (
                    <Typography variant="pi" textColor="neutral600">
                      {t('registrations.position', { position: registration.position })}
                    </Typography>
                  ) : null}
                </Flex>
              </Td>
              {canManage ? (
                <>
                  <Td>
                    {canCheckIn ? (
                      <Switch
                        checked={registration.status === 'attended'}
                        disabled={busy}
                        onCheckedChange={(attended) => onCheckIn(registration, attended)}
                        aria-label={t('registrations.checkInLabel', { who })}
                        onLabel={t('registrations.answer.yes')}
                        offLabel={t('registrations.answer.no')}
                        visibleLabels
                      />
                    ) : (
                      <Typography textColor="neutral500">–</Typography>
                    )}
                  </Td>
                  <Td>
                    {registration.status === 'waitlisted' ? (
                      <Button
                        variant="secondary"
                        size="S"
                        startIcon={<ArrowUp />}
                        loading={busy}
                        onClick={() => onPromote(registration)}
                        aria-label={t('registrations.promoteLabel', { who })}
                      >
                        {t('registrations.promote')}
                      </Button>
                    ) : null}
                  </Td>
                </>
              ) : null}
              <Td>
                <DateTime value={registration.createdAt} />
              </Td>
              {questions.map((question) => (
                <Td key={question.id}>
                  <Answer textColor="neutral800">{formatAnswer(question, registration.answers[question.id])}</Answer>
                </Td>
              ))}
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
}
