import { Typography } from '@strapi/design-system';
import type { SurveyQuestionResult } from '@civic-dialog/contracts';
import { useIntl } from 'react-intl';

import { useTranslate } from '../hooks/useTranslate';
import { DetailSection, headingId } from './DetailSection';
import { FreeTextAnswers } from './FreeTextAnswers';
import { ResultBars, type ResultRow } from './ResultBars';

interface QuestionResultProps {
  surveyId: number;
  question: SurveyQuestionResult;
  /** Confirmed responses of the survey. */
  responses: number;
}

/** One question's results: a bar chart with counts, or the list of free-text answers. */
export function QuestionResult({ surveyId, question, responses }: QuestionResultProps) {
  const t = useTranslate();
  const { formatNumber, formatDate } = useIntl();
  const sectionId = `question-${question.id}`;
  const labelledBy = headingId(sectionId);

  let rows: ResultRow[] = [];
  if (question.type === 'single-choice' || question.type === 'multiple-choice') {
    rows = question.choices.map((choice) => ({ key: choice.id, label: choice.label, count: choice.count }));
  } else if (question.type === 'yes-no') {
    rows = [
      { key: 'yes', label: t('results.yes'), count: question.yes },
      { key: 'no', label: t('results.no'), count: question.no },
    ];
  } else if (question.type === 'rating') {
    rows = question.distribution.map(({ value, count }) => {
      const end = value === 1 ? question.lowLabel : value === question.scale ? question.highLabel : null;
      return { key: String(value), label: end ? `${value} (${end})` : String(value), count };
    });
  } else if (question.type === 'date') {
    rows = question.dates.map(({ date, count }) => ({
      key: date,
      label: formatDate(date, { dateStyle: 'medium', timeZone: 'UTC' }),
      count,
    }));
  }

  return (
    <DetailSection
      id={sectionId}
      title={question.label}
      description={t(`results.answered.${question.type === 'multiple-choice' ? 'multiple' : 'single'}`, { answered: question.answered, total: responses })}
      isEmpty={question.answered === 0}
      emptyText={t('results.noAnswers')}
    >
      {question.type === 'rating' && question.mean !== null ? (
        <Typography variant="omega" fontWeight="bold">
          {t('results.mean', { mean: formatNumber(question.mean, { maximumFractionDigits: 2 }), scale: question.scale })}
        </Typography>
      ) : null}
      {question.type === 'free-text' ? (
        <FreeTextAnswers surveyId={surveyId} questionId={question.id} labelledBy={labelledBy} />
      ) : (
        <ResultBars rows={rows} answered={question.answered} labelledBy={labelledBy} />
      )}
    </DetailSection>
  );
}
