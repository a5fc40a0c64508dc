/**
 * The data of `exchangeLog/overview`, shared by the server core (which computes it), the client and
 * the webview (which draw it). Types only (see `commonTypes.ts`).
 */
import type { LogKind, TextDocumentRef } from './commonTypes';

/** `exchangeLog/overview`: the whole log at a glance (the overview panel draws it; the server computes it). */
export interface OverviewParams {
  textDocument: TextDocumentRef;
}

/** Theme chart colour of a series: the webview draws it with `--vscode-charts-<color>`. */
export type OverviewColor = 'blue' | 'green' | 'red' | 'yellow' | 'orange' | 'purple' | 'foreground';

export interface OverviewSeries {
  /** Stable id: sessions, messages, logins, fail5xx, fail4xx, failTlsAuth, failConnection, lines; for message tracking the event id (or otherEvents). */
  id: string;
  /** Localised name. */
  label: string;
  /** Bars are stacked in series order; a line is drawn over them. */
  style: 'bar' | 'line';
  color: OverviewColor;
}

export interface OverviewBucket {
  /** Start of the bucket, ms since the epoch (UTC). */
  start: number;
  /** One count per series, in series order. */
  counts: number[];
  /** First line (0-based, file order) whose time falls in the bucket: the line a click reveals. */
  line: number;
}

export interface OverviewTimeline {
  /** 1000 (per second, logs shorter than five minutes), 60000 (per minute), wider for logs longer than a day. */
  bucketMs: number;
  start: number;
  /** Exclusive. */
  end: number;
  series: OverviewSeries[];
  /** Only buckets that hold at least one line (at most 1440), in time order. */
  buckets: OverviewBucket[];
}

export interface OverviewColumn {
  label: string;
  numeric: boolean;
}

export interface OverviewRow {
  /** Stable key of the row within its table. */
  key: string;
  /** One cell per column: text from the log (untrusted: show as text only) or a number. */
  cells: (string | number)[];
  /** Indices into `Overview.sessionRefs`: the row's first sessions in file order (at most 50). */
  sessions: number[];
  /** All sessions of the row (may exceed `sessions.length`). */
  sessionCount: number;
  /** First line of the row's first session (or of the row, for logs without sessions). */
  line: number;
}

export interface OverviewTable {
  /** Stable id: remoteIps, remoteIpsByFailures, ehlo, ehloByFailures, tls, auth, replies, users, usersByFailures, destinations, destinationsByFailures, events, senders, sendersByFailures. */
  id: string;
  title: string;
  columns: OverviewColumn[];
  /** The top rows (at most 15). */
  rows: OverviewRow[];
  totalRows: number;
}

export interface OverviewSessionRef {
  id: string;
  /** First line of the session (0-based). */
  line: number;
  /** Time of its first line, ms since the epoch, or null. */
  time: number | null;
  remote?: string;
  /** EHLO name, user or sender. */
  name?: string;
  /** Localised failure kind, when the session failed. */
  failure?: string;
}

export interface Overview {
  uri: string;
  version: number;
  kind: LogKind;
  kindName: string;
  records: number;
  sessions: number;
  firstTime: number | null;
  lastTime: number | null;
  timeline: OverviewTimeline | null;
  tables: OverviewTable[];
  sessionRefs: OverviewSessionRef[];
}
