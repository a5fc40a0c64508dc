/** Reading a log file from disk into index parts: the text the core is given is the file's text. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isAscii } from 'buffer';
import { configureL10n } from '../../server/src/core/l10n';
import { CollectionIndex, sessionCells } from '../../server/src/core/collection/collection';
import { Part, encodePart, indexPart } from '../../server/src/core/collection/part';
import { readParts, readPartsOfBytes } from '../../server/src/collection/readParts';
import { generateLog } from '../bench/generateLogs';

configureL10n('en', undefined);

/** Runs `run` with a new empty folder, removed after. */
function withFolder(run: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elx-read-'));
  try {
    run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a file read from disk gives the part of its text, ASCII or not, with or without a BOM', () => {
  withFolder((dir) => {
    const ascii = generateLog('messageTracking', 40_000, 3, 6);
    // a subject in Portuguese and a sender outside the BMP: the bytes are UTF-8, not ASCII
    const accented = ascii.replace(/Quarterly report, part 1\b/g, 'Relatório trimestral 🙂, parte 1');
    assert.notEqual(accented, ascii);
    // an ASCII chunk is read as Latin-1: a small one onto the heap, one over 1 MB outside it; sizes in
    // between too, read after a bigger file (the read buffer still holds that file's bytes)
    const big = generateLog('smtpReceive', 1_500_000, 5, 6);
    const mid = generateLog('smtpSend', 400_000, 7, 6);
    const trackingMid = generateLog('messageTracking', 300_000, 8, 6).replace(/Quarterly report, part 1\b/g, 'Relatório trimestral 🙂, parte 1');
    assert.ok(mid.length > 128 * 1024 && mid.length < 0xfbee9 && trackingMid.length > 128 * 1024);
    for (const t of [ascii, big, mid]) assert.ok(!/[^\x00-\x7f]/.test(t), 'the ASCII cases are ASCII');
    const cases = [
      ['ascii', ascii, false], ['ascii-bom', ascii, true], ['ascii-big', big, false], ['ascii-mid', mid, false], ['ascii-mid-bom', mid, true],
      ['utf8', accented, false], ['utf8-bom', accented, true], ['utf8-mid-bom', trackingMid, true],
    ] as const;
    for (const [name, text, bom] of cases) {
      const file = path.join(dir, text === big ? `RECV2024030510-${name}.LOG` : text === mid ? `SEND2024030510-${name}.LOG` : `MSGTRK2024030510-${name}.LOG`);
      fs.writeFileSync(file, (bom ? '\ufeff' : '') + text, 'utf8');
      const size = fs.statSync(file).size;
      const read = readParts(file, size);
      assert.equal(read.warning, undefined, name);
      assert.equal(read.parts.length, 1, name);
      const expected = indexPart(text, read.parts[0].meta.place, file);
      assert.deepEqual(encodePart(read.parts[0]), encodePart(expected), name);
      assert.equal(read.parts[0].events.rows, expected.events.rows, name);
      assert.equal(read.parts[0].events.texts().some((t) => t.startsWith('Relatório trimestral 🙂')), text === accented || text === trackingMid, name);
      assert.equal(read.parts[0].meta.lines, expected.meta.lines, name);
    }
  });
});

test('a message-tracking log beyond ASCII is read as its bytes: the same part as its decoded text, or decoded when its bytes could read otherwise', () => {
  withFolder((dir) => {
    const base = generateLog('messageTracking', 60_000, 4, 6);
    const place = (bytes: Buffer) => ({ byteStart: 0, byteEnd: bytes.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' });
    // quoted values with a doubled quote and a comma, a lower-case event id with an accent (its ASCII
    // letters are upper-cased), a sender
    // outside the BMP, a recipient list
    const accented = base
      .replace(/"Quarterly report, part 1"/g, '"Relatório ""final"", São Paulo"')
      .replace(/,RECEIVE,/, ',réceive,')
      .replace(/alice@adatum\.com/g, 'ç🙂@adatum.com')
      .replace(/frank@contoso\.com/g, 'joão@contoso.com;maría@contoso.com');
    assert.notEqual(accented, base);
    const cases: { name: string; bytes: Buffer; asBytes: boolean }[] = [
      { name: 'accented', bytes: Buffer.from(accented, 'utf8'), asBytes: true },
      // a receive log under a tracking log's name: its summaries read the text, so it is decoded
      { name: 'receive', bytes: Buffer.from(generateLog('smtpReceive', 30_000, 4, 6).replace(/EHLO [^,\r\n]+/, 'EHLO são-paulo.example'), 'utf8'), asBytes: false },
      // a header line beyond ASCII (a name may end in a no-break space), a byte order mark inside
      { name: 'header', bytes: Buffer.from(accented.replace('#Software: Microsoft Exchange Server', '#Software: Microsoft Exchange Server\u00a0'), 'utf8'), asBytes: false },
      { name: 'bom', bytes: Buffer.from(accented + '\ufeff' + base, 'utf8'), asBytes: false },
    ];
    for (const { name, bytes, asBytes } of cases) {
      assert.ok(!isAscii(bytes), name);
      const file = path.join(dir, `MSGTRK2024030510-${name}.LOG`);
      fs.writeFileSync(file, bytes);
      const text = bytes.toString('utf8');
      assert.equal(indexPart(bytes.toString('latin1'), place(bytes), file, true) !== undefined, asBytes, name);
      const read = readParts(file, bytes.length);
      assert.equal(read.parts.length, 1, name);
      assert.deepEqual(encodePart(read.parts[0]), encodePart(indexPart(text, place(bytes), file)), name);
    }
    const read = readParts(path.join(dir, 'MSGTRK2024030510-accented.LOG'), cases[0].bytes.length).parts[0];
    const texts = read.events.texts();
    for (const value of ['Relatório "final", São Paulo', 'RéCEIVE', 'ç🙂@adatum.com', 'joão@contoso.com', 'maría@contoso.com']) assert.ok(texts.includes(value), value);

    // bytes that are not UTF-8: kept as they are, they read as the decoded text's replacement characters
    const broken = Buffer.concat([Buffer.from(base.slice(0, base.indexOf('Quarterly report, part 1')), 'utf8'), Buffer.from([0xc3, 0x28, 0xe2, 0x82]), Buffer.from(base.slice(base.indexOf('Quarterly report, part 1')), 'utf8')]);
    const brokenFile = path.join(dir, 'MSGTRK2024030510-broken.LOG');
    fs.writeFileSync(brokenFile, broken);
    const asBytes = indexPart(broken.toString('latin1'), place(broken), brokenFile, true)!;
    assert.ok(asBytes);
    const decoded = indexPart(broken.toString('utf8'), place(broken), brokenFile);
    assert.deepEqual(asBytes.events.texts(), decoded.events.texts());
    assert.ok(decoded.events.texts().some((t) => t.startsWith('\ufffd(\ufffdQuarterly report')));
  });
});

test('bytes a client sent are read in the same chunks as the same file from disk: the same parts, lines and warnings', () => {
  withFolder((dir) => {
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
  });
});

/** The sessions of a file's parts as the collection counts them (roll-overs of its chunks joined), in id order. */
function sessionsOf(parts: Part[], size: number): Record<string, unknown>[] {
  const c = new CollectionIndex();
  c.setFile({ path: '/x/RECV2024030510-1.LOG', size, mtime: 1, parts });
  return [...c.sessions()].map((r) => sessionCells(r)).map(({ flags: _f, ...rest }) => rest).sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
}

test('a file bigger than a chunk is read one chunk at a time, with the sessions of the file read whole; a line longer than a chunk is named', () => {
  withFolder((dir) => {
    const text = generateLog('smtpReceive', 600_000, 7, 30);
    const file = path.join(dir, 'RECV2024030510-1.LOG');
    fs.writeFileSync(file, text);
    const chunk = 64 * 1024;
    const done: number[] = [];
    const read = readParts(file, text.length, undefined, (n) => done.push(n), chunk);
    assert.equal(read.warning, undefined);
    assert.equal(read.bytes, text.length);
    assert.ok(read.parts.length >= 9, `${read.parts.length} parts`);
    for (const p of read.parts) {
      assert.ok(p.meta.place.byteEnd - p.meta.place.byteStart <= chunk, 'no part is longer than a chunk');
      assert.equal(p.meta.place.endsWithBreak, true);
    }
    assert.deepEqual(done, read.parts.map((p) => p.meta.place.byteEnd));
    const whole = indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, file);
    assert.deepEqual(sessionsOf(read.parts, text.length), sessionsOf([whole], text.length));

    // one line of 1.5 MB in a file read 1 MB at a time: named, and the lines before it indexed
    const lines = text.split('\r\n');
    const at = Math.floor(lines.length / 2);
    const long = [...lines.slice(0, at), lines[at] + 'x'.repeat(1_500_000), ...lines.slice(at + 1)].join('\r\n');
    const longFile = path.join(dir, 'RECV2024030511-1.LOG');
    fs.writeFileSync(longFile, long);
    const cut = readParts(longFile, long.length, undefined, undefined, 1024 * 1024);
    assert.match(cut.warning ?? '', /RECV2024030511-1\.LOG: a line longer than 1 MB; read as far as it goes\./);
    assert.ok(cut.bytes < long.length && cut.bytes > 0, `${cut.bytes} of ${long.length} bytes read`);
    assert.ok(cut.parts.reduce((n, p) => n + p.sessions.rows, 0) > 0, 'the sessions before the long line are indexed');
  });
});

test('a file that grows while it is read: the bytes listed are read, the appended ones next time from where reading stopped; one that shrank is named', () => {
  withFolder((dir) => {
    const text = generateLog('smtpReceive', 200_000, 3, 12);
    const cutAt = text.lastIndexOf('\r\n', 120_000) + 2;
    const [before, after] = [text.slice(0, cutAt), text.slice(cutAt)];
    const file = path.join(dir, 'RECV2024030510-1.LOG');
    fs.writeFileSync(file, before);
    const listed = fs.statSync(file).size;
    // Exchange appends between the listing and the read
    fs.appendFileSync(file, after);
    const first = readParts(file, listed);
    assert.equal(first.warning, undefined);
    assert.equal(first.bytes, listed, 'only the bytes listed are read');
    const last = first.parts[first.parts.length - 1].meta;
    const lineOffset = last.place.lineOffset + last.lines;
    const next = readParts(file, text.length, { byteStart: last.place.byteEnd, lineOffset, headerPrefix: last.header });
    assert.equal(next.bytes, after.length, 'the next read takes the appended bytes only');
    const whole = indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, file);
    assert.deepEqual(sessionsOf([...first.parts, ...next.parts], text.length), sessionsOf([whole], text.length));

    // cut short after it was listed (rotated, truncated): named, read as far as it goes
    fs.truncateSync(file, cutAt);
    const short = readParts(file, text.length);
    assert.match(short.warning ?? '', /RECV2024030510-1\.LOG: shorter than when it was listed; read as far as it goes\./);
    assert.equal(short.bytes, cutAt);
    assert.deepEqual(sessionsOf(short.parts, cutAt), sessionsOf(first.parts, cutAt));
  });
});
