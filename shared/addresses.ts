// What counts as a host name, an IP address, a CIDR range, an origin and a Host pattern: pure
// functions for the one settings schema (shared/config.ts) and the Host check, so that a value the
// dashboard accepts is a value the server can start with. No Node, no DOM.

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

export function isIPv6(s: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(s) || !s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = halves.flatMap(groups);
  const last = all[all.length - 1];
  const v4Tail = last !== undefined && last.includes('.');
  if (v4Tail && !isIPv4(last)) return false;
  const hex = v4Tail ? all.slice(0, -1) : all;
  if (!hex.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  const width = hex.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? width < 8 : width === 8;
}

function isIP(s: string): boolean {
  return isIPv4(s) || isIPv6(s);
}

/** A DNS name (RFC 1123 labels), "localhost" included. */
function isHostName(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  const labels = s.replace(/\.$/, '').split('.');
  // A name made only of digits and dots is a malformed IPv4 address, not a name.
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => LABEL.test(l));
}

/** What HOST may be: an IP address (IPv6 with or without brackets) or a host name. */
export function isBindAddress(s: string): boolean {
  const h = s.replace(/^\[(.*)\]$/, '$1');
  return isIP(h) || isHostName(h);
}

/** Loopback, exactly: localhost, any IPv4 address in 127.0.0.0/8, or ::1 (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || (isIPv4(h) && h.startsWith('127.'));
}

/** TRUST_PROXY entries: an IP, a CIDR range, or one of express's names (loopback, linklocal, uniquelocal). */
export function isProxySpec(s: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(s)) return true;
  const [ip, bits, extra] = s.split('/');
  if (extra !== undefined || ip === undefined) return false;
  if (bits === undefined) return isIP(ip);
  if (!/^\d{1,3}$/.test(bits)) return false;
  return (isIPv4(ip) && Number(bits) <= 32) || (isIPv6(ip) && Number(bits) <= 128);
}

/** ALLOWED_ORIGINS entries: "*", or scheme://host[:port] with no path (what browsers send). */
export function isOriginSpec(s: string): boolean {
  if (s === '*') return true;
  const m = /^(https?):\/\/(\[[0-9a-f:.]+\]|[^/:?#\s]+)(:(\d{1,5}))?\/?$/i.exec(s);
  if (!m) return false;
  if (m[4] !== undefined && Number(m[4]) > 65535) return false;
  return isBindAddress(m[2]!);
}

/** TRUSTED_HOSTS entries: "*", a host name or IP, or *.example.com. */
export function isHostPattern(s: string): boolean {
  if (s === '*') return true;
  if (s.startsWith('*.')) return isHostName(s.slice(2));
  return isBindAddress(s);
}
