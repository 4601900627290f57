/**
 * `@civic-dialog/contracts/rules`: the rules, limits and constants of the public API without zod,
 * so the widgets can import them (tree-shaken, no zod in a bundle) and the server and the zod
 * schemas use the very same values. Each rule exists here once; the schemas import from here.
 *
 * Self-contained on purpose (imports only its own files): it is also built as ES modules on its own,
 * one file per kind of rule, so a widget bundles only the rules it uses.
 */

export * from './limits.js';
export * from './names.js';
export * from './event-answers.js';
export * from './survey-answers.js';
export * from './answer-capacity.js';
export * from './question-changes.js';
export * from './sms-length.js';
