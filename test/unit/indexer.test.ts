/** The indexer's worker threads: a thread that stops in the middle of a run is replaced and the run goes on. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Worker } from 'worker_threads';
import { configureL10n } from '../../server/src/core/l10n';
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { Indexer, readingOrder } from '../../server/src/collection/indexer';
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

test('reading order: each log\'s smallest files first, a log after another, then the biggest first', () => {
  const file = (p: string, size: number) => ({ path: path.join('EX01', p), size });
  const files = [
    file('RECV2024030401-1.LOG', 900), file('recv2024030402-1.log', 100), file('RECV2024030403-1.LOG', 500),
    file('SEND2024030401-1.LOG', 700), file('SEND2024030402-1.LOG', 300),
    file('MSGTRKMS2024030401-1.LOG', 50), file('MSGTRK2024030401-1.LOG', 60), file('MSGTRK2024030402-1.LOG', 800),
    file('CONNECTLOG2024030401-1.LOG', 10),
  ];
  const one = [...files];
  readingOrder(one, (f) => f, 1);
  const names = (list: typeof files) => list.map((f) => `${path.basename(f.path)}:${f.size}`);
  // one file of each log (RECV and recv are one log), the smallest; then the rest, biggest first
  assert.deepEqual(names(one.slice(0, 5)).sort(), ['CONNECTLOG2024030401-1.LOG:10', 'MSGTRK2024030401-1.LOG:60', 'MSGTRKMS2024030401-1.LOG:50', 'SEND2024030402-1.LOG:300', 'recv2024030402-1.log:100']);
  assert.deepEqual(names(one.slice(5)), ['RECV2024030401-1.LOG:900', 'MSGTRK2024030402-1.LOG:800', 'SEND2024030401-1.LOG:700', 'RECV2024030403-1.LOG:500']);
  const two = [...files];
  readingOrder(two, (f) => f, 2);
  // two rounds: every log once, then the logs that have a second file
  const logOf = (f: (typeof files)[number]) => path.basename(f.path).toUpperCase().replace(/\d.*$/, '');
  assert.deepEqual(new Set(two.slice(0, 5).map(logOf)).size, 5);
  assert.deepEqual(names(two.slice(5, 8)).sort(), ['MSGTRK2024030402-1.LOG:800', 'RECV2024030403-1.LOG:500', 'SEND2024030401-1.LOG:700']);
  assert.deepEqual(names(two.slice(8)), ['RECV2024030401-1.LOG:900']);
  assert.deepEqual(new Set(two), new Set(files), 'the same files');
});
