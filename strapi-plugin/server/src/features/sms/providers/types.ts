/**
 * An SMS provider, the shape of listmonk's messengers: one `push` per text; it answers the
 * provider's message id (matched by delivery reports) or throws. `permanent` errors are not retried.
 */
export interface SmsProvider {
  readonly name: string;
  push(message: { id: number; to: string; text: string; from: string }): Promise<{ providerMessageId: string }>;
}

export class SmsProviderError extends Error {
  constructor(
    message: string,
    /** The provider refused this text for good (e.g. an invalid number): no retry. */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'SmsProviderError';
  }
}
