/** The index cache's checksum and entries: what it wrote reads back, and a damaged entry is refused. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configureL10n } from '../../server/src/core/l10n';
import { encodePart } from '../../server/src/core/collection/part';
import { IndexCache, crc32, crc32Loop } from '../../server/src/collection/cache';
import { readParts } from '../../server/src/collection/readParts';
import { generateLog } from '../bench/generateLogs';

configureL10n('en', undefined);

test('the checksum is CRC-32 with or without Node\'s own', () => {
  const check = new TextEncoder().encode('123456789');
  assert.equal(crc32(check), 0xcbf43926);
  assert.equal(crc32Loop(check), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
  let seed = 7;
  const bytes = Uint8Array.from({ length: 100_003 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
  for (const [start, end] of [[0, bytes.length], [1, 5], [3, 70_001]]) assert.equal(crc32(bytes.subarray(start, end)), crc32Loop(bytes.subarray(start, end)));
});

test('a cache entry reads back as written; one with a changed byte is refused and deleted', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elx-cache-'));
  try {
    const log = path.join(dir, 'RECV2024030510-1.LOG');
    fs.writeFileSync(log, generateLog('smtpReceive', 50_000, 3, 6));
    const size = fs.statSync(log).size;
    const { parts, bytes } = readParts(log, size);
    const cache = new IndexCache(path.join(dir, 'cache'));
    cache.write({ path: log, size, mtime: 1, bytes, parts });
    const hit = cache.read(log);
    assert.equal(hit.state, 'hit');
    if (hit.state !== 'hit') return;
    assert.deepEqual(hit.entry.parts.map(encodePart), parts.map(encodePart));
    const [entry] = fs.readdirSync(path.join(dir, 'cache'));
    const file = path.join(dir, 'cache', entry);
    const raw = fs.readFileSync(file);
    raw[raw.length - 9] ^= 1;
    fs.writeFileSync(file, raw);
    assert.deepEqual(cache.read(log), { state: 'rejected', reason: 'damaged' });
    assert.deepEqual(fs.readdirSync(path.join(dir, 'cache')), []);
    assert.deepEqual(cache.read(log), { state: 'miss' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
