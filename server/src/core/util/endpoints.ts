/**
 * Address and port parsing for the endpoint columns of Exchange logs: `10.0.0.5:25`,
 * `[2001:db8::5]:25`, `[fe80::1%12]:25`, a bare IPv6 address with a zone (`fe80::1%3`, as message
 * tracking writes it), or `host:port`. Pure string work, no Node built-ins.
 */

export type AddressFamily = 'ipv4' | 'ipv6' | 'name';

export type AddressScope = 'loopback' | 'private' | 'linkLocal' | 'sharedNat' | 'documentation' | 'unspecified' | 'multicast' | 'public';

export interface Endpoint {
  /** The address without brackets, port or zone. */
  address: string;
  family: AddressFamily;
  port?: number;
  /** IPv6 zone (scope id) after `%`, e.g. the interface index `12`. */
  zone?: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses one endpoint; undefined when the text is not an address or host (with an optional port). */
export function parseEndpoint(text: string): Endpoint | undefined {
  const s = text.trim();
  if (!s) return undefined;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 0) return undefined;
    const inner = s.slice(1, close);
    const rest = s.slice(close + 1);
    let port: number | undefined;
    if (rest) {
      const m = /^:(\d{1,5})$/.exec(rest);
      if (!m) return undefined;
      port = +m[1];
      if (port > 65535) return undefined;
    }
    const { address, zone } = splitZone(inner);
    if (!isIpv6(address) && !IPV4.test(address)) return undefined;
    return { address, family: isIpv6(address) ? 'ipv6' : 'ipv4', port, zone };
  }
  const colons = count(s, ':');
  if (colons >= 2) {
    const { address, zone } = splitZone(s);
    if (!isIpv6(address)) return undefined;
    return { address, family: 'ipv6', zone };
  }
  let host = s;
  let port: number | undefined;
  if (colons === 1) {
    const i = s.indexOf(':');
    const p = s.slice(i + 1);
    if (!/^\d{1,5}$/.test(p) || +p > 65535) return undefined;
    port = +p;
    host = s.slice(0, i);
  }
  if (IPV4.test(host)) {
    if (!validIpv4(host)) return undefined;
    return { address: host, family: 'ipv4', port };
  }
  if (/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/.test(host) && !/^\d+$/.test(host)) {
    return { address: host, family: 'name', port };
  }
  return undefined;
}

/**
 * The host of an endpoint, for labels and tables: `203.0.113.7:50001` → `203.0.113.7`,
 * `[2001:db8::1]:25` → `2001:db8::1`; a bare IPv6 address, a host without a port or anything else
 * stays whole (trimmed).
 */
export function hostOf(endpoint: string): string {
  const e = endpoint.trim();
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(e);
  if (v6) return v6[1];
  const v4 = /^([^:]+):\d+$/.exec(e);
  return v4 ? v4[1] : e;
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

function splitZone(s: string): { address: string; zone?: string } {
  const i = s.indexOf('%');
  return i < 0 ? { address: s } : { address: s.slice(0, i), zone: s.slice(i + 1) || undefined };
}

function validIpv4(s: string): boolean {
  const m = IPV4.exec(s);
  return !!m && m.slice(1).every((p) => +p <= 255);
}

/** Expands an IPv6 address to 8 16-bit groups; undefined when it is not one. */
export function ipv6Groups(address: string): number[] | undefined {
  let s = address.toLowerCase();
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // an embedded IPv4 address (::ffff:192.0.2.1) stands for the last two groups
    if (!validIpv4(maybeV4)) return undefined;
    const p = maybeV4.split('.').map(Number);
    s = s.slice(0, lastColon + 1) + ((p[0] << 8) | p[1]).toString(16) + ':' + ((p[2] << 8) | p[3]).toString(16);
  }
  const parts = s.split('::');
  if (parts.length > 2) return undefined;
  const parse = (x: string) => (x === '' ? [] : x.split(':'));
  const head = parse(parts[0]);
  const rest = parts.length === 2 ? parse(parts[1]) : [];
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const n = head.length + rest.length;
  if (parts.length === 1 ? n !== 8 : n > 7) return undefined;
  const fill = new Array<number>(8 - n).fill(0);
  return [...head.map((g) => parseInt(g, 16)), ...fill, ...rest.map((g) => parseInt(g, 16))];
}

function isIpv6(s: string): boolean {
  return s.includes(':') && ipv6Groups(s) !== undefined;
}

/** Where an address lives: loopback, private (RFC 1918 / unique local), link-local, public … */
export function addressScope(address: string): AddressScope | undefined {
  const v4 = IPV4.exec(address);
  if (v4) {
    if (!validIpv4(address)) return undefined;
    return ipv4Scope(v4.slice(1).map(Number));
  }
  const g = ipv6Groups(address);
  if (!g) return undefined;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  // IPv4-mapped ::ffff:a.b.c.d
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return ipv4Scope([g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255]);
  if ((g[0] & 0xffc0) === 0xfe80) return 'linkLocal';
  if ((g[0] & 0xfe00) === 0xfc00) return 'private';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
  return 'public';
}

function ipv4Scope(p: number[]): AddressScope {
  const [a, b, c] = p;
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'linkLocal';
  if (a === 100 && b >= 64 && b <= 127) return 'sharedNat';
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'documentation';
  if (a >= 224 && a <= 239) return 'multicast';
  return 'public';
}
