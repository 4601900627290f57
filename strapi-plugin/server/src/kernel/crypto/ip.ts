import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Cuts an address down to its network (IPv4 /24, IPv6 /48) so the consent proof shows "from where"
 * without identifying one device. Unknown input → null.
 */
export function truncateIp(ip: string | undefined | null): string | null {
  if (!ip) return null;
  let address = ip.trim();
  // IPv4-mapped IPv6 (::ffff:1.2.3.4), as Node reports IPv4 clients on dual-stack sockets.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  if (isIPv4(address)) {
    const [a, b, c] = address.split('.');
    return `${a}.${b}.${c}.0/24`;
  }
  if (isIPv6(address)) {
    return `${expandIpv6(address).slice(0, 3).join(':')}::/48`;
  }
  return null;
}

function expandIpv6(address: string): string[] {
  const withoutZone = address.split('%')[0]!;
  const [head = '', tail] = withoutZone.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
  return groups.map((group) => (parseInt(group, 16) || 0).toString(16));
}

/** HMAC-SHA256 of the truncated address with a server secret: comparable, not reversible by brute force. */
export function hashIp(ip: string | undefined | null, secret: string): string | null {
  const network = truncateIp(ip);
  if (!network) return null;
  return createHmac('sha256', secret).update(network).digest('hex');
}

/** Keeps the user agent short enough for the ledger column. */
export function truncateUserAgent(userAgent: string | undefined | null, max = 255): string | null {
  if (!userAgent) return null;
  return userAgent.length > max ? userAgent.slice(0, max) : userAgent;
}

/**
 * The key a client is rate-limited by: an IPv4 address as it is, an IPv6 address by its /64 (one
 * household or device gets a whole /64 and can pick any address in it).
 */
export function clientKey(ip: string | undefined | null): string {
  if (!ip) return 'unknown';
  let address = ip.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1]!;
  if (isIPv6(address)) return `${expandIpv6(address).slice(0, 4).join(':')}::/64`;
  return address;
}
