/** Inlay hints: the time since the previous event of the same session, past a threshold. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/core/languageService';
import { readSample } from '../helpers/paths';

const ls = getLanguageService();
const whole = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };

test('a stall in a session shows "+duration" after the time field', () => {
  const m = ls.parse(readSample('smtp-receive/qazeer-artefacts-RECV2023011116-1.log'), 'file:///x/RECV2023011116-1.LOG', 1);
  const hints = ls.getInlayHints(m, whole, { thresholdMs: 4000 });
  // 15:59:56.232 → 16:00:01.010 (TLS negotiation) and 16:00:06.195 → 16:00:10.644 (the failed AUTH)
  assert.deepEqual(hints.map((h) => `${h.position.line} ${h.label}`), ['11 +4.8 s', '18 +4.4 s']);
  assert.deepEqual(ls.getInlayHints(m, whole), [], 'the default threshold is 5 s');
  for (const h of hints) {
    assert.match(String(h.label), /^\+[\d.]+ s$/);
    assert.equal(h.position.character, 24, 'right after the 24-character timestamp');
    assert.match(String(h.tooltip), /since the previous event of session …62278461 \(line \d+\)$/);
  }
  // a lower threshold shows more, a range outside shows none
  assert.ok(ls.getInlayHints(m, whole, { thresholdMs: 1000 }).length > hints.length);
  assert.deepEqual(ls.getInlayHints(m, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, { thresholdMs: 0 }), []);
});

test('the first event of a session and logs without sessions get no hint', () => {
  const m = ls.parse(readSample('w3c-smtp/ossec-docs-exchange2000-smtpsvc-w3c.log'), 'file:///x/ex000101.log', 1);
  assert.deepEqual(ls.getInlayHints(m, whole, { thresholdMs: 0 }), []);
});
