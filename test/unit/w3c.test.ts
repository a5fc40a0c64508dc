/** W3C extended SMTP logs (Exchange 2000/2003 on IIS): sessions by cs-username, falling back to c-ip; folding; decoded hovers. */
import * as assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/core/languageService';
import { fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

const ls = getLanguageService();

interface W3cCase {
  text: string;
  /** A session named by the HELO text in cs-username, with 5 lines. */
  session: string;
  /** A client that never said HELO: cs-username is "-". */
  fallback: string;
  /** A MAIL line's `+FROM:+<…` parameter and how it reads with + as spaces. */
  from: string;
  fromRead: RegExp;
}

const LOGS = {
  fixtures: (): W3cCase => ({ text: fixtureLog('w3c-smtp/ex240323.log'), session: '7F3A0C21', fallback: '203.0.113.77', from: '+FROM:+<Terrence', fromRead: /read as spaces[\s\S]* FROM\\: \\<Terrence/ }),
  samples: (): W3cCase => ({ text: readSample('w3c-smtp/ossec-docs-exchange2000-smtpsvc-w3c.log'), session: '36A42160', fallback: '24.95.255.99', from: '+FROM:+<Eldon', fromRead: /read as spaces[\s\S]* FROM\\: \\<Eldon/ }),
};

const parse = (c: W3cCase) => {
  const m = ls.parse(c.text, 'file:///x/ex061009.log', 1);
  return { m, lines: m.text.split('\n') };
};

layeredTest('sessions: the SMTP session id or HELO name in cs-username, the client IP where it is "-"', LOGS, (c) => {
  const { m, lines } = parse(c);
  assert.equal(m.kind, 'w3c');
  const ids = m.sessions.map((s) => s.id);
  assert.ok(ids.includes(c.session));
  assert.equal(m.sessions[m.sessionById.get(c.session)!].records.length, 5);
  assert.ok(ids.includes(c.fallback), 'a "-" user falls back to c-ip');
  assert.ok(!ids.includes('-'));
  assert.equal(m.problems.length, 0);
  // definition on the fallback column of a "-" line goes to the session's first line
  const line = lines.findIndex((l) => l.includes(`${c.fallback} - `) && l.includes('QUIT'));
  const def = ls.getDefinition(m, { line, character: lines[line].indexOf(c.fallback) + 1 });
  assert.equal(def?.range.start.line, line - 1);
});

layeredTest('folding by session runs and hovers with + read as spaces', LOGS, (c) => {
  const { m, lines } = parse(c);
  const folds = ls.getFoldingRanges(m);
  const first = m.records.get(m.sessions[m.sessionById.get(c.session)!].records[0]).line;
  assert.ok(folds.some((f) => f.startLine === first && f.endLine === first + 4));
  const line = lines.findIndex((l) => l.includes(c.from));
  const h = ls.doHover(m, { line, character: lines[line].indexOf('+FROM') + 2 });
  const md = typeof h?.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  assert.match(md, c.fromRead);
  const user = ls.doHover(m, { line, character: lines[line].indexOf(c.session) + 1 });
  const umd = typeof user?.contents === 'object' && 'value' in user.contents ? user.contents.value : '';
  assert.match(umd, /cs\\-username/);
  assert.match(umd, new RegExp(`\\*\\*Session\\*\\* ${c.session} · 5 events`));
});
