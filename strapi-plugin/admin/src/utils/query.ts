/** A page number or size from the user-editable URL: a positive integer, else the fallback. */
export function positiveInt(value: string | undefined, fallback: number) {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}
