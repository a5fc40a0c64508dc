/** Messages between the overview panel (extension side) and its webview. */
import type { Overview } from '../../protocol/src/index';

/** Localised strings the webview shows (the extension translates them). */
export interface OverviewStrings {
  /** "Lines: {0} · sessions: {1}" */
  summary: string;
  timeline: string;
  perSecond: string;
  perMinute: string;
  /** "per {0} minutes" */
  perMinutes: string;
  /** "per {0} hours" */
  perHours: string;
  /** "per {0} days" */
  perDays: string;
  timelineHelp: string;
  chartLabel: string;
  /** "{0}: {1}" bucket label: time, numbers. */
  noTimes: string;
  tablesHelp: string;
  /** "{0} more not shown" */
  more: string;
  /** "Sessions: {0}" (end of a row's accessible label) */
  rowSessions: string;
  /** "Go to line {0}" */
  rowLine: string;
  empty: string;
}

export type ToWebview =
  | { type: 'overview'; overview: Overview; fileName: string; lang: string; strings: OverviewStrings }
  | { type: 'empty'; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'revealLine'; uri: string; line: number }
  | { type: 'listSessions'; uri: string; table: string; row: string };
