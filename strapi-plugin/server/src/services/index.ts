import type { ServiceFactory } from '../types';
import tokens from './tokens';
import outbox from './mail/outbox';

const services: Record<string, ServiceFactory> = {
  tokens,
  outbox,
};

export default services;
