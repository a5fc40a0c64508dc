/**
 * Models built in steps equal a full parse of the whole text: appending to a log (only the new lines
 * are read), and a parse that defers record details until completed (folding answers first).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LogModel, completeLog, completeSome, extendLog, isComplete, parseLog } from '../../server/src/core/model/logModel';
import { getFoldingRanges } from '../../server/src/core/features/folding';
import { mutate, mutationArb } from '../fuzz/harness';
import { generateLog } from '../bench/generateLogs';
import { getSessionSummary, prepareSummaries } from '../../server/src/core/summary/sessionSummary';
import { fixture } from '../helpers/paths';
import { ALL_LOGS, allLogsCounting, layeredTest } from '../helpers/layers';

/** A comparable snapshot of everything a feature can read from a model. */
function snapshot(m: LogModel) {
  return {
    kind: m.kind,
    lineStarts: m.lineStarts,
    lineEnds: m.lineEnds,
    lineType: [...m.lineType],
    lineRecord: [...m.lineRecord],
    blocks: m.blocks.map((b) => ({ ...b, layout: b.layout.names })),
    records: [...m.records].map((r) => ({ ...r, layout: r.layout.names })),
    sessions: m.sessions.map((s) => ({ ...s })),
    sessionById: [...m.sessionById],
    problems: m.problems,
  };
}

function cutsAtLineBreaks(text: string): number[] {
  const cuts: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) cuts.push(i + 1);
  return cuts;
}

function checkAppend(text: string, cut: number, cut2?: number): void {
  const full = parseLog(text, { uri: 'file:///x/RECV2024-1.LOG', version: 3 });
  let m = parseLog(text.slice(0, cut), { uri: 'file:///x/RECV2024-1.LOG', version: 1 });
  if (cut2 !== undefined) m = extendLog(m, text.slice(0, cut2), 2);
  m = extendLog(m, text, 3);
  assert.deepEqual(snapshot(m), snapshot(full));
}

layeredTest('appending to every sample, at every line break, equals a full parse', allLogsCounting(200, 300), ({ files, min }) => {
  let checked = 0;
  for (const s of files) {
    for (const cut of cutsAtLineBreaks(s.text)) {
      checkAppend(s.text, cut);
      checked++;
    }
  }
  assert.ok(checked > min, `checked ${checked} cuts`);
});

test('two appends in a row on an interleaved fixture with a repeated header', () => {
  const text = fixture('recv-interleaved.log');
  const cuts = cutsAtLineBreaks(text);
  for (let i = 0; i < cuts.length; i++) for (let j = i + 1; j < cuts.length; j += 3) checkAppend(text, cuts[i], cuts[j]);
});

test('random appends to generated logs of every kind equal a full parse', () => {
  const logs = (['smtpReceive', 'smtpSend', 'imap4', 'connectivity', 'messageTracking'] as const).map((k, i) => generateLog(k, 20_000, i + 1));
  fc.assert(fc.property(fc.nat(4), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (which, a, b) => {
    const text = logs[which];
    const cuts = cutsAtLineBreaks(text);
    const [x, y] = [Math.floor(a * cuts.length), Math.floor(b * cuts.length)].sort((p, q) => p - q);
    checkAppend(text, cuts[x], x === y ? undefined : cuts[y]);
  }), { numRuns: 60, seed: 11 });
});

test('an append that does not follow a line break, or that changes earlier text, falls back to a full parse', () => {
  const text = fixture('recv-interleaved.log');
  const m = parseLog(text.slice(0, 500));
  const e = extendLog(m, text, 2);
  assert.deepEqual(snapshot(e), snapshot(parseLog(text)));
  const changed = 'X' + text.slice(1);
  const m2 = parseLog(text.slice(0, text.indexOf('\n') + 1));
  assert.deepEqual(snapshot(extendLog(m2, changed, 2)), snapshot(parseLog(changed)));
});

test('session summaries survive an append for untouched sessions and are recomputed for touched ones', () => {
  const text = generateLog('smtpReceive', 60_000, 4);
  const cuts = cutsAtLineBreaks(text);
  const cut = cuts[Math.floor(cuts.length / 2)];
  const before = parseLog(text.slice(0, cut));
  const summariesBefore = before.sessions.map((_, i) => getSessionSummary(before, i));
  const after = extendLog(before, text, 2);
  const full = parseLog(text);
  let kept = 0;
  for (let i = 0; i < after.sessions.length; i++) {
    const s = getSessionSummary(after, i);
    const { keyEvents: _a, ...mine } = s;
    const { keyEvents: _b, ...fresh } = getSessionSummary(full, i);
    assert.deepEqual(mine, fresh, `session ${i}`);
    if (i < summariesBefore.length && summariesBefore[i] === s) kept++;
  }
  assert.ok(kept > 0, 'some summaries were reused');
  assert.ok(kept < summariesBefore.length, 'touched sessions were recomputed');
});

function checkDeferred(text: string, uri = 'file:///x/RECV2024-1.LOG'): void {
  const full = parseLog(text, { uri, version: 1 });
  const deferred = parseLog(text, { uri, version: 1, deferDetails: true });
  // folding reads only what the first pass has, and answers the same
  assert.deepEqual(getFoldingRanges(deferred, { rangeLimit: 500 }), getFoldingRanges(full, { rangeLimit: 500 }));
  assert.equal(completeLog(deferred), deferred);
  assert.ok(isComplete(deferred));
  assert.deepEqual(snapshot(deferred), snapshot(full));
}

layeredTest('a parse that defers record details equals a full parse once completed: every sample and fixture', ALL_LOGS, (files) => {
  for (const s of files) checkDeferred(s.text, `file:///x/${s.name.split('/').pop()}`);
  for (const f of ['recv-interleaved.log', 'w3c-no-session.log', 'linked/MSGTRK20240125-1.LOG']) checkDeferred(fixture(f), `file:///x/${f.split('/').pop()}`);
});

test('a parse that defers record details equals a full parse once completed: generated logs of every kind', () => {
  for (const [i, k] of (['smtpReceive', 'smtpSend', 'imap4', 'connectivity', 'messageTracking', 'pop3'] as const).entries()) {
    checkDeferred(generateLog(k, 200_000, i + 7), `file:///x/${k}.log`);
  }
});

layeredTest('a parse that defers record details equals a full parse once completed: mutated samples (problems in the same order)', ALL_LOGS, (files) => {
  const seeds = files.map((s) => s.text);
  fc.assert(fc.property(fc.nat(seeds.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 8 }), (which, muts) => {
    checkDeferred(mutate(seeds[which], muts));
  }), { numRuns: 150, seed: 5 });
});

test('appending to a model whose details are deferred completes it first', () => {
  const text = generateLog('smtpReceive', 60_000, 4);
  const cuts = cutsAtLineBreaks(text);
  const cut = cuts[Math.floor(cuts.length / 2)];
  const m = parseLog(text.slice(0, cut), { uri: 'file:///x/RECV2024-1.LOG', version: 1, deferDetails: true });
  assert.ok(!isComplete(m));
  const e = extendLog(m, text, 2);
  assert.ok(isComplete(e));
  assert.deepEqual(snapshot(e), snapshot(parseLog(text, { uri: 'file:///x/RECV2024-1.LOG', version: 2 })));
});

test('completing deferred details and preparing summaries in slices gives what a full parse gives', () => {
  for (const [i, k] of (['smtpReceive', 'imap4', 'connectivity'] as const).entries()) {
    const text = generateLog(k, 120_000, i + 21);
    const uri = `file:///x/${k}.log`;
    const full = parseLog(text, { uri, version: 1 });
    const m = parseLog(text, { uri, version: 1, deferDetails: true });
    let slices = 0;
    while (!completeSome(m, () => true)) slices++;
    assert.ok(slices > 2, `${k}: completed in ${slices} slices`);
    assert.deepEqual(snapshot(m), snapshot(full));
    slices = 0;
    while (!prepareSummaries(m, () => true)) slices++;
    assert.ok(slices > 2, `${k}: summaries in ${slices} slices`);
    assert.deepEqual(m.sessions.map((_, si) => getSessionSummary(m, si)), full.sessions.map((_, si) => getSessionSummary(full, si)));
  }
});
