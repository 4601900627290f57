import { errors } from '@strapi/utils';
import type { z } from 'zod';
import { toValidationDetails, type FieldErrorCode } from '@civic-dialog/contracts';

/**
 * A problem with a mail link (confirm / unsubscribe). Strapi maps unknown ApplicationErrors to 400,
 * so the plugin's `public-errors` route middleware turns this into its own status (404/410) while
 * keeping Strapi's error shape `{ data: null, error: { status, name, message, details } }`.
 */
export type LinkProblem = 'invalid' | 'expired' | 'used';

const LINK_PROBLEMS: Record<LinkProblem, { status: number; name: string; message: string }> = {
  invalid: { status: 404, name: 'NotFoundError', message: 'This link is invalid.' },
  expired: { status: 410, name: 'GoneError', message: 'This link has expired.' },
  used: { status: 410, name: 'GoneError', message: 'This link was already used.' },
};

export class LinkError extends errors.ApplicationError {
  readonly status: number;
  readonly problem: LinkProblem;

  constructor(problem: LinkProblem) {
    const { status, name, message } = LINK_PROBLEMS[problem];
    super(message, { reason: problem });
    (this as Error).name = name;
    this.status = status;
    this.problem = problem;
  }
}

/** A 415 for a body in the wrong media type, in Strapi's error shape (see public-errors middleware). */
export class UnsupportedMediaTypeError extends errors.ApplicationError {
  readonly status = 415;
  constructor(message: string) {
    super(message, {});
    (this as Error).name = 'UnsupportedMediaTypeError';
  }
}

/** A 409: the request is valid but the state forbids it (registration closed, event fully booked). */
export class ConflictError extends errors.ApplicationError {
  readonly status = 409;
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
    (this as Error).name = 'ConflictError';
  }
}

/** Errors of this plugin that carry their own HTTP status beyond Strapi's built-in mapping. */
export type StatusError = LinkError | UnsupportedMediaTypeError | ConflictError;
export const isStatusError = (error: unknown): error is StatusError =>
  error instanceof LinkError || error instanceof UnsupportedMediaTypeError || error instanceof ConflictError;

/** Turns a ZodError into Strapi's ValidationError with `details.errors` listing every issue. */
export function toValidationError(error: z.ZodError): InstanceType<typeof errors.ValidationError> {
  const details = toValidationDetails(error);
  // zod reports unknown fields as one issue on the parent object; name each field instead.
  details.errors = error.issues.flatMap((issue, index) => {
    if (issue.code !== 'unrecognized_keys') return [details.errors[index]!];
    const parent = issue.path.map(String);
    return issue.keys.map((key) => ({
      path: [...parent, key],
      message: `${[...parent, key].join('.')} is not an allowed field`,
      name: 'ValidationError',
      code: issue.code,
    }));
  });
  const message =
    details.errors.length === 1 ? details.errors[0]!.message : `${details.errors.length} errors occurred`;
  return new errors.ValidationError(message, details);
}

/** Parses input with a contracts schema; invalid input throws a 400 ValidationError (INV-4XX). */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw toValidationError(result.error);
  return result.data;
}

/** A ValidationError for one field, in the same shape zod issues produce; `code` is what the widgets translate. */
export function fieldError(path: string[], message: string, code: FieldErrorCode) {
  const full = `${path.join('.')} ${message}`;
  return new errors.ValidationError(full, {
    errors: [{ path, message: full, name: 'ValidationError', code }],
  });
}

/** Strapi's error body for a status error (used where Strapi's own error middleware cannot map it). */
export function errorBody(status: number, name: string, message: string, details: unknown = {}) {
  return { data: null, error: { status, name, message, details } };
}
