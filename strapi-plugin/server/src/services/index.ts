import type { ServiceFactory } from '../types';
import tokens from './tokens';

const services: Record<string, ServiceFactory> = {
  tokens,
};

export default services;
