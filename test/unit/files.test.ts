/** Finding a collection's log files on disk: by name or by content, every folder, each file once, bounded. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configureL10n } from '../../server/src/core/l10n';
import { findLogFiles } from '../../server/src/collection/files';
import { generateLog } from '../bench/generateLogs';

configureL10n('en', undefined);

test('log files are found by their Exchange names or, for other .log and .txt files, by their content; each once; beyond the limit, one warning', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elx-files-'));
  try {
    const recv = path.join(dir, 'EX01', 'SmtpReceive');
    const other = path.join(dir, 'copied');
    fs.mkdirSync(recv, { recursive: true });
    fs.mkdirSync(other, { recursive: true });
    const log = generateLog('smtpReceive', 2_000, 1, 2);
    for (let h = 0; h < 24; h++) fs.writeFileSync(path.join(recv, `RECV20240305${String(h).padStart(2, '0')}-1.LOG`), log);
    // renamed by whoever copied it, lower-case, or not a log at all
    fs.writeFileSync(path.join(other, 'ex01-receive.txt'), log);
    fs.writeFileSync(path.join(other, 'recv2024030600-1.log'), log);
    fs.writeFileSync(path.join(other, 'notes.txt'), 'Case 12345: mail from contoso delayed\r\n');
    fs.writeFileSync(path.join(other, 'setup.log'), '[03/05/2024 10:00:00] Installing\r\n');
    fs.writeFileSync(path.join(other, 'image.log'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    // a root given twice, and a file given as a root
    const found = await findLogFiles([dir, recv, path.join(recv, 'RECV2024030500-1.LOG')]);
    assert.deepEqual(found.warnings, []);
    const names = found.files.map((f) => path.basename(f.path));
    assert.equal(names.length, 26, names.join(' '));
    assert.ok(names.includes('ex01-receive.txt') && names.includes('recv2024030600-1.log'));
    assert.ok(!names.includes('notes.txt') && !names.includes('setup.log') && !names.includes('image.log'));
    assert.equal(new Set(found.files.map((f) => f.path)).size, 26, 'each file once');
    for (const f of found.files) assert.equal(f.size, fs.statSync(f.path).size);

    const bounded = await findLogFiles([dir], { maxFiles: 10 });
    assert.equal(bounded.files.length, 10);
    assert.deepEqual(bounded.warnings, ['More than 10 log files: the rest are not indexed.']);

    let asked = 0;
    const stopped = await findLogFiles([dir], { cancelled: () => ++asked > 1 });
    assert.ok(stopped.files.length < 26, 'a cancelled walk stops early');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
