/** A fixed number of fuzz cases in `npm test`; `npm run fuzz` runs many more (FUZZ_RUNS). */
import { test } from 'node:test';
import * as fc from 'fast-check';
import { checkEverything, mutate, mutationArb, positionsFor } from '../fuzz/harness';
import { ALL_LOGS, layeredTest } from '../helpers/layers';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

layeredTest('mutated samples: never throws, every answer is valid LSP data', ALL_LOGS, (files) => {
  const seeds = files.map((s) => s.text);
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
