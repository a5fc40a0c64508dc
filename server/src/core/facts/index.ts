/**
 * Every English string held in the knowledge tables. These strings are localisation keys that the
 * code passes to `t()` at run time, so the key-parity test cannot find them by reading source:
 * each table registers its strings here.
 */
import { allColumnMeanings } from './columns';
import { allConnectivityStrings } from './connectivity';
import { allDirectiveMeanings } from './directives';
import { allEventMeanings } from './events';
import { allKindNames } from './kinds';
import { allNetworkStrings } from './network';
import { allPermissionStrings } from './permissions';
import { allPopImapStrings } from './popImap';
import { allSmtpStrings } from './smtp';
import { allSmtpContextStrings } from './smtpContext';
import { allTlsStrings } from './tls';
import { allTrackingStrings } from './tracking';

export function allTableStrings(): string[] {
  return [...new Set([
    ...allColumnMeanings(), ...allDirectiveMeanings(), ...allEventMeanings(), ...allKindNames(),
    ...allSmtpStrings(), ...allPermissionStrings(), ...allSmtpContextStrings(), ...allNetworkStrings(), ...allTlsStrings(),
    ...allPopImapStrings(), ...allConnectivityStrings(), ...allTrackingStrings(),
  ])];
}
