/** W3C extended SMTP logs (Exchange 2000/2003 on IIS): sessions by cs-username, falling back to c-ip; folding; decoded hovers. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/core/languageService';
import { readSample } from '../helpers/paths';

const ls = getLanguageService();
const m = ls.parse(readSample('w3c-smtp/ossec-docs-exchange2000-smtpsvc-w3c.log'), 'file:///x/ex061009.log', 1);
const lines = m.text.split('\n');

test('sessions: the SMTP session id or HELO name in cs-username, the client IP where it is "-"', () => {
  assert.equal(m.kind, 'w3c');
  const ids = m.sessions.map((s) => s.id);
  assert.ok(ids.includes('36A42160'));
  assert.equal(m.sessions[m.sessionById.get('36A42160')!].records.length, 5);
  assert.ok(ids.includes('24.95.255.99'), 'a "-" user falls back to c-ip');
  assert.ok(!ids.includes('-'));
  assert.equal(m.problems.length, 0);
  // definition on the fallback column of a "-" line goes to the session's first line
  const line = lines.findIndex((l) => l.includes('24.95.255.99 - ') && l.includes('QUIT'));
  const def = ls.getDefinition(m, { line, character: lines[line].indexOf('24.95') + 1 });
  assert.equal(def?.range.start.line, line - 1);
});

test('folding by session runs and hovers with + read as spaces', () => {
  const folds = ls.getFoldingRanges(m);
  const first = m.records.get(m.sessions[m.sessionById.get('36A42160')!].records[0]).line;
  assert.ok(folds.some((f) => f.startLine === first && f.endLine === first + 4));
  const line = lines.findIndex((l) => l.includes('+FROM:+<Eldon'));
  const h = ls.doHover(m, { line, character: lines[line].indexOf('+FROM') + 2 });
  const md = typeof h?.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  assert.match(md, /read as spaces[\s\S]* FROM\\: \\<Eldon/);
  const user = ls.doHover(m, { line, character: lines[line].indexOf('36A42160') + 1 });
  const umd = typeof user?.contents === 'object' && 'value' in user.contents ? user.contents.value : '';
  assert.match(umd, /cs\\-username/);
  assert.match(umd, /\*\*Session\*\* 36A42160 · 5 events/);
});
