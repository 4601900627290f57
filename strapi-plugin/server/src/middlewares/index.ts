import type { RouteMiddlewareFactory } from '../types';
import publicErrors from './public-errors';
import requestGuard from './request-guard';
import signupRateLimit from './signup-rate-limit';

const middlewares: Record<string, RouteMiddlewareFactory> = {
  'public-errors': publicErrors,
  'request-guard': requestGuard,
  'signup-rate-limit': signupRateLimit,
};

export default middlewares;
