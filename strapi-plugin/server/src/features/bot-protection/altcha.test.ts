import { describe, expect, it } from 'vitest';
import { drawCounter } from './altcha';

// The solver counts from 0: a counter drawn from [max/2, max) would let a bot that starts at max/2
// solve with a third of a citizen's work. The counter covers [0, max) as in altcha-lib.
describe('the secret counter of an ALTCHA challenge', () => {
  it('asks the random source for [0, maxCounter) and takes its answer as it is', () => {
    const asked: Array<[number, number]> = [];
    const lowest = drawCounter(15_000, (min, max) => (asked.push([min, max]), min));
    const highest = drawCounter(15_000, (_min, max) => max - 1);
    expect(asked).toEqual([[0, 15_000]]);
    expect(lowest).toBe(0);
    expect(highest).toBe(14_999);
  });

  it('lands in the lower half too with the real random source (200 draws all in the upper half: 2^-200)', () => {
    const draws = Array.from({ length: 200 }, () => drawCounter(10_000));
    expect(Math.min(...draws)).toBeLessThan(5_000);
    expect(draws.every((counter) => Number.isInteger(counter) && counter >= 0 && counter < 10_000)).toBe(true);
  });
});
