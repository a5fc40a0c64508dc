/** The indexer's worker threads: a thread that stops in the middle of a run is replaced and the run goes on. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Worker } from 'worker_threads';
import { configureL10n } from '../../server/src/core/l10n';
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { Indexer } from '../../server/src/collection/indexer';
import { generateLog } from '../bench/generateLogs';

configureL10n('en', undefined);

test('a worker thread that stops while files are given to it: those files are named, the others indexed, and the next run reads the rest', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elx-indexer-'));
  const collection = new CollectionIndex();
  const indexer = new Indexer(collection, { threads: 1 });
  try {
    const files: string[] = [];
    for (let hour = 0; hour < 12; hour++) {
      const file = path.join(dir, `RECV20240305${String(hour).padStart(2, '0')}-1.LOG`);
      fs.writeFileSync(file, generateLog('smtpReceive', 30_000 + hour * 1000, hour + 1, 2));
      files.push(file);
    }
    const workers = () => (indexer as unknown as { workers: Worker[] }).workers;
    let stopped = false;
    const run = await indexer.index([dir], (p) => {
      // the first file is in: the thread has the next one(s) already
      if (!stopped && p.files >= 1) {
        stopped = true;
        void workers()[0].terminate();
      }
    });
    assert.ok(stopped);
    const failed = files.filter((f) => run.warnings.some((w) => w.startsWith(`${f}: could not be indexed (`)));
    const held = files.filter((f) => collection.getFile(f));
    assert.ok(failed.length >= 1, `the files given to the stopped thread are named: ${run.warnings.join(' | ')}`);
    assert.deepEqual([...failed, ...held].sort(), files, 'every file is either indexed or named, not both');
    assert.equal(run.read, held.length);

    const again = await indexer.index([dir]);
    assert.deepEqual(again.warnings, []);
    assert.equal(again.read, failed.length, 'the next run reads only the files that were not indexed');
    assert.ok(files.every((f) => collection.getFile(f)));
  } finally {
    await indexer.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
