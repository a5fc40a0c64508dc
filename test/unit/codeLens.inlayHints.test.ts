/** Inlay hints: the time since the previous event of the same session, past a threshold. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/core/languageService';
import { fixture, fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

const ls = getLanguageService();
const whole = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };

interface StallCase {
  text: string;
  name: string;
  /** The hints at 4 s: line and label. */
  hints: string[];
  /** The last 8 hex digits of the session id. */
  id: string;
}

const STALLS = {
  // 09:12:44.871 → 09:12:49.590 (TLS negotiation) and 09:12:53.940 → 09:12:58.152 (the failed AUTH)
  fixtures: (): StallCase => ({ text: fixtureLog('smtp-receive/RECV2024031409-1.LOG'), name: 'RECV2024031409-1.LOG', hints: ['11 +4.7 s', '18 +4.2 s'], id: 'E9A3B5C7' }),
  // 15:59:56.232 → 16:00:01.010 (TLS negotiation) and 16:00:06.195 → 16:00:10.644 (the failed AUTH)
  samples: (): StallCase => ({ text: readSample('smtp-receive/qazeer-artefacts-RECV2023011116-1.log'), name: 'RECV2023011116-1.LOG', hints: ['11 +4.8 s', '18 +4.4 s'], id: '62278461' }),
};

layeredTest('a stall in a session shows "+duration" after the time field', STALLS, (c) => {
  const m = ls.parse(c.text, `file:///x/${c.name}`, 1);
  const hints = ls.getInlayHints(m, whole, { thresholdMs: 4000 });
  assert.deepEqual(hints.map((h) => `${h.position.line} ${h.label}`), c.hints);
  assert.deepEqual(ls.getInlayHints(m, whole), [], 'the default threshold is 5 s');
  for (const h of hints) {
    assert.match(String(h.label), /^\+[\d.]+ s$/);
    assert.equal(h.position.character, 24, 'right after the 24-character timestamp');
    assert.match(String(h.tooltip), new RegExp(`since the previous event of session …${c.id} \\(line \\d+\\)$`));
  }
  // a lower threshold shows more, a range outside shows none
  assert.ok(ls.getInlayHints(m, whole, { thresholdMs: 1000 }).length > hints.length);
  assert.deepEqual(ls.getInlayHints(m, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, { thresholdMs: 0 }), []);
});

test('the first event of a session and logs without sessions get no hint', () => {
  const m = ls.parse(fixture('w3c-no-session.log'), 'file:///x/ex061009.log', 1);
  assert.deepEqual(ls.getInlayHints(m, whole, { thresholdMs: 0 }), []);
});
