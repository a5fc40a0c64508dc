/**
 * Asking the collection: the session search language, its completion, the search results and the
 * reports. Types only (see commonTypes.ts). The same rows are what `exchange-log sessions` and
 * `exchange-log report` print, so a field added here shows in the editor and in the terminal alike.
 */
import type { LogKind } from './commonTypes';
import type { ExchangeService } from './collectionTypes';
import type { FolderView } from './viewTypes';

/** A mistake in a query: the span of the query text it is about (UTF-16 offsets, end exclusive) and what is wrong (localised). */
export interface QueryProblem {
  start: number;
  end: number;
  message: string;
}

/**
 * What a question covers. Without `within`, the whole collection; when the collection holds no logs
 * (or `within` names an open document the collection does not hold), the open document `textDocument`.
 */
export interface QueryScope {
  /** File or folder URIs: only the files at or below them. */
  within?: string[];
  /** The current document: what is searched when there is no collection. */
  textDocument?: { uri: string };
}

/** One session (or a session joined across an hourly roll-over) as search results and `exchange-log sessions` list it. */
export interface SessionRow {
  /** The file of the session's first line, and that line (0-based). */
  uri: string;
  line: number;
  /** The file and line of its last line (another file when the session crosses a roll-over). */
  lastUri: string;
  lastLine: number;
  /** '' when unknown. */
  server: string;
  kind: LogKind;
  service?: ExchangeService;
  sessionId: string;
  /** ms since the epoch; absent when the log gives no time. */
  start?: number;
  end?: number;
  durationMs?: number;
  remote?: string;
  local?: string;
  connector?: string;
  /** EHLO/HELO name (receive) or the remote's banner name (send). */
  ehlo?: string;
  /** `1.2`, `1.3`… ; `none` when the session did not negotiate TLS, `failed` when it tried and failed. */
  tls: string;
  tlsCipher?: string;
  auth: 'ok' | 'failed' | 'attempted' | 'none';
  authMechanism?: string;
  user?: string;
  from?: string;
  to: string[];
  messageIds: string[];
  messages: number;
  /** The verdict the diagnostics give (`delivered`, `rejected`, `authFailed`…). */
  outcome: string;
  /** The reply or text behind the verdict. */
  outcomeText?: string;
  /** Reply and enhanced status codes given (`250`, `5.7.1`). */
  replies: string[];
  bytes?: number;
  /** Localised words for the editor's lists: the log kind and the outcome (the language server adds them; `exchange-log sessions` prints the ids). */
  labels?: { kind: string; outcome: string };
}

export interface SessionSearchParams extends QueryScope {
  query: string;
  /** Rows returned at most (default 1,000); `total` counts them all. */
  limit?: number;
}

export interface SessionSearchResult {
  /** Mistakes in the query; when there are any, nothing was searched. */
  problems: QueryProblem[];
  rows: SessionRow[];
  /** Sessions that match (rows may stop at the limit). */
  total: number;
  /** True while the collection is being indexed: the answer covers what is read so far. */
  partial: boolean;
  /** What was searched. */
  source: 'collection' | 'document';
  elapsedMs: number;
}

/** Completion of the query being typed. */
export interface QueryCompletionParams extends QueryScope {
  query: string;
  /** The cursor, a UTF-16 offset in `query`. */
  offset: number;
}

export interface QueryCompletionItem {
  /** What the list shows: `remote:` or a value. */
  label: string;
  /** A short explanation (localised) or how many sessions have the value. */
  detail?: string;
  /** The text that replaces `query[replaceStart, replaceEnd)`. */
  insertText: string;
  replaceStart: number;
  replaceEnd: number;
  kind: 'field' | 'value' | 'keyword';
}

export interface QueryCompletionResult {
  items: QueryCompletionItem[];
  /** Mistakes in the query so far (the editor shows them as you type). */
  problems: QueryProblem[];
}

/** The matching sessions as one read-only view: like the grouped view, each line tied to its own file and line. */
export interface SearchViewParams extends QueryScope {
  query: string;
}

export interface SearchView {
  problems: QueryProblem[];
  /** Absent when the query has mistakes. The view's second line says when it shows fewer sessions than matched. */
  view?: FolderView;
  /** Sessions that match, and those the view shows (it stops at a limit). */
  total: number;
  shown: number;
  partial: boolean;
}

// ---- Reports ----

export type ReportName =
  | 'relay' | 'tls' | 'auth-failures' | 'senders' | 'recipients' | 'domains' | 'replies' | 'certificates' | 'volume' | 'latency';

export interface ReportParams extends QueryScope {
  report: ReportName;
  /** A session search that narrows the report (the same language as "Search Sessions…"). */
  where?: string;
  /** Rows per table at most (default 50; `senders`, `recipients`, `domains` are top lists). */
  top?: number;
  /** The organisation's own domains (`relay`: which recipient domains are outside); absent: inferred from the collection. */
  orgDomains?: string[];
}

/** How a column's cells are written: numbers and times stay numbers for sorting, CSV and charts. */
export type ReportColumnType = 'text' | 'number' | 'time' | 'duration' | 'bytes' | 'list';

export interface ReportColumn {
  /** The key of the cells of this column in each row (also the CSV and JSON name). */
  key: string;
  /** Localised heading. */
  title: string;
  type: ReportColumnType;
}

/** A cell: text, a number (`time`: ms since the epoch; `duration`: ms; `bytes`), a list of texts, or null when unknown. */
export type ReportCell = string | number | string[] | null;

export interface ReportRow {
  cells: Record<string, ReportCell>;
  /** A search (combined with the report's `where`) that lists this row's sessions. */
  where?: string;
  /** A message to trace (latency's slowest messages). */
  trace?: { messageId?: string; internalId?: string; server?: string };
  /** `error`: e.g. an expired certificate; `warning`: near expiry, TLS 1.0… */
  flag?: 'error' | 'warning';
  /** Why the row is flagged (localised). */
  flagText?: string;
}

export interface ReportTable {
  /** Stable id within the report (`byHour`, `slowest`…). */
  id: string;
  title: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** Rows there were before `top` cut the table. */
  total: number;
}

/** Data for a chart; the webview draws it with the bundled charting library, beside an accessible table. */
export interface ReportChart {
  title: string;
  /** `bars`: stacked bars per x; `lines`: one line per series. */
  mark: 'bars' | 'lines';
  /** The x values are times (ms since the epoch) or categories. */
  x: 'time' | 'category';
  xLabel: string;
  yLabel: string;
  /** The y unit: a count, milliseconds, seconds or bytes. */
  yUnit: 'count' | 'ms' | 's' | 'bytes';
  series: { name: string; points: { x: number | string; y: number }[] }[];
}

export interface ReportResult {
  report: ReportName;
  /** Localised title and one line saying what was counted. */
  title: string;
  description: string;
  problems: QueryProblem[];
  tables: ReportTable[];
  charts: ReportChart[];
  /** Named numbers of the whole report (`latency`: count, p50, p90, p95, p99, max in seconds). */
  summary?: Record<string, number>;
  partial: boolean;
  source: 'collection' | 'document';
  elapsedMs: number;
}
