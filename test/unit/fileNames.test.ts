/** Exchange log file names: kinds, dates, linked families and roll-over order, in one module. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  fileDateOf, fileNameOf, folderOf, kindFromFileName, linkedKind, linkedLogFiles, parseLogFileName, sortLogFileNames,
} from '../../server/src/core/model/fileNames';

test('the kind of a log from its file name, in any case, as a URI or a bare name', () => {
  const cases: [string, string | undefined][] = [
    ['file:///logs/RECV2023011116-1.LOG', 'smtpReceive'],
    ['file:///logs/send2024012515-1.log', 'smtpSend'],
    ['CONNECTLOG2013062721-1.LOG', 'connectivity'],
    ['file:///c%3A/Exchange/MSGTRKMS2016040500-1.LOG', 'messageTracking'],
    ['file:///logs/POP3BE2024012415-1.LOG', 'pop3'],
    ['IMAP4BE2023010913-1.LOG', 'imap4'],
    ['file:///logs/ex061009.log', 'w3c'],
    ['file:///logs/RECV2023011116-1.LOG.txt', undefined],
    ['file:///logs/app.log', undefined],
    ['untitled:Untitled-1', undefined],
  ];
  for (const [uri, kind] of cases) assert.equal(kindFromFileName(uri), kind, uri);
  assert.equal(kindFromFileName(undefined), undefined);
});

test('a dated Exchange name: kind, date, hour and counter', () => {
  assert.deepEqual(parseLogFileName('RECV2024030510-12.LOG'), { kind: 'smtpReceive', date: '20240305', hour: '10', counter: 12 });
  assert.deepEqual(parseLogFileName('pop3be20240305-1.log'), { kind: 'pop3', date: '20240305', hour: undefined, counter: 1 });
  assert.deepEqual(parseLogFileName('MSGTRKMD2024030510-1.LOG'), { kind: 'messageTracking', date: '20240305', hour: '10', counter: 1 });
  assert.equal(parseLogFileName('SENDX2024030510-1.LOG'), undefined, 'only tracking and POP3/IMAP4 names have letters after the prefix');
  assert.equal(parseLogFileName('RECV2024030510.LOG'), undefined, 'no counter');
  assert.equal(parseLogFileName('notes.txt'), undefined);
});

test('linked families: connectivity with send by session, receive with message tracking by message', () => {
  assert.equal(linkedKind('connectivity'), 'smtpSend');
  assert.equal(linkedKind('smtpSend', 'session'), 'connectivity');
  assert.equal(linkedKind('smtpReceive'), 'messageTracking');
  assert.equal(linkedKind('messageTracking', 'message'), 'smtpReceive');
  assert.equal(linkedKind('smtpReceive', 'session'), undefined);
  assert.equal(linkedKind('pop3'), undefined);
});

test('the linked logs of a folder listing, whatever the case, are picked by the server', () => {
  const folder = 'file:///c%3A/Logs/';
  const names = [
    'SEND20240125-1.LOG', 'connectlog2024012510-2.log', 'RECV2024012510-1.LOG', 'MSGTRKMA2024012510-1.LOG',
    'POP3BE20240125-1.LOG', 'app.log', 'RECV2024012510-1.LOG.bak', 'readme.txt', 'EX240125.LOG',
  ];
  assert.deepEqual(linkedLogFiles(names.map((n) => folder + n)), [
    folder + 'SEND20240125-1.LOG', folder + 'connectlog2024012510-2.log', folder + 'RECV2024012510-1.LOG', folder + 'MSGTRKMA2024012510-1.LOG',
  ]);
});

test('file and folder of a URI; the date a moment is filed under', () => {
  assert.equal(fileNameOf('file:///logs/RECV%20copy.LOG?x=1#L2'), 'RECV copy.LOG');
  assert.equal(fileNameOf('untitled:Untitled-1'), 'Untitled-1');
  assert.equal(fileNameOf('C:\\Logs\\RECV2024012510-1.LOG'), 'RECV2024012510-1.LOG');
  assert.equal(fileNameOf('file:///logs/100%.log'), '100%.log', 'a malformed escape is kept as it is');
  assert.equal(folderOf('file:///logs/day/RECV.LOG'), 'file:///logs/day/');
  assert.equal(fileDateOf(Date.UTC(2024, 0, 25, 23, 59)), '20240125');
  assert.equal(fileDateOf(NaN), undefined);
});

test('roll-over siblings sort by date, hour and counter within each log', () => {
  assert.deepEqual(
    sortLogFileNames(['RECV2024030510-10.LOG', 'SEND2024030509-1.LOG', 'RECV2024030510-2.LOG', 'RECV2024030509-1.LOG']),
    ['RECV2024030509-1.LOG', 'RECV2024030510-2.LOG', 'RECV2024030510-10.LOG', 'SEND2024030509-1.LOG'],
  );
});
