import { describe, expect, it } from 'vitest';
import { clientKey, hashIp, truncateIp, truncateUserAgent } from './ip';

describe('consent proof of origin', () => {
  it('keeps only the /24 network of an IPv4 address', () => {
    expect(truncateIp('203.0.113.77')).toBe('203.0.113.0/24');
    expect(truncateIp('::ffff:203.0.113.77')).toBe('203.0.113.0/24');
  });

  it('keeps only the /48 network of an IPv6 address', () => {
    expect(truncateIp('2001:db8:abcd:12:34::1')).toBe('2001:db8:abcd::/48');
    expect(truncateIp('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(truncateIp('2001:DB8:ABCD:0012::1')).toBe('2001:db8:abcd::/48');
  });

  it('gives up on things that are not addresses', () => {
    expect(truncateIp('')).toBeNull();
    expect(truncateIp('localhost')).toBeNull();
    expect(truncateIp(undefined)).toBeNull();
  });

  it('hashes the network with a secret: same network, same hash; other secret, other hash', () => {
    const a = hashIp('203.0.113.1', 'secret-1');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashIp('203.0.113.250', 'secret-1')).toBe(a);
    expect(hashIp('203.0.114.1', 'secret-1')).not.toBe(a);
    expect(hashIp('203.0.113.1', 'secret-2')).not.toBe(a);
    expect(a).not.toContain('203');
  });

  it('cuts long user agents to the column size', () => {
    expect(truncateUserAgent('x'.repeat(1000))).toHaveLength(255);
    expect(truncateUserAgent('Firefox')).toBe('Firefox');
    expect(truncateUserAgent(undefined)).toBeNull();
  });

  it('keys a client by its IPv4 address, an IPv6 client by its /64', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('2001:db8:a:b::1')).toBe(clientKey('2001:db8:a:b:ffff:1:2:3'));
    expect(clientKey('2001:db8:a:b::1')).toBe('2001:db8:a:b::/64');
    expect(clientKey('2001:db8:a:c::1')).not.toBe(clientKey('2001:db8:a:b::1'));
    expect(clientKey(undefined)).toBe('unknown');
  });
});
