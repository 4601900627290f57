import { describe, expect, it } from 'vitest';
import { isSealed, seal, unseal } from './sealed';

describe('seal / unseal', () => {
  it('keeps the text unreadable in the row and gives it back with the key, also after a key rotation', () => {
    const sealed = seal('123456 ist Ihr Code', 'key-one', 'sms-code');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('123456');
    expect(seal('123456 ist Ihr Code', 'key-one', 'sms-code')).not.toBe(sealed);
    expect(unseal(sealed, ['key-one'], 'sms-code')).toBe('123456 ist Ihr Code');
    expect(unseal(sealed, ['key-new', 'key-one'], 'sms-code')).toBe('123456 ist Ihr Code');
  });

  it('opens nothing with another key, another purpose, a changed byte or plain text', () => {
    const sealed = seal('123456', 'key-one', 'sms-code');
    expect(unseal(sealed, ['key-two'], 'sms-code')).toBeNull();
    expect(unseal(sealed, ['key-one'], 'other')).toBeNull();
    const raw = Buffer.from(sealed.slice('sealed:v1:'.length), 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(unseal(`sealed:v1:${raw.toString('base64url')}`, ['key-one'], 'sms-code')).toBeNull();
    expect(unseal('sealed:v1:abc', ['key-one'], 'sms-code')).toBeNull();
    expect(unseal('123456 ist Ihr Code', ['key-one'], 'sms-code')).toBeNull();
  });
});
