/** Endpoint values: address, port and its well-known service, and where the address lives. */
import { portMeaning } from '../facts/network';
import { t } from '../l10n';
import { AddressScope, addressScope, parseEndpoint } from '../util/endpoints';
import { bullet, esc, gloss } from './md';

function scopeText(scope: AddressScope): string {
  switch (scope) {
    case 'loopback': return t('Loopback: this same machine.');
    case 'private': return t('Private address: not routed on the Internet (internal network).');
    case 'linkLocal': return t('Link-local address: valid only on the local network segment.');
    case 'sharedNat': return t('Shared address space of a carrier-grade NAT.');
    case 'documentation': return t('Documentation address: reserved for examples, not used on real networks.');
    case 'unspecified': return t('Unspecified address: no particular address.');
    case 'multicast': return t('Multicast address.');
    case 'public': return t('Public Internet address.');
  }
}

/** Explains an endpoint (`addr:port`, `[v6]:port`, `v6%zone`, `host:port`); empty when it is none. */
export function explainEndpoint(value: string): string[] {
  const ep = parseEndpoint(value);
  if (!ep) return [];
  const out: string[] = [];
  if (ep.family === 'name') out.push(bullet(esc(t('Host')), esc(ep.address)));
  else {
    const scope = addressScope(ep.address);
    const family = ep.family === 'ipv6' ? 'IPv6' : 'IPv4';
    out.push(bullet(esc(t('{0} address', family)), esc(ep.address) + (scope ? ' · ' + esc(scopeText(scope)) : '')));
    if (ep.zone) out.push(bullet(esc(t('Zone')), esc(t('interface {0} (IPv6 scope id)', ep.zone))));
  }
  if (ep.port !== undefined) {
    const service = portMeaning(ep.port);
    const text = service ? gloss(service)
      : ep.port >= 1024 ? esc(t('A high port: usually the temporary port the client\'s system chose for this one connection.'))
        : ep.port === 0 ? esc(t('No port recorded.')) : undefined;
    out.push(bullet(esc(t('Port {0}', ep.port)), text));
  }
  return out;
}

/** Just the port explanation, for columns that hold a bare port (W3C `s-port`). */
export function explainPort(value: string): string[] {
  if (!/^\d{1,5}$/.test(value.trim())) return [];
  const port = +value.trim();
  const service = portMeaning(port);
  return service ? [bullet(esc(t('Port {0}', port)), gloss(service))] : [];
}
