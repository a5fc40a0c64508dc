/**
 * The searches the editor writes itself (client/src/commands/searchQuery.ts), read back by the query
 * parser: quoted values come back as they were, and the search behind each row of the overview panel's
 * tables finds that row's sessions in the same log.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fieldQuery, hostOfEndpoint, overviewRowQuery, queryValue, underlineProblem } from '../../client/src/commands/searchQuery';
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { indexPart } from '../../server/src/core/collection/part';
import { TermNode, parseQuery } from '../../server/src/core/collection/query';
import { searchSessions } from '../../server/src/core/collection/search';
import { configureL10n } from '../../server/src/core/l10n';
import { getLanguageService } from '../../server/src/core/languageService';
import { fixtureLog } from '../helpers/paths';
import { generateLog } from '../bench/generateLogs';

configureL10n('en', undefined);

test('a value quoted by the editor is read back as it was', () => {
  for (const v of ['mail.contoso.com', 'a b', 'x"y', 'back\\slash', '(p)', '', 'EX01\\Default Frontend EX01', 'tab\there', 'ünïcode wörd']) {
    const q = fieldQuery('ehlo', v);
    const parsed = parseQuery(q);
    assert.deepEqual(parsed.problems, [], q);
    assert.equal((parsed.query as TermNode).value, v, q);
  }
  assert.equal(queryValue('10.0.0.1'), '10.0.0.1');
  assert.equal(queryValue('a b'), '"a b"');
});

test('an endpoint\'s address, and a mistake underlined (or a caret where something is missing)', () => {
  assert.equal(hostOfEndpoint('10.0.0.1:25'), '10.0.0.1');
  assert.equal(hostOfEndpoint('[2001:db8::1]:25'), '2001:db8::1');
  assert.equal(hostOfEndpoint('2001:db8::1'), '2001:db8::1');
  assert.equal(hostOfEndpoint('mx.contoso.com'), 'mx.contoso.com');
  assert.equal(underlineProblem('outcome:rejectd', { start: 8, end: 15, message: '' }), 'outcome:r\u0332e\u0332j\u0332e\u0332c\u0332t\u0332d\u0332');
  assert.equal(underlineProblem('remote:', { start: 7, end: 7, message: '' }), 'remote:\u2038');
  assert.equal(underlineProblem('ab', { start: 5, end: 9, message: '' }), 'ab\u2038');
});

/** Tables whose rows hold exactly the sessions of one value of one field. */
const EXACT = new Set(['remoteIps', 'ehlo', 'users', 'tls', 'destinations']);

test('the search behind each row of the overview\'s tables finds that row\'s sessions in the same log', () => {
  const ls = getLanguageService();
  const logs: [string, string][] = [
    ['RECV2024031409-1.LOG', fixtureLog('smtp-receive/RECV2024031409-1.LOG')],
    ['RECV2024030510-1.LOG', generateLog('smtpReceive', 300_000, 3, 7)],
    ['SEND2024031811-1.LOG', fixtureLog('smtp-send/SEND2024031811-excerpt.log')],
    ['SEND2024030510-1.LOG', generateLog('smtpSend', 200_000, 4, 7)],
    ['POP320240321-1.LOG', fixtureLog('pop3/POP320240321-1.LOG')],
    ['IMAP420240320-1.LOG', fixtureLog('imap4/IMAP420240320-1.LOG')],
    ['CONNECTLOG20240322-1.LOG', fixtureLog('connectivity/CONNECTLOG20240322-1.LOG')],
    ['MSGTRK20240323-1.LOG', fixtureLog('msgtrk/MSGTRK20240323-1.LOG')],
  ];
  let checked = 0, exact = 0;
  for (const [name, text] of logs) {
    const uri = `file:///logs/${name}`;
    const model = ls.parse(text, uri, 1);
    const overview = ls.getOverview(model);
    const index = new CollectionIndex();
    index.setFile({ path: uri, size: text.length, mtime: 0, parts: [indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, uri)] });
    for (const table of overview.tables) {
      for (const row of table.rows) {
        const q = overviewRowQuery(overview.kind, table.id, row.key);
        if (overview.kind === 'messageTracking') {
          assert.equal(q, undefined, 'message tracking rows are events, not sessions');
          continue;
        }
        if (q === undefined) {
          // the rows without a search: an authentication attempt without an answer, a reply without a code
          assert.ok(table.id === 'auth' || table.id === 'replies', `${name} ${table.id} ${row.key}`);
          continue;
        }
        const found = searchSessions(index, q, { limit: 0 });
        assert.deepEqual(found.problems, [], `${name} ${table.id}: ${q}`);
        if (EXACT.has(table.id)) {
          assert.equal(found.total, row.sessionCount, `${name} ${table.id}: ${q} finds the row's ${row.sessionCount} sessions`);
          exact++;
        } else {
          // by failures: the row's failed sessions among all of that value; auth per mechanism, replies per code pair
          assert.ok(found.total >= row.sessionCount, `${name} ${table.id}: ${q} finds ${found.total}, the row has ${row.sessionCount}`);
        }
        checked++;
      }
    }
  }
  assert.ok(checked > 40 && exact > 20, `${checked} rows checked, ${exact} exactly`);
});
