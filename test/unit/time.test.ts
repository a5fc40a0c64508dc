/** Timestamps: the fast reader of the usual form agrees with the general parser on every 24-character string. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseTime, parseTimeAt } from '../../server/src/core/model/time';

const same = (a: number, b: number) => (Number.isNaN(a) && Number.isNaN(b)) || a === b;

test('parseTimeAt reads yyyy-MM-ddTHH:mm:ss.fffZ as parseTime does, valid or not', () => {
  const char = fc.constantFrom(...'0123456789-:.TZ x9'.split(''));
  const valid = fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString());
  const damaged = fc.tuple(valid, fc.nat(23), char).map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1));
  const anything = fc.array(char, { minLength: 24, maxLength: 24 }).map((a) => a.join(''));
  fc.assert(fc.property(fc.oneof(valid, damaged, anything), fc.nat(5), (s, pad) => {
    const text = 'x'.repeat(pad) + s + ',';
    const at = parseTimeAt(text, pad, pad + 24);
    assert.ok(same(at, parseTime(s)), `${s}: ${at} vs ${parseTime(s)}`);
  }), { numRuns: 20_000, seed: 9 });
  assert.equal(parseTimeAt('2024-03-05T10:00:01.600Z', 0, 24), Date.UTC(2024, 2, 5, 10, 0, 1, 600));
  assert.ok(Number.isNaN(parseTimeAt('2024-13-05T10:00:01.600Z', 0, 24)));
});
