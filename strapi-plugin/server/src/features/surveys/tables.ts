/** The uids and tables of surveys, responses and answers (each the `collectionName` of its schema.json). */
export const SURVEYS_UID = {
  survey: 'plugin::civic-dialog.survey',
  surveyResponse: 'plugin::civic-dialog.survey-response',
  surveyAnswer: 'plugin::civic-dialog.survey-answer',
} as const;

export const SURVEYS_TABLE = {
  survey: 'civic_dialog_surveys',
  surveyResponse: 'civic_dialog_survey_responses',
  surveyAnswer: 'civic_dialog_survey_answers',
} as const;
