import { describe, expect, it } from 'vitest';
import { makeVerpAddress, readVerpAddress, verpCandidates, verpKeysOf } from './verp';

const keys = verpKeysOf(['first-key', 'second-key']);
const rotated = verpKeysOf(['new-key', 'first-key']);

describe('VERP return paths', () => {
  it('names an outbox message and reads it back', () => {
    const address = makeVerpAddress({ table: 'message', id: 12345 }, keys, 'bounces', 'mail.musterstadt.example');
    expect(address).toMatch(/^bounces\+m9ix-[0-9a-f]{16}@mail\.musterstadt\.example$/);
    expect(readVerpAddress(address, keys, 'bounces', 'mail.musterstadt.example')).toEqual({ table: 'message', id: 12345 });
  });

  it('has a shorter form for newsletter deliveries', () => {
    const address = makeVerpAddress({ table: 'delivery', id: 7 }, keys, 'bounces', 'm.example');
    expect(address).toMatch(/^bounces\+n7-[0-9a-f]{12}@m\.example$/);
    expect(readVerpAddress(address, keys, 'bounces', 'm.example')).toEqual({ table: 'delivery', id: 7 });
  });

  it('verifies with any app key after a rotation', () => {
    const address = makeVerpAddress({ table: 'message', id: 3 }, keys, 'bounces', 'm.example');
    expect(readVerpAddress(address, rotated, 'bounces', 'm.example')).toEqual({ table: 'message', id: 3 });
    expect(readVerpAddress(address, verpKeysOf(['other']), 'bounces', 'm.example')).toBeNull();
  });

  it('refuses a forged signature, another row with a copied signature, and foreign domains', () => {
    const address = makeVerpAddress({ table: 'message', id: 3 }, keys, 'bounces', 'm.example');
    const signatureOf = address.split('-')[1]!.split('@')[0]!;
    expect(readVerpAddress(`bounces+m4-${signatureOf}@m.example`, keys, 'bounces', 'm.example')).toBeNull();
    expect(readVerpAddress('bounces+m3-0000000000000000@m.example', keys, 'bounces', 'm.example')).toBeNull();
    expect(readVerpAddress(address.replace('m.example', 'evil.example'), keys, 'bounces', 'm.example')).toBeNull();
    expect(readVerpAddress(`bounces+n3-${signatureOf}@m.example`, keys, 'bounces', 'm.example')).toBeNull();
  });

  it('finds candidates in report text, once each', () => {
    const address = makeVerpAddress({ table: 'message', id: 99 }, keys, 'bounces', 'm.example');
    const text = `To: <${address.toUpperCase()}>\nDelivered-To: ${address}\nReturn-Path: <someone@else.example>`;
    expect(verpCandidates(text, 'bounces', 'm.example')).toEqual([address]);
  });
});
