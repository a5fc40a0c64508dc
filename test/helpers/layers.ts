/**
 * Two layers of test logs. Our own logs (test/fixtures/logs, written for these tests) are always
 * there; the public samples (../shared/samples, or EXCHANGE_LOG_SAMPLES) are an extra layer that
 * runs where they are present, as in CI, and is skipped with a reason where they are not.
 */
import { test, TestContext } from 'node:test';
import { LogFile, fixtureLogs, sampleFiles, samplesDir, samplesLocation } from './paths';

/** Why the samples layer does not run here, or undefined when it does. */
export function samplesSkipReason(): string | undefined {
  if (samplesDir()) return undefined;
  return `public samples not found at ${samplesLocation()} (../shared/samples beside the repository, or EXCHANGE_LOG_SAMPLES): this layer runs where they are present, as in CI`;
}

export interface Layers<T> {
  /** The case on our own logs. */
  fixtures: () => T;
  /** The same case on the public samples; only called when they are present. */
  samples: () => T;
}

/** Every log of each layer. */
export const ALL_LOGS: Layers<LogFile[]> = { fixtures: fixtureLogs, samples: sampleFiles };

/** Every log of each layer, with the least a test must count over them (a guard against checking nothing). */
export function allLogsCounting(fixtures: number, samples: number): Layers<{ files: LogFile[]; min: number }> {
  return { fixtures: () => ({ files: fixtureLogs(), min: fixtures }), samples: () => ({ files: sampleFiles(), min: samples }) };
}

/**
 * `name` on the fixtures case, then `name (public samples)` on the samples case: skipped, with the
 * reason in the output, when the samples are absent.
 */
export function layeredTest<T>(name: string, cases: Layers<T>, body: (c: T, t: TestContext) => void | Promise<void>): void {
  test(name, (t) => body(cases.fixtures(), t));
  const skip = samplesSkipReason();
  test(`${name} (public samples)`, { skip: skip ?? false }, (t) => body(cases.samples(), t));
}
