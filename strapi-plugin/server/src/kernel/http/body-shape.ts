import { LIMITS } from '@civic-dialog/contracts';

/** How deep a public request body may nest (the deepest contract, a survey answer list, needs 4). */
export const MAX_BODY_DEPTH = 32;
/**
 * How many values (object members and array items, counted together) a public body may hold. A
 * chosen answer takes at least 4 bytes (`"a",`), so every complete answer that fits into the body
 * limit (and that the survey's save rule lets an editor ask for) stays under it; 2,000 refused
 * 55 questions of 36 one-letter choices, all ticked.
 */
export const MAX_BODY_VALUES = LIMITS.bodyBytes / 4;

/**
 * Why a parsed body's shape is refused, or null. Iterative, so a body nested thousands of levels
 * deep costs a loop, not the stack: zod, JSON.stringify and the rest never see such a body.
 */
export function bodyShapeProblem(body: unknown): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: body, depth: 0 }];
  let values = 0;
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return `The request body is nested too deeply (at most ${MAX_BODY_DEPTH} levels).`;
    const children = Array.isArray(value) ? value : Object.values(value);
    values += children.length;
    if (values > MAX_BODY_VALUES) return `The request body has too many values (at most ${MAX_BODY_VALUES}).`;
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}
