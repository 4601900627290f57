import auditEntry from './audit-entry';
import consent from './consent';
import event from './event';
import registration from './registration';
import erasure from './erasure';
import legalText from './legal-text';
import message from './message';
import profile from './profile';
import subscription from './subscription';
import token from './token';
import topic from './topic';
import survey from './survey';
import surveyResponse from './survey-response';
import surveyAnswer from './survey-answer';

export default {
  profile,
  subscription,
  consent,
  token,
  topic,
  'legal-text': legalText,
  message,
  event,
  registration,
  survey,
  'survey-response': surveyResponse,
  'survey-answer': surveyAnswer,
  'audit-entry': auditEntry,
  erasure,
};
