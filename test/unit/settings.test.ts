/** Server settings: validation of what the client sends, and the folding limit rule. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultSettings, diagnosticOptions, foldingLimit, validateSettings } from '../../server/src/settings';

test('missing or malformed settings fall back to the defaults', () => {
  assert.deepEqual(validateSettings(undefined), defaultSettings());
  assert.deepEqual(validateSettings(null), defaultSettings());
  assert.deepEqual(validateSettings('nonsense'), defaultSettings());
  const s = validateSettings({ outline: { groupThreshold: 'x', maxSymbols: -5 }, diagnostics: { outcomes: { rejected: 'loud' } } });
  assert.equal(s.outline.groupThreshold, 200);
  assert.equal(s.outline.maxSymbols, 100, 'clamped to the minimum');
  assert.equal(s.diagnostics.outcomes.rejected, 'warning');
});

test('nested settings (as VS Code sends them) and dotted keys are both read', () => {
  const nested = validateSettings({
    outline: { groupThreshold: 50, keyEvents: false },
    folding: { maxRanges: 30000 },
    diagnostics: { maxProblems: 200, integrity: false, outcomes: { enabled: true, idle: 'off', deferred: 'warning' } },
    codeLens: { enabled: false },
    inlayHints: { sessionGaps: { enabled: true, thresholdSeconds: 2.5 } },
  });
  assert.equal(nested.outline.groupThreshold, 50);
  assert.equal(nested.outline.keyEvents, false);
  assert.equal(nested.folding.maxRanges, 30000);
  assert.equal(nested.diagnostics.maxProblems, 200);
  assert.equal(nested.diagnostics.integrity, false);
  assert.equal(nested.diagnostics.outcomes.idle, 'off');
  assert.equal(nested.diagnostics.outcomes.deferred, 'warning');
  assert.equal(nested.codeLens.enabled, false);
  assert.deepEqual(nested.inlayHints, { sessionGaps: true, gapThresholdSeconds: 2.5 });
  const dotted = validateSettings({ 'outline.groupThreshold': 50, 'diagnostics.outcomes.enabled': false });
  assert.equal(dotted.outline.groupThreshold, 50);
  assert.equal(diagnosticOptions(dotted).outcomes, false);
});

test('the folding limit is our setting when set, else the client rangeLimit', () => {
  assert.equal(foldingLimit(defaultSettings(), 5000), 5000);
  assert.equal(foldingLimit(defaultSettings(), undefined), undefined);
  assert.equal(foldingLimit(validateSettings({ folding: { maxRanges: 20000 } }), 5000), 20000);
  assert.equal(validateSettings({ folding: { maxRanges: 1e9 } }).folding.maxRanges, 65000);
});
