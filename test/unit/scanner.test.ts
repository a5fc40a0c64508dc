/** The offset scanner agrees with csv-parse field for field: on every fixture log (and sample, when present) and on random input. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { decodeField, scanInto, scanLine, splitLine } from '../../server/src/core/model/scanner';
import { computeLines, parseLog } from '../../server/src/core/model/logModel';
import { recordValues } from '../../server/src/core/model/values';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allLogsCounting, layeredTest } from '../helpers/layers';

function csvParseLine(line: string): string[] {
  const rows = parse(line, { relax_column_count: true }) as string[][];
  return rows[0];
}

function encode(field: string, forceQuote: boolean): string {
  if (forceQuote || /[",]/.test(field)) return '"' + field.replace(/"/g, '""') + '"';
  return field;
}

const fieldArb = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', ' ', ';', '=', 'é', '\t', 'Z', '1') , maxLength: 12 }),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/[\r\n]/g, ' ')),
);

test('scanner agrees with csv-parse on random valid CSV lines', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fieldArb, fc.boolean()), { minLength: 1, maxLength: 15 }), (fields) => {
      const line = fields.map(([f, q]) => encode(f, q)).join(',');
      fc.pre(line.length > 0);
      const ours = splitLine(line);
      assert.deepEqual(ours, fields.map(([f]) => f));
      assert.deepEqual(csvParseLine(line), ours);
    }),
    { numRuns: 2000, seed: 42 },
  );
});

test('scanner spans cover the line: fields and delimiters tile it exactly', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }).map((s) => s.replace(/[\r\n]/g, '')), (line) => {
      const scan = scanLine(line, 0, line.length, ',');
      const sp = scan.spans;
      assert.equal(sp[0], 0);
      assert.equal(sp[sp.length - 1], line.length);
      for (let i = 0; i < sp.length; i += 2) {
        assert.ok(sp[i] <= sp[i + 1]);
        if (i + 2 < sp.length) assert.equal(sp[i + 2], sp[i + 1] + 1);
      }
      for (let i = 0; i < sp.length; i += 2) decodeField(line, sp[i], sp[i + 1]);
    }),
    { numRuns: 3000, seed: 7 },
  );
});

layeredTest('scanner agrees with csv-parse on every record of every comma-separated sample', allLogsCounting(130, 130), ({ files, min }) => {
  let compared = 0;
  for (const s of files) {
    const model = parseLog(s.text);
    for (const rec of model.records) {
      if (rec.layout.delimiter !== ',' || rec.flags & (1 | 2)) continue;
      const line = s.text.slice(rec.start, rec.end);
      assert.deepEqual(splitLine(line), csvParseLine(line), `${s.name} line ${rec.line + 1}`);
      assert.deepEqual(recordValues(model, rec), splitLine(line));
      compared++;
    }
  }
  assert.ok(compared > min, `compared ${compared} records`);
});

test('line splitting matches the LSP TextDocument for CRLF, LF, lone CR and mixed endings', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', ',', '\r', '\n', '\r\n', 'x"', '\ufeff'), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      const doc = TextDocument.create('file:///x', 'x', 1, text);
      const { starts, ends } = computeLines(text);
      assert.equal(starts.length, doc.lineCount);
      for (let i = 0; i < starts.length; i++) {
        assert.equal(starts[i], doc.offsetAt({ line: i, character: 0 }));
        const content = doc.getText({ start: { line: i, character: 0 }, end: { line: i + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
        assert.equal(ends[i] - starts[i], content.length, `line ${i} of ${JSON.stringify(text)}`);
      }
    }),
    { numRuns: 3000, seed: 3 },
  );
});

test('an unterminated quote ends at the end of its line', () => {
  const line = 'a,"b,c';
  const scan = scanLine(line, 0, line.length, ',');
  assert.equal(scan.unterminated, true);
  assert.deepEqual(scan.spans, [0, 1, 2, 6]);
  assert.equal(decodeField(line, 2, 6), 'b,c');
});

test('space-delimited W3C lines never treat quotes specially', () => {
  assert.deepEqual(splitLine('a "b c" d', ' '), ['a', '"b', 'c"', 'd']);
});

test('lines with more fields than the shared span buffer first holds: with and without quotes, and with a limit', () => {
  for (const line of [Array.from({ length: 1500 }, (_, i) => `f${i}`).join(','), Array.from({ length: 1500 }, (_, i) => (i % 7 ? `f${i}` : `"q,${i}"`)).join(',')]) {
    const text = `x\n${line}\ny`;
    const start = 2, end = 2 + line.length;
    const full = scanLine(text, start, end, ',');
    assert.equal(full.spans.length, 3000);
    assert.deepEqual(splitLine(line, ','), csvParseLine(line));
    const limited = scanInto(text, start, end, ',', 700);
    assert.equal(limited.count, 700);
    assert.deepEqual(Array.from(limited.spans.subarray(0, 1400)), full.spans.slice(0, 1400));
  }
});
