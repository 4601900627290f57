/**
 * Bot protection (ALTCHA, self-hosted proof of work): which forms a town protects and the
 * challenge a browser solves. The plugin answers these; the widgets import the types only and the
 * widget tests' fake API checks its answers against the schemas.
 */
import { z } from 'zod';

/** The public forms a town can protect (plugin config `altcha.forms`, env `CIVIC_ALTCHA_FORMS`). */
export const ALTCHA_FORMS = ['signup', 'event-registration', 'survey-response', 'survey-participation', 'manage-link', 'alert-signup'] as const;
export const altchaFormSchema = z.enum(ALTCHA_FORMS);
export type AltchaForm = z.infer<typeof altchaFormSchema>;

/** GET /altcha/forms: the forms whose requests must carry a solved challenge in `altcha`. */
export const altchaFormsResponseSchema = z.strictObject({ data: z.strictObject({ forms: z.array(altchaFormSchema) }) });
export type AltchaFormsResponse = z.infer<typeof altchaFormsResponseSchema>;

/**
 * GET /altcha/challenge: an ALTCHA PoW v2 challenge (altcha-lib), bare as the `altcha` web
 * component expects it. The solver derives keys of `nonce` + a big-endian uint32 counter until one
 * starts with `keyPrefix`; `altcha` is then base64 JSON of `{ challenge, solution: { counter, derivedKey } }`.
 */
export const altchaChallengeSchema = z.strictObject({
  parameters: z.strictObject({
    algorithm: z.string(),
    nonce: z.string().regex(/^(?:[0-9a-f]{2})+$/),
    salt: z.string().regex(/^(?:[0-9a-f]{2})+$/),
    cost: z.number().int().positive(),
    keyLength: z.number().int().positive(),
    keyPrefix: z.string().regex(/^[0-9a-f]+$/),
    keySignature: z.string().optional(),
    memoryCost: z.number().int().positive().optional(),
    parallelism: z.number().int().positive().optional(),
    expiresAt: z.number().int().positive().optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  }),
  signature: z.string(),
});
export type AltchaChallenge = z.infer<typeof altchaChallengeSchema>;
