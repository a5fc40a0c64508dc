/** Endpoint parsing and address classification (util/endpoints.ts). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { addressScope, ipv6Groups, parseEndpoint } from '../../server/src/core/util/endpoints';

test('IPv4 address and port, host and port, bare address', () => {
  assert.deepEqual(parseEndpoint('10.0.0.5:25'), { address: '10.0.0.5', family: 'ipv4', port: 25 });
  assert.deepEqual(parseEndpoint('192.168.0.12'), { address: '192.168.0.12', family: 'ipv4', port: undefined });
  assert.deepEqual(parseEndpoint('mail.contoso.com:587'), { address: 'mail.contoso.com', family: 'name', port: 587 });
  assert.equal(parseEndpoint('1.2.3.4:99999'), undefined);
  assert.equal(parseEndpoint('300.1.1.1:25'), undefined);
  assert.equal(parseEndpoint(''), undefined);
  assert.equal(parseEndpoint('x.x.x.x:25')?.family, 'name', 'anonymised addresses read as names');
  assert.equal(parseEndpoint('<CAS FQDN>:1993'), undefined);
});

test('IPv6 with brackets, port and %zone; bare IPv6 with zone', () => {
  assert.deepEqual(parseEndpoint('[2001:db8::5]:25'), { address: '2001:db8::5', family: 'ipv6', port: 25, zone: undefined });
  assert.deepEqual(parseEndpoint('[fe80::1%12]:2525'), { address: 'fe80::1', family: 'ipv6', port: 2525, zone: '12' });
  assert.deepEqual(parseEndpoint('fe80::1234:5678:4321:1010%3'), { address: 'fe80::1234:5678:4321:1010', family: 'ipv6', zone: '3' });
  assert.deepEqual(parseEndpoint('::1'), { address: '::1', family: 'ipv6', zone: undefined });
  assert.equal(parseEndpoint('[::1]:x'), undefined);
  assert.equal(parseEndpoint('[zz::1]:25'), undefined);
  assert.equal(parseEndpoint('1:2:3'), undefined);
});

test('IPv6 expansion, including embedded IPv4', () => {
  assert.deepEqual(ipv6Groups('::1'), [0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(ipv6Groups('2001:db8::'), [0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(ipv6Groups('::ffff:192.0.2.1'), [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
  assert.equal(ipv6Groups('1::2::3'), undefined);
  assert.equal(ipv6Groups('1:2:3:4:5:6:7'), undefined);
  assert.equal(ipv6Groups('1:2:3:4:5:6:7:8:9'), undefined);
});

test('address scopes: loopback, private, link-local, shared NAT, documentation, public', () => {
  const cases: [string, string][] = [
    ['127.0.0.1', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.3.212', 'private'], ['fd00::1', 'private'],
    ['172.32.0.1', 'public'], ['95.10.20.33', 'public'], ['2a01:111:f400::1', 'public'],
    ['169.254.1.1', 'linkLocal'], ['fe80::1', 'linkLocal'],
    ['100.64.0.1', 'sharedNat'],
    ['203.0.113.7', 'documentation'], ['198.51.100.9', 'documentation'], ['192.0.2.1', 'documentation'], ['2001:db8::1', 'documentation'],
    ['0.0.0.0', 'unspecified'], ['::', 'unspecified'], ['224.0.0.1', 'multicast'], ['ff02::1', 'multicast'],
  ];
  for (const [a, scope] of cases) assert.equal(addressScope(a), scope, a);
  assert.equal(addressScope('mail.contoso.com'), undefined);
});
