/**
 * The reports over a log collection: one file per report, all behind `buildReport`. A report reads the
 * collection index column by column (typed arrays and text ids; a text is looked at once per table),
 * over the sessions a search selects and the files a scope covers, and answers tables of rows — each row
 * that stands for sessions with the search (`where`) that lists exactly them — and charts.
 */
import type { ReportName } from '../../../../../protocol/src/queryTypes';
import { sendersReport, recipientsReport, domainsReport } from './addresses';
import { authFailuresReport } from './authFailures';
import { certificatesReport } from './certificates';
import { latencyReport } from './latency';
import { relayReport } from './relay';
import { repliesReport } from './replies';
import { tlsReport } from './tls';
import type { ReportBody, ReportBuilder, ReportInput } from './types';
import { volumeReport } from './volume';

export type { ReportBody, ReportBuilder, ReportInput } from './types';
export { organisationDomains } from './tracking';

/** Every report: the session reports, and `latency` over message tracking. */
const REPORTS: Record<ReportName, ReportBuilder> = {
  relay: relayReport,
  tls: tlsReport,
  'auth-failures': authFailuresReport,
  senders: sendersReport,
  recipients: recipientsReport,
  domains: domainsReport,
  replies: repliesReport,
  certificates: certificatesReport,
  volume: volumeReport,
  latency: latencyReport,
};

/** Every report name, in the order they are listed. */
export const REPORT_NAMES: readonly ReportName[] = Object.keys(REPORTS) as ReportName[];

/** The reports that can be built. */
export function availableReports(): ReportName[] {
  return REPORT_NAMES.filter((n) => REPORTS[n] !== undefined);
}

export function isReportName(name: string): name is ReportName {
  return Object.prototype.hasOwnProperty.call(REPORTS, name);
}

/** Builds report `name`; throws for a name that is not a report or not available. */
export function buildReport(name: ReportName, input: ReportInput): ReportBody {
  const build = isReportName(name) ? REPORTS[name] : undefined;
  if (!build) throw new Error(`report '${name}' is not available; reports: ${availableReports().join(', ')}`);
  return build(input);
}
