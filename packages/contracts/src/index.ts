/**
 * The public API of Civic Dialog, once: the Strapi plugin validates every request with these
 * schemas, the widgets and the admin pages import only the inferred types (no zod in a bundle).
 */
export * from './core';
export * from './preferences';
export * from './events';
export * from './surveys';
export * from './newsletters';
export * from './responses';
export * from './bot-check';
export * from './alerts';
export * from './automations';
export * from './sms';
