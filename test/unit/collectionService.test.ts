/** The collection service lets go of what questions decoded some time after the last one. */
import { mock, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { indexPart } from '../../server/src/core/collection/part';
import { CollectionService } from '../../server/src/collection/service';
import { generateLog } from '../bench/generateLogs';

test('text decoded for questions asked in a row is kept between them and let go two minutes after the last', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  const service = new CollectionService({});
  try {
    const text = generateLog('smtpReceive', 50_000, 3, 2);
    const part = indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, 'RECV2024030510-1.LOG');
    service.collection.setFile({ path: '/logs/RECV2024030510-1.LOG', size: text.length, mtime: 0, parts: [part] });
    const decoded = part.sessions.texts();
    service.asked();
    mock.timers.tick(60_000);
    service.asked();
    mock.timers.tick(90_000);
    assert.equal(part.sessions.texts(), decoded, 'a question 60 s after the first keeps the text for two more minutes');
    mock.timers.tick(30_001);
    assert.notEqual(part.sessions.texts(), decoded, 'two minutes without a question: decoded again');
  } finally {
    mock.timers.reset();
    await service.dispose();
  }
});

test('files a client sent (URI keys) leave with their virtual folder only, not with a folder on disk', async () => {
  const service = new CollectionService({});
  try {
    const text = generateLog('smtpReceive', 20_000, 3, 2);
    const part = () => indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, 'RECV2024030510-1.LOG');
    const keys = ['memfs:/a/RECV2024030510-1.LOG', 'memfs:/b/RECV2024030510-1.LOG', `${process.cwd()}/RECV2024030510-1.LOG`];
    for (const path of keys) service.collection.setFile({ path, size: text.length, mtime: 0, parts: [part()] });
    service.addVirtualFolder('memfs:/a');
    service.addVirtualFolder('memfs:/b/');
    // the server's working folder as a folder on disk: a URI resolved as a path would seem to be below it
    service.setFolders([process.cwd()]);
    service.setFolders([]);
    const held = () => [...service.collection.files()].map(([, f]) => f.path);
    assert.deepEqual(held(), keys.slice(0, 2));
    service.removeVirtualFolder('memfs:/A/');
    assert.deepEqual(held(), [keys[1]]);
    assert.deepEqual(service.virtualFolders(), ['memfs:/b/']);
  } finally {
    await service.dispose();
  }
});
