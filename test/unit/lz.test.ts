/** The packing of a table's text block, and the robustness of the table format around it. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { configureL10n } from '../../server/src/core/l10n';
import { pack, packedFits, unpack } from '../../server/src/core/collection/lz';
import { huffmanPack, huffmanUnpack } from '../../server/src/core/collection/huffman';
import { EVENT_LISTS, SESSION_LISTS } from '../../server/src/core/collection/schema';
import { Part, decodePart, encodePart, indexPart } from '../../server/src/core/collection/part';
import { TableFormatError } from '../../server/src/core/collection/table';
import { generateLog } from '../bench/generateLogs';

configureL10n('en', undefined);

/** Bytes with repeats at every distance (what packing finds), from a few symbols. */
const repetitive = fc.array(fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.tuple(fc.constantFrom(...'abc-08DC;2024-03-04T@contoso.com'.split('')), fc.integer({ min: 1, max: 300 })).map(([c, n]) => new TextEncoder().encode(c.repeat(n))),
), { maxLength: 30 }).map((chunks) => {
  const out: number[] = [];
  for (const c of chunks) {
    out.push(...c);
    // and a copy of something already there
    if (out.length > 8 && c.length % 3 === 0) out.push(...out.slice(out.length >> 1, (out.length >> 1) + c.length + 4));
  }
  return Uint8Array.from(out);
});

test('packed bytes unpack to the same bytes, and only to their own size', () => {
  fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 2000 }), repetitive), (bytes) => {
    const packed = pack(bytes);
    assert.ok(packedFits(packed, bytes.length));
    assert.deepEqual(unpack(packed, bytes.length), bytes);
    assert.equal(packedFits(packed, bytes.length + 1), false);
    if (bytes.length > 0) assert.equal(packedFits(packed, bytes.length - 1), false);
  }), { numRuns: 400 });
  const text = new TextEncoder().encode(generateLog('messageTracking', 200_000, 5, 6));
  const packed = pack(text);
  assert.ok(packed.length < text.length / 2, `${packed.length} of ${text.length}`);
  assert.deepEqual(unpack(packed, text.length), text);
});

test('Huffman coding round-trips, also when the counts would make codes longer than 12 bits', () => {
  // counts like Fibonacci numbers make the deepest code tree
  const skewed: number[] = [];
  for (let s = 0, a = 1, b = 1; s < 24; s++, [a, b] = [b, a + b]) for (let k = 0; k < a; k++) skewed.push(s);
  for (const bytes of [new Uint8Array(0), Uint8Array.of(7), Uint8Array.of(7, 7, 7), Uint8Array.from(skewed), Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) & 255)]) {
    const coded = huffmanPack(bytes);
    assert.deepEqual(huffmanUnpack(coded), bytes);
    if (bytes.length > 0) assert.equal(huffmanUnpack(coded.subarray(0, coded.length - 1)), undefined);
  }
});

test('damaged packed bytes are refused, or unpack to exactly their size without reading outside them', () => {
  fc.assert(fc.property(repetitive, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), (bytes, damage) => {
    const packed = pack(bytes);
    for (const [at, flip] of damage) packed[at % packed.length] ^= flip;
    if (packedFits(packed, bytes.length)) assert.equal(unpack(packed, bytes.length).length, bytes.length);
  }), { numRuns: 1000 });
});

/** Reads everything a part holds, as a question would. */
function readAll(p: Part): void {
  for (const [t, lists] of [[p.sessions, SESSION_LISTS.length], [p.events, EVENT_LISTS.length]] as const) {
    const texts = t.texts();
    for (let c = 0; c < t.schema.length; c++) {
      const col = t.column(c);
      assert.equal(col.length, t.rows);
      if (t.schema[c].type === 'str') for (let r = 0; r < t.rows; r++) assert.ok(col[r] < texts.length);
    }
    for (let l = 0; l < lists; l++) for (let r = 0; r < t.rows; r++) for (const id of t.list(l, r)) assert.ok(id < texts.length);
  }
}

test('a part with any byte damaged is refused with a TableFormatError or read whole without another error', () => {
  const text = generateLog('smtpReceive', 12_000, 3, 4) + generateLog('messageTracking', 8_000, 3, 4);
  const part = indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, 'x.log');
  const bytes = encodePart(part);
  readAll(decodePart(bytes));
  let refused = 0;
  for (let at = 0; at < bytes.length; at++) {
    for (const flip of [0x01, 0x80, 0xff]) {
      const bad = bytes.slice();
      bad[at] ^= flip;
      try {
        readAll(decodePart(bad));
      } catch (e) {
        assert.ok(e instanceof TableFormatError, `byte ${at} ^ ${flip}: ${String(e)}`);
        refused++;
      }
    }
  }
  assert.ok(refused > 0);
});
