import { describe, expect, it } from 'vitest';
import type { Strapi } from '../../kernel/types';
import personalData from './personal-data';

/** A registry on a database whose transactions only record that they ran. */
function registry() {
  const transactions: string[] = [];
  const strapi = {
    db: {
      transaction: async (run: () => Promise<unknown>) => {
        transactions.push('begin');
        const result = await run();
        transactions.push('commit');
        return result;
      },
    },
  } as unknown as Strapi;
  return { service: personalData({ strapi }), transactions };
}

describe('the personal-data registry erases in batches', () => {
  it('gives every section the whole batch once, in one transaction, later sections first', async () => {
    const { service, transactions } = registry();
    const calls: Array<[string, number[]]> = [];
    for (const key of ['profile', 'consents', 'registrations']) {
      service.register({ key, export: async () => null, eraseMany: async (ids) => void calls.push([key, ids]) });
    }
    await service.eraseProfiles([3, 5, 8]);
    expect(calls).toEqual([
      ['registrations', [3, 5, 8]],
      ['consents', [3, 5, 8]],
      ['profile', [3, 5, 8]],
    ]);
    expect(transactions).toEqual(['begin', 'commit']);
  });

  it("erases one citizen as a batch of one, and an empty batch touches nothing", async () => {
    const { service, transactions } = registry();
    const calls: number[][] = [];
    service.register({ key: 'profile', export: async () => null, eraseMany: async (ids) => void calls.push(ids) });
    await service.eraseProfile(42);
    await service.eraseProfiles([]);
    expect(calls).toEqual([[42]]);
    expect(transactions).toEqual(['begin', 'commit']);
  });
});
