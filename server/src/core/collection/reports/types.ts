/** What every report is given and what it answers (the facade is `index.ts`). */
import type { ReportResult } from '../../../../../protocol/src/queryTypes';
import type { CollectionIndex, SessionRef } from '../collection';

export interface ReportInput {
  index: CollectionIndex;
  /** Sessions the report covers (a compiled search; everything when no --where). */
  match: (ref: SessionRef) => boolean;
  /** Files the report covers (a folder, one file); undefined: all. */
  files?: (path: string) => boolean;
  /** Rows per table at most (the time series of `volume` are not cut). */
  top: number;
  uriOf: (path: string) => string;
  /** The report's own search text, to combine into each row's `where` (row.where = `(${where}) ${rowQuery}`). */
  where?: string;
  /**
   * The organisation's own domains (`contoso.com`; subdomains count as inside). When absent, the
   * reports that need them infer them from the collection (`organisationDomains`).
   */
  orgDomains?: readonly string[];
}

export type ReportBody = Omit<ReportResult, 'problems' | 'partial' | 'source' | 'elapsedMs'>;

export type ReportBuilder = (input: ReportInput) => ReportBody;
