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
  'audit-entry': auditEntry,
  erasure,
};
