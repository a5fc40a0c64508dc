/** Linked logs: connectivity ↔ send sessions, receive `receiving message` ↔ message tracking, proxy → receive session; the link lenses. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService, LogModel } from '../../server/src/core/languageService';
import { candidateFiles } from '../../server/src/core/features/links';
import { fixture } from '../helpers/paths';

const ls = getLanguageService();
const open = (name: string, dir = 'file:///logs/') => ls.parse(fixture(`linked/${name}`), dir + name, 1);
const conn = open('CONNECTLOG20240125-1.LOG');
const send = open('SEND20240125-1.LOG');
const recv = open('RECV20240125-1.LOG');
const trk = open('MSGTRK20240125-1.LOG');
const all = [conn, send, recv, trk];

/** Position of the first occurrence of `needle` on a line that contains `lineHas`. */
function at(m: LogModel, lineHas: string, needle: string) {
  const lines = m.text.split('\n');
  const line = lines.findIndex((l) => l.includes(lineHas));
  assert.ok(line >= 0, lineHas);
  return { line, character: lines[line].indexOf(needle) + 1 };
}

test('a connectivity session id goes to the send log session and back', () => {
  const toSend = ls.getLinkedLocations(conn, at(conn, 'Established', '08DC1DB8591B22A0'), all);
  assert.equal(toSend.length, 1);
  assert.equal(toSend[0].uri, send.uri);
  assert.equal(toSend[0].range.start.line, 5, 'the first event (seq 0) of the send session');
  assert.equal(send.text.split('\n')[5].slice(toSend[0].range.start.character, toSend[0].range.end.character), '08DC1DB8591B22A0');
  const back = ls.getLinkedLocations(send, at(send, ',>,EHLO', '08DC1DB8591B22A0'), all);
  assert.deepEqual(back.map((l) => [l.uri, l.range.start.line]), [[conn.uri, 5]]);
  // not on the id: nothing; a session the other log lacks: nothing; the other log closed: nothing
  assert.deepEqual(ls.getLinkedLocations(conn, at(conn, 'Established', 'Established'), all), []);
  assert.deepEqual(ls.getLinkedLocations(conn, at(conn, 'QueueLength=0', '08DC1DB8591B22B1'), all), []);
  assert.deepEqual(ls.getLinkedLocations(conn, at(conn, 'Established', '08DC1DB8591B22A0'), [conn, recv]), []);
});

test('receiving message links to the tracking entries with that source-context, and back', () => {
  const key = '08DC1DB8591B2299;2024-01-25T15:15:59.000Z;1';
  const toTrk = ls.getLinkedLocations(recv, at(recv, 'receiving message', ';2024'), all);
  assert.deepEqual(toTrk.map((l) => [l.uri, l.range.start.line]), [[trk.uri, 5]]);
  assert.equal(trk.text.split('\n')[5].slice(toTrk[0].range.start.character, toTrk[0].range.end.character), key);
  const back = ls.getLinkedLocations(trk, at(trk, 'RECEIVE', ';2024'), all);
  assert.deepEqual(back.map((l) => [l.uri, l.range.start.line]), [[recv.uri, 8]]);
  assert.deepEqual(ls.getLinkedLocations(trk, at(trk, 'HAREDIRECTFAIL', 'No suitable'), all), []);
});

test('a proxying line goes to the proxied receive session, and the receive session id back to it', () => {
  const toRecv = ls.getLinkedLocations(send, at(send, 'Proxying', 'Proxying'), all);
  assert.deepEqual(toRecv.map((l) => [l.uri, l.range.start.line]), [[recv.uri, 5]]);
  const back = ls.getLinkedLocations(recv, at(recv, 'EHLO', '08DC1DB8591B2299'), all);
  assert.deepEqual(back.map((l) => [l.uri, l.range.start.line]), [[send.uri, 10]]);
});

test('link lenses: only when the other log is open or a file of the same folder and date exists', () => {
  const linkLenses = (m: LogModel, models: LogModel[], siblings?: string[]) =>
    ls.getCodeLenses(m, { links: { models, siblings } }).filter((l) => l.command?.command === 'exchangeLog.openLinked');
  const open = linkLenses(conn, all);
  assert.equal(open.length, 1);
  assert.equal(open[0].command?.title, 'Open in send log');
  assert.deepEqual(open[0].command?.arguments, [conn.uri, 5]);
  assert.equal(linkLenses(send, all)[0].command?.title, 'Open in connectivity log');
  assert.equal(linkLenses(conn, [conn]).length, 0);
  assert.equal(ls.getCodeLenses(conn).filter((l) => l.command?.command === 'exchangeLog.openLinked').length, 0);
  // by name: SEND file of the same date in the same folder
  const siblings = ['file:///logs/SEND20240125-1.LOG', 'file:///logs/SEND20240124-1.LOG', 'file:///other/SEND20240125-1.LOG'];
  assert.equal(linkLenses(conn, [conn], siblings).length, 2, 'both sessions may be in the unopened file');
  assert.equal(linkLenses(conn, [conn], ['file:///logs/SEND20240124-1.LOG']).length, 0);
  assert.deepEqual(candidateFiles(conn, siblings, '20240125'), ['file:///logs/SEND20240125-1.LOG']);
  // the lens target: the open location, or the files to open first
  assert.deepEqual(ls.getLinkedTarget(conn, 5, { models: all }).locations.map((l) => l.uri), [send.uri]);
  assert.deepEqual(ls.getLinkedTarget(conn, 5, { models: [conn], siblings }), { locations: [], candidates: ['file:///logs/SEND20240125-1.LOG'] });
  assert.deepEqual(ls.getLinkedTarget(conn, 2, { models: all }), { locations: [], candidates: [] });
});
