/** A fixed number of fuzz cases in `npm test`; `npm run fuzz` runs many more (FUZZ_RUNS). */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseLog } from '../../server/src/core/model/logModel';
import { checkEverything, mutate, mutationArb, positionsFor } from '../fuzz/harness';
import { sampleFiles } from '../helpers/paths';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const seeds = sampleFiles().map((s) => s.text);

test('mutated samples: never throws, every answer is valid LSP data', () => {
  fc.assert(fc.property(fc.nat(seeds.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 8 }), fc.nat(), (which, muts, seed) => {
    const text = mutate(seeds[which], muts);
    checkEverything(text, positionsFor(text, seed));
  }), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261122) });
});

test('arbitrary strings: never throws, every answer is valid LSP data', () => {
  fc.assert(fc.property(fc.string({ maxLength: 400, unit: 'binary' }), fc.nat(), (text, seed) => {
    checkEverything(text, positionsFor(text, seed));
  }), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 7) });
});

test('parsing time is linear in the input: a 10x larger hostile input costs at most ~25x', () => {
  const unit = '2024-01-01T00:00:00.000Z,C,"AAAA000000000001,0,a,b,<,"x"",y,\r\n' + ',,,,"'.repeat(20) + '\n' + '"'.repeat(50) + '\r';
  const time = (n: number) => {
    const text = unit.repeat(n);
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      parseLog(text);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  time(200);
  const small = time(2000);
  const large = time(20000);
  assert.ok(large / small < 25, `10x input took ${(large / small).toFixed(1)}x the time (${small.toFixed(1)} ms → ${large.toFixed(1)} ms)`);
});
