/** The log model: headers, layouts, records and the session index. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineType, parseLog, fieldValue } from '../../server/src/core/model/logModel';
import { fixture } from '../helpers/paths';

const recv = fixture('recv-interleaved.log');

test('BOM, CRLF and two header blocks: later records follow the new #Fields', () => {
  const m = parseLog(recv, { uri: 'file:///logs/RECV2024030510-1.LOG' });
  assert.equal(m.kind, 'smtpReceive');
  assert.equal(m.blocks.length, 2);
  assert.equal(m.blocks[0].startLine, 0);
  assert.equal(m.blocks[0].endLine, 4);
  assert.equal(m.blocks[1].startLine, 20);
  assert.deepEqual(m.blocks[1].fields, ['date-time', 'session-id', 'sequence-number', 'event', 'data']);
  const last = m.records.get(m.records.length - 1);
  assert.equal(last.layout.names.length, 5);
  assert.equal(fieldValue(m, last, last.layout.data), 'EHLO quoted,name "x"');
  assert.equal(last.event, '<');
  assert.ok(m.problems.some((p) => p.code === 'fields-changed' && p.line === 24));
  assert.equal(m.lineType[0], LineType.Directive);
});

test('sessions: file order, sequence order, first/last lines', () => {
  const m = parseLog(recv);
  assert.equal(m.sessions.length, 3);
  const s1 = m.sessions[m.sessionById.get('08DC3C0A00000001')!];
  assert.equal(s1.records.length, 11);
  assert.deepEqual(s1.records.map((r) => m.records.get(r).seq), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const s2 = m.sessions[m.sessionById.get('08DC3C0A00000002')!];
  assert.deepEqual(s2.records.map((r) => m.records.get(r).line), [8, 11, 16, 17]);
  assert.deepEqual(s1.duplicateSeqs, []);
  assert.deepEqual(s1.missingSeqs, []);
});

test('sequence order differs from file order: ordered follows the numbers, gaps and repeats are recorded', () => {
  const text = [
    '2024-01-01T00:00:03.000Z,C,AAAA000000000001,2,1.1.1.1:25,2.2.2.2:1,<,QUIT,',
    '2024-01-01T00:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,',
    '2024-01-01T00:00:04.000Z,C,AAAA000000000001,2,1.1.1.1:25,2.2.2.2:1,>,221 bye,',
    '2024-01-01T00:00:05.000Z,C,AAAA000000000001,5,1.1.1.1:25,2.2.2.2:1,-,,Local',
  ].join('\n');
  const m = parseLog(text);
  const s = m.sessions[0];
  assert.deepEqual(s.ordered.map((r) => m.records.get(r).line), [1, 0, 2, 3]);
  assert.deepEqual(s.duplicateSeqs, [2]);
  assert.deepEqual(s.missingSeqs, [1, 3, 4]);
});

test('times are parsed as UTC; bad times are problems, not exceptions', () => {
  const m = parseLog('2024-03-05T10:00:01.000Z,C,AAAA000000000001,0,a,b,+,,\nyesterday,C,AAAA000000000001,1,a,b,*,x,');
  assert.equal(m.records.get(0).time, Date.UTC(2024, 2, 5, 10, 0, 1));
  assert.ok(Number.isNaN(m.records.get(1).time));
  assert.ok(m.problems.some((p) => p.code === 'bad-timestamp' && p.line === 1));
});

test('a file with no header infers the kind from the line shape', () => {
  const pop = '2024-01-24T15:31:51.067Z,00000000000ABC12,1,1.2.3.4:995,10.11.12.13:12345,u,1,17,5,user,u,R=OK,';
  assert.equal(parseLog(pop).kind, 'pop3');
  const imap = pop.replace(':995', ':993');
  assert.equal(parseLog(imap).kind, 'imap4');
  const conn = '2013-06-27T21:08:37.536Z,08D03F2DE58E0D71,SMTP,proxy,>,Established connection to 192.168.0.12';
  assert.equal(parseLog(conn).kind, 'connectivity');
  const unknown = parseLog('alpha,beta,gamma');
  assert.equal(unknown.kind, 'generic');
  assert.equal(unknown.records.get(0).layout.names[2], 'column 3');
});

test('the file name decides between send and receive when there is no header', () => {
  const line = '2024-01-01T00:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,';
  assert.equal(parseLog(line, { uri: 'file:///x/SEND20240101-1.LOG' }).kind, 'smtpSend');
  assert.equal(parseLog(line, { uri: 'file:///x/recv20240101-1.log' }).kind, 'smtpReceive');
});

test('directive names are case-insensitive and #Fields may follow a partial header', () => {
  const m = parseLog('#software: Microsoft Exchange Server\n#LOG-TYPE: SMTP Send Protocol Log\n#FIELDS: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n');
  assert.equal(m.kind, 'smtpSend');
  assert.ok(m.problems.some((p) => p.code === 'partial-header'));
});

test('a header with no #Fields still lets records be read', () => {
  const m = parseLog('#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n2024-01-01T00:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,');
  assert.ok(m.problems.some((p) => p.code === 'missing-fields'));
  assert.equal(m.records.get(0).layout.session, 2);
  assert.equal(m.sessions.length, 1);
});

test('field count mismatch, unknown events and bad sequence numbers are reported per line', () => {
  const head = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  const m = parseLog(head + '2024-01-01T00:00:01.000Z,C,AAAA000000000001,x,1.1.1.1:25,2.2.2.2:1,?,,\n2024-01-01T00:00:01.000Z,C,AAAA000000000001\n');
  const codes = m.problems.map((p) => `${p.code}@${p.line}`);
  assert.ok(codes.includes('bad-sequence@3'));
  assert.ok(codes.includes('unknown-event@3'));
  assert.ok(codes.includes('field-count@4'));
});

test('W3C logs are space separated and take date and time from two columns', () => {
  const m = parseLog('#Software: Microsoft Internet Information Services 6.0\n#Version: 1.0\n#Date: 2006-10-09 05:00:15\n#Fields: date time c-ip cs-method sc-status \n2006-10-09 05:00:15 24.118.118.106 HELO 250\n');
  assert.equal(m.kind, 'w3c');
  assert.equal(m.records.get(0).layout.delimiter, ' ');
  assert.equal(m.records.get(0).time, Date.UTC(2006, 9, 9, 5, 0, 15));
  assert.equal(fieldValue(m, m.records.get(0), 3), 'HELO');
  assert.equal(m.problems.length, 0);
});
