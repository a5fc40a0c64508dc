/** Folding at scale: runs of one session, the range limit and which ranges survive it. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FoldingRange } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/core/languageService';
import { LineType } from '../../server/src/core/model/logModel';
import { generateReceiveLog } from '../helpers/generate';

const ls = getLanguageService();
const g = generateReceiveLog({ targetBytes: 600_000, seed: 11 });
const model = ls.parse(g.text, 'file:///logs/RECV2024030510-1.LOG', 1);
const len = (r: FoldingRange) => r.endLine - r.startLine;

test('every run folds lines of one session only, and ranges never overlap', () => {
  const all = ls.getFoldingRanges(model);
  assert.ok(all.length > 500, `${all.length} ranges`);
  let prevEnd = -1;
  for (const r of all) {
    assert.ok(r.endLine > r.startLine);
    assert.ok(r.startLine > prevEnd, 'disjoint and sorted');
    prevEnd = r.endLine;
    if (r.kind === 'region') {
      const sessions = new Set<number>();
      for (let l = r.startLine; l <= r.endLine; l++) {
        if (model.lineType[l] === LineType.Record) sessions.add(model.records.get(model.lineRecord[l]).session);
      }
      assert.equal(sessions.size, 1, `run ${r.startLine}-${r.endLine}`);
    }
  }
  assert.equal(all[0].kind, 'comment');
});

test('over the limit the header and the longest runs survive, in document order', () => {
  const all = ls.getFoldingRanges(model);
  const limit = 200;
  const kept = ls.getFoldingRanges(model, { rangeLimit: limit });
  assert.equal(kept.length, limit);
  assert.deepEqual(kept[0], all[0]);
  for (let i = 1; i < kept.length; i++) assert.ok(kept[i].startLine > kept[i - 1].endLine);
  const keptKeys = new Set(kept.map((r) => `${r.startLine}-${r.endLine}`));
  const shortestKept = Math.min(...kept.filter((r) => r.kind === 'region').map(len));
  const longestDropped = Math.max(...all.filter((r) => !keptKeys.has(`${r.startLine}-${r.endLine}`)).map(len));
  assert.ok(shortestKept >= longestDropped, `kept ${shortestKept} ≥ dropped ${longestDropped}`);
});

test('a limit below the number of headers keeps headers only', () => {
  const two = ls.parse(g.text.slice(0, 5000) + '\n' + g.text.slice(1, 5000), 'file:///logs/RECV2024030510-1.LOG', 1);
  assert.equal(two.blocks.length, 2);
  const r = ls.getFoldingRanges(two, { rangeLimit: 1 });
  assert.deepEqual(r.map((x) => x.kind), ['comment']);
  assert.deepEqual(ls.getFoldingRanges(two, { rangeLimit: 0 }), []);
});
