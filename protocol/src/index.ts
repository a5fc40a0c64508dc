/**
 * Custom LSP requests, declared once and imported by both the client and the server. The types of
 * their parameters and results are in the `*Types.ts` files beside this one (the server core uses
 * them too). Every method is documented in README.md under "Language server protocol".
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { DocumentInfo, DocumentInfoParams, RedactParams, RedactResult, SniffParams, SniffResult } from './documentTypes';
import type { NavigationParams, NavigationResult } from './navigationTypes';
import type {
  CollectionAddFolderParams, CollectionAddFolderResult, CollectionClearCacheResult, CollectionGoToTimeParams, CollectionGoToTimeResult,
  CollectionRefreshResult, CollectionTree,
} from './collectionTypes';
import type { Overview, OverviewParams } from './overviewTypes';
import type {
  QueryCompletionParams, QueryCompletionResult, ReportParams, ReportResult, SearchView, SearchViewParams, SessionSearchParams, SessionSearchResult,
} from './queryTypes';
import type { TraceParams, TraceResult } from './traceTypes';
import type {
  FolderView, FolderViewAddParams, FolderViewAddResult, FolderViewBuildParams, FolderViewDisposeParams, GroupedViewParams, LogView,
  SessionViewParams,
} from './viewTypes';
import type {
  ContinuationParams, ContinuationResult, FolderLogsParams, ForgetLogsParams, IndexLogParams, IndexLogResult, LinkedTargetParams,
  LinkedTargetResult, ReadFileParams, ReadFileResult, SessionEdgeParams, SessionEdgeResult,
} from './multiFileTypes';

export type * from './commonTypes';
export type * from './documentTypes';
export type * from './navigationTypes';
export type * from './overviewTypes';
export type * from './viewTypes';
export type * from './multiFileTypes';
export type * from './collectionTypes';
export type * from './queryTypes';
export type * from './traceTypes';

export namespace DocumentInfoRequest {
  export const method = 'exchangeLog/documentInfo' as const;
  export const type = new RequestType<DocumentInfoParams, DocumentInfo | null, void>(method);
}

/**
 * Whether the first lines of a document that is not named like an Exchange log (a `.log` file, an
 * untitled editor) are one: by its header, or by the shape of header-less lines.
 */
export namespace SniffRequest {
  export const method = 'exchangeLog/sniff' as const;
  export const type = new RequestType<SniffParams, SniffResult, void>(method);
}

// ---- Following a session: navigation targets and the session views ----

/** Next / previous / first / last event in the session, next / previous session. Null for an unknown document. */
export namespace NavigationRequest {
  export const method = 'exchangeLog/navigate' as const;
  export const type = new RequestType<NavigationParams, NavigationResult | null, void>(method);
}

/** One session: its summary, then its lines in sequence order. Null for an unknown document. */
export namespace SessionViewRequest {
  export const method = 'exchangeLog/sessionView' as const;
  export const type = new RequestType<SessionViewParams, LogView | null, void>(method);
}

/** The whole log with every session contiguous and summarised, one fold per session. Null for an unknown document. */
export namespace GroupedViewRequest {
  export const method = 'exchangeLog/groupedView' as const;
  export const type = new RequestType<GroupedViewParams, LogView | null, void>(method);
}

/** The whole log at a glance. Null for an unknown document. */
export namespace OverviewRequest {
  export const method = 'exchangeLog/overview' as const;
  export const type = new RequestType<OverviewParams, Overview | null, void>(method);
}

// ---- Linked logs and redacted copies ----

/** The client hands over the files of a document's folder (for the "Open in … log" lenses). */
export namespace FolderLogsNotification {
  export const method = 'exchangeLog/folderLogs' as const;
  export const type = new NotificationType<FolderLogsParams>(method);
}

/** Where "Open in send log" / "Open in connectivity log" goes. Null for an unknown document. */
export namespace LinkedTargetRequest {
  export const method = 'exchangeLog/linkedTarget' as const;
  export const type = new RequestType<LinkedTargetParams, LinkedTargetResult | null, void>(method);
}

/** A redacted copy of a log for a support ticket. Null for an unknown document. */
export namespace RedactRequest {
  export const method = 'exchangeLog/redact' as const;
  export const type = new RequestType<RedactParams, RedactResult | null, void>(method);
}

// ---- Beyond one file: several logs as one view, continue in the next file, workspace index ----

/** Adds one file to a folder view being built (files are sent one at a time). */
export namespace FolderViewAddRequest {
  export const method = 'exchangeLog/folderView/add' as const;
  export const type = new RequestType<FolderViewAddParams, FolderViewAddResult, void>(method);
}

/** Builds the view from the files added under `viewId` and forgets them. Null for an unknown id. */
export namespace FolderViewBuildRequest {
  export const method = 'exchangeLog/folderView/build' as const;
  export const type = new RequestType<FolderViewBuildParams, FolderView | null, void>(method);
}

/** Forgets the files added under `viewId` (the reading was cancelled). */
export namespace FolderViewDisposeNotification {
  export const method = 'exchangeLog/folderView/dispose' as const;
  export const type = new NotificationType<FolderViewDisposeParams>(method);
}

/** Where the session at the cursor continues (`next`) or began (`previous`). Null for an unknown document. */
export namespace ContinuationRequest {
  export const method = 'exchangeLog/continuation' as const;
  export const type = new RequestType<ContinuationParams, ContinuationResult | null, void>(method);
}

/** The first or last line of a session in a log. Null for an unknown document. */
export namespace SessionEdgeRequest {
  export const method = 'exchangeLog/sessionEdge' as const;
  export const type = new RequestType<SessionEdgeParams, SessionEdgeResult | null, void>(method);
}

/**
 * Adds a file of a virtual workspace (or of a virtual folder added to the collection) to the log
 * collection: indexed like a file read from disk, the text not kept. Asked without text, says whether
 * the server holds the file already at that size and time.
 */
export namespace IndexLogRequest {
  export const method = 'exchangeLog/indexLog' as const;
  export const type = new RequestType<IndexLogParams, IndexLogResult, void>(method);
}

/** Drops indexed files (deleted, or no longer wanted). */
export namespace ForgetLogsNotification {
  export const method = 'exchangeLog/forgetLogs' as const;
  export const type = new NotificationType<ForgetLogsParams>(method);
}

/** Server → client: the text of a collection file that is not on disk (virtual workspace), read by the client's file system. */
export namespace ReadFileRequest {
  export const method = 'exchangeLog/readFile' as const;
  export const type = new RequestType<ReadFileParams, ReadFileResult, void>(method);
}

// ---- The log collection: the logs below the workspace folders and added folders, indexed by the server ----

/** The collection's servers, log kinds, days and files, with counts (the Log Collection view). */
export namespace CollectionTreeRequest {
  export const method = 'exchangeLog/collection/tree' as const;
  export const type = new RequestType<Record<string, never>, CollectionTree, void>(method);
}

/**
 * Adds a folder to the collection: a `file:` URI is indexed by the server; another scheme (a virtual
 * workspace) is recorded and answered with `stream: true`: the client sends its files (`IndexLogRequest`).
 */
export namespace CollectionAddFolderRequest {
  export const method = 'exchangeLog/collection/addFolder' as const;
  export const type = new RequestType<CollectionAddFolderParams, CollectionAddFolderResult, void>(method);
}

/** Reads what changed below the collection's folders; answers when done. */
export namespace CollectionRefreshRequest {
  export const method = 'exchangeLog/collection/refresh' as const;
  export const type = new RequestType<Record<string, never>, CollectionRefreshResult, void>(method);
}

/** Stops the indexing that runs (what was read stays in the index); `{ stopped }` says whether one ran. */
export namespace CollectionCancelRequest {
  export const method = 'exchangeLog/collection/cancel' as const;
  export const type = new RequestType<Record<string, never>, { stopped: boolean }, void>(method);
}

/** Deletes the collection's cache on disk (the index in memory stays). */
export namespace CollectionClearCacheRequest {
  export const method = 'exchangeLog/collection/clearCache' as const;
  export const type = new RequestType<Record<string, never>, CollectionClearCacheResult, void>(method);
}

/** The file of a server that holds a time, and its first line at or after it. */
export namespace CollectionGoToTimeRequest {
  export const method = 'exchangeLog/collection/goToTime' as const;
  export const type = new RequestType<CollectionGoToTimeParams, CollectionGoToTimeResult, void>(method);
}

/** Server → client: the collection changed (files read, added or gone); the view asks again. */
export namespace CollectionChangedNotification {
  export const method = 'exchangeLog/collection/changed' as const;
  export const type = new NotificationType<Record<string, never>>(method);
}

// ---- Asking the collection: session search, reports, message trace ----

/** Sessions that match a query, over the collection (or the current document when there is none). */
export namespace SessionSearchRequest {
  export const method = 'exchangeLog/collection/search' as const;
  export const type = new RequestType<SessionSearchParams, SessionSearchResult, void>(method);
}

/** Completion of field names and of the values the collection holds, and the query's mistakes so far. */
export namespace QueryCompletionRequest {
  export const method = 'exchangeLog/collection/complete' as const;
  export const type = new RequestType<QueryCompletionParams, QueryCompletionResult, void>(method);
}

/** The matching sessions as one read-only view (sessions contiguous, one fold each, every line tied to its file). */
export namespace SearchViewRequest {
  export const method = 'exchangeLog/collection/searchView' as const;
  export const type = new RequestType<SearchViewParams, SearchView, void>(method);
}

/** A report (relay, tls, auth-failures, senders, recipients, domains, replies, certificates, volume, latency). */
export namespace ReportRequest {
  export const method = 'exchangeLog/collection/report' as const;
  export const type = new RequestType<ReportParams, ReportResult, void>(method);
}

/** A message's hops across servers and log kinds, in time order. */
export namespace TraceRequest {
  export const method = 'exchangeLog/collection/trace' as const;
  export const type = new RequestType<TraceParams, TraceResult, void>(method);
}
