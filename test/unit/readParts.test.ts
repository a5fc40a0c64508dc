/** Reading a log file from disk into index parts: the text the core is given is the file's text. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configureL10n } from '../../server/src/core/l10n';
import { encodePart, indexPart } from '../../server/src/core/collection/part';
import { readParts, readPartsOfBytes } from '../../server/src/collection/readParts';
import { generateLog } from '../bench/generateLogs';

configureL10n('en', undefined);

test('a file read from disk gives the part of its text, ASCII or not, with or without a BOM', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elx-read-'));
  try {
    const ascii = generateLog('messageTracking', 40_000, 3, 6);
    // a subject in Portuguese and a sender outside the BMP: the bytes are UTF-8, not ASCII
    const accented = ascii.replace(/Quarterly report, part 1\b/g, 'Relatório trimestral 🙂, parte 1');
    assert.notEqual(accented, ascii);
    for (const [name, text, bom] of [['ascii', ascii, false], ['ascii-bom', ascii, true], ['utf8', accented, false], ['utf8-bom', accented, true]] as const) {
      const file = path.join(dir, `MSGTRK2024030510-${name}.LOG`);
      fs.writeFileSync(file, (bom ? '\ufeff' : '') + text, 'utf8');
      const size = fs.statSync(file).size;
      const read = readParts(file, size);
      assert.equal(read.warning, undefined, name);
      assert.equal(read.parts.length, 1, name);
      const expected = indexPart(text, read.parts[0].meta.place, file);
      assert.deepEqual(encodePart(read.parts[0]), encodePart(expected), name);
      assert.equal(read.parts[0].events.rows, expected.events.rows, name);
      assert.equal(read.parts[0].events.texts().some((t) => t.startsWith('Relatório trimestral 🙂')), text === accented, name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bytes a client sent are read in the same chunks as the same file from disk: the same parts, lines and warnings', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elx-bytes-'));
  try {
    const text = generateLog('smtpReceive', 300_000, 5, 9);
    const file = path.join(dir, 'RECV2024030510-1.LOG');
    fs.writeFileSync(file, '\ufeff' + text, 'utf8');
    const bytes = fs.readFileSync(file);
    // small chunks: the file is read in several parts, each with the header in force where it starts
    const fromDisk = readParts(file, bytes.length, undefined, undefined, 64 * 1024);
    const done: number[] = [];
    const fromBytes = readPartsOfBytes(file, bytes, (n) => done.push(n), 64 * 1024);
    assert.ok(fromDisk.parts.length > 3, `${fromDisk.parts.length} parts`);
    assert.equal(fromBytes.bytes, fromDisk.bytes);
    assert.deepEqual(fromBytes.parts.map(encodePart), fromDisk.parts.map(encodePart));
    assert.equal(done.length, fromDisk.parts.length);
    assert.equal(done[done.length - 1], bytes.length);
    // binary bytes: one named warning, nothing indexed; no bytes: nothing, no warning
    const binary = readPartsOfBytes('memfs:/x/RECV2024030511-1.LOG', Buffer.from('MZ\u0000\u0001 not a log'));
    assert.deepEqual(binary.parts, []);
    assert.match(binary.warning ?? '', /^memfs:\/x\/RECV2024030511-1\.LOG: not a text log/);
    assert.deepEqual(readPartsOfBytes('memfs:/x/RECV2024030512-1.LOG', new Uint8Array(0)), { parts: [], bytes: 0, warning: undefined });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
