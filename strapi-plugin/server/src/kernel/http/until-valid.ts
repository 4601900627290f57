import type { Ctx } from './request';

/** Where a request keeps the steps its route middlewares put off until the body is known valid. */
const STEPS = 'civicDialogUntilValid';

type Step = () => Promise<void>;

/**
 * A route middleware's step that must wait until the controller has validated the request (the bot
 * check's "use once": a request refused for a typo must not use up the citizen's proof of work).
 */
export function untilValid(ctx: Ctx, step: Step): void {
  const steps = (ctx.state[STEPS] ??= []) as Step[];
  steps.push(step);
}

/**
 * A form's controller calls this once the request passed validation, before any work: runs the
 * steps the route middlewares put off, each once (a refusal there is the request's answer).
 */
export async function validated(ctx: Ctx): Promise<void> {
  const steps = (ctx.state[STEPS] ?? []) as Step[];
  while (steps.length) await steps.shift()!();
}
