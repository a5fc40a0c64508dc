/** Labels built for outlines and hovers: written without Intl where it is slow, identical to Intl. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { clockTime, decimal, formatByteCount, formatBytes, formatDuration } from '../../server/src/core/util/format';
import { configureL10n, formatNumber, t } from '../../server/src/core/l10n';

for (const locale of ['en', 'pt-br']) {
  test(`decimal() writes numbers as Intl.NumberFormat does (${locale})`, () => {
    configureL10n(locale, undefined);
    const intl = (v: number, d: number) => new Intl.NumberFormat(Intl.getCanonicalLocales(locale)[0], { maximumFractionDigits: d }).format(v);
    const check = (v: number, d: number) => assert.equal(decimal(v, d), intl(v, d), `${v} with ${d} digits`);
    for (let ms = 0; ms < 70_000; ms += 7) for (const d of [0, 1]) check(ms / 1000, d);
    for (const v of [0.05, 0.15, 1.005, 1.25, 2.5, 9.95, 9.96, 99.95, 999.4, 999.5, 999.96, 1000, 1234.5, 1e21, 1e-7, -0.5, -1.25, -0.04]) for (const d of [0, 1, 2, 3]) check(v, d);
    fc.assert(fc.property(fc.double({ min: -2000, max: 2000, noNaN: true }), fc.nat(3), (v, d) => check(v, d)), { numRuns: 3000, seed: 3 });
  });
}

test('clockTime() writes the UTC time of day as Date.toISOString does', () => {
  fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
    const iso = new Date(ms).toISOString();
    const time = iso.slice(iso.indexOf('T') + 1);
    assert.equal(clockTime(ms), time.slice(0, 8));
    assert.equal(clockTime(ms, true), time.slice(0, 12));
  }), { numRuns: 3000, seed: 4 });
});

test('t() fills placeholders as @vscode/l10n does, and formatNumber() caches what Intl writes', () => {
  configureL10n('en', undefined);
  assert.equal(t('{0} of {1}, {0} again, {2} stays, {x} too', 'a', 2), 'a of 2, a again, {2} stays, {x} too');
  assert.equal(t('no placeholder'), 'no placeholder');
  assert.equal(t('{10}', ...Array.from({ length: 11 }, (_, i) => i)), '10');
  for (const n of [0, 7, 999, 1000, 9999, 10_000, 1234567, 2.5]) {
    assert.equal(formatNumber(n), new Intl.NumberFormat('en').format(n));
    assert.equal(formatNumber(n), new Intl.NumberFormat('en').format(n), 'cached');
  }
  configureL10n('pt-br', undefined);
  assert.equal(formatNumber(1234), new Intl.NumberFormat('pt-BR').format(1234));
  configureL10n('en', undefined);
});

test('formatDuration() and formatBytes() write labels and, exactly, hovers', () => {
  configureL10n('en', undefined);
  const durations: [number, boolean, string][] = [
    [850, false, '850 ms'], [1234, false, '1.2 s'], [1234, true, '1.234 s'], [12_345, false, '12 s'], [240_400, false, '4 min'],
    [245_600, false, '4 min 6 s'], [245_600, true, '4 min 5 s'], [7_380_000, false, '2 h 3 min'], [93_600_000, true, '1 d 2 h'],
    [-1500, true, '\u22121.5 s'], [NaN, false, ''],
  ];
  for (const [ms, exact, text] of durations) assert.equal(formatDuration(ms, exact), text, `${ms} ${exact}`);
  assert.deepEqual([900, 34 * 1024, 2.1 * 1024 ** 2, 1.5 * 1024 ** 3].map(formatBytes), ['900 B', '34 KB', '2.1 MB', '1.5 GB']);
  assert.equal(formatByteCount(1), '1 byte');
  assert.equal(formatByteCount(1_234_567), '1,234,567 bytes (1.2 MB)');
});
