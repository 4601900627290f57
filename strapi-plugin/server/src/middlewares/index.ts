import type { RouteMiddlewareFactory } from '../types';
import publicErrors from './public-errors';
import requestGuard from './request-guard';
import signupRateLimit from './signup-rate-limit';
import surveyRateLimit from './survey-rate-limit';
import citizenSession from './citizen-session';

const middlewares: Record<string, RouteMiddlewareFactory> = {
  'public-errors': publicErrors,
  'request-guard': requestGuard,
  'signup-rate-limit': signupRateLimit,
  'survey-rate-limit': surveyRateLimit,
  'citizen-session': citizenSession,
};

export default middlewares;
