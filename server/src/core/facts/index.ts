/**
 * Every English string held in the knowledge tables. These strings are localisation keys that the
 * code passes to `t()` at run time, so the key-parity test cannot find them by reading source:
 * each table registers its strings here.
 */
import { allColumnMeanings } from './columns';
import { allDirectiveMeanings } from './directives';
import { allEventMeanings } from './events';
import { allKindNames } from './kinds';

export function allTableStrings(): string[] {
  return [...new Set([...allColumnMeanings(), ...allDirectiveMeanings(), ...allEventMeanings(), ...allKindNames()])];
}
