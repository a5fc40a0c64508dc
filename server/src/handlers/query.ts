/**
 * Asking the collection over LSP: the session search, completion of a query as it is typed, the
 * matching sessions as one view, and the reports. What each question covers (the collection, folders of
 * it, or the open document when there is no collection) is `createScopeResolver`'s; the answers are the
 * pure core's (the reports: `buildReport`). Only the search view reads files: those that hold the sessions it
 * shows, once each (from disk, or through the client for a virtual workspace's files).
 */
import {
  QueryCompletionRequest, ReportRequest, SearchViewRequest, SessionSearchRequest,
} from '../../../protocol/src/index';
import type {
  QueryCompletionResult, QueryProblem, ReportResult, SearchView, SessionRow, SessionSearchResult,
} from '../../../protocol/src/queryTypes';
import { t } from '../core/l10n';
import { kindName } from '../core/facts/kinds';
import { CollectionIndex } from '../core/collection/collection';
import { parseQuery } from '../core/collection/query';
import { availableReports, buildReport, isReportName } from '../core/collection/reports/index';
import { compileQuery, completeQuery, searchSessions, sessionRow } from '../core/collection/search';
import { buildSearchView } from '../core/collection/searchView';
import { outcomeLabel } from '../core/summary/labels';
import type { Outcome } from '../core/summary/sessionSummary';
import { readLogText } from '../collection/readParts';
import { runSafe } from '../runner';
import type { CollectionHandlers } from './collection';
import { VirtualText, isVirtualKey } from './virtualFiles';
import type { ServerContext } from './context';
import { QueryTarget, createScopeResolver } from './scope';

/** Rows a search returns by default, and at most. */
const DEFAULT_ROWS = 1000;
const MAX_ROWS = 100_000;
/** Sessions the search view shows at most. */
const VIEW_SESSIONS = 2000;
/** Rows per report table by default, and at most. */
const DEFAULT_TOP = 50;
const MAX_TOP = 10_000;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Said when a question has nothing to cover. */
function nothingToAsk(): QueryProblem[] {
  return [{ start: 0, end: 0, message: t('There is nothing to search: no Exchange log is open and the log collection holds none.') }];
}

/** A row with the words the editor shows for its kind and outcome. */
function labelled(row: SessionRow): SessionRow {
  row.labels = { kind: kindName(row.kind), outcome: outcomeLabel(row.outcome as Outcome) ?? row.outcome };
  return row;
}

export function registerQueryHandlers(server: ServerContext, collection: CollectionHandlers): void {
  const { connection, log } = server;
  const scopes = createScopeResolver(server, collection);

  /**
   * A file's text for the search view: the open document when the search covered one, else the file on
   * disk, or a virtual workspace's file as the client sent it again (`virtualText`).
   */
  const readerFor = (target: QueryTarget, virtualText: VirtualText) => (path: string): string | undefined => {
    if (target.source === 'document') return server.documents.get(path)?.getText().replace(/^\uFEFF/, '');
    if (isVirtualKey(path)) return virtualText(path);
    try {
      return readLogText(path);
    } catch (e) {
      connection.console.warn(t('Search view: {0} cannot be read ({1}); its sessions are left out.', path, e instanceof Error ? e.message : String(e)));
      return undefined;
    }
  };

  connection.onRequest(SessionSearchRequest.type, (params, token) => {
    const started = performance.now();
    const empty: SessionSearchResult = { problems: [], rows: [], total: 0, partial: false, source: 'collection', elapsedMs: 0 };
    return runSafe(log, SessionSearchRequest.method, token, empty, (): SessionSearchResult => {
      const query = text(params.query);
      const target = scopes.resolve(params);
      if (!target) {
        const problems = parseQuery(query).problems;
        return { ...empty, problems: problems.length > 0 ? problems : nothingToAsk(), elapsedMs: performance.now() - started };
      }
      const limit = Number.isInteger(params.limit) && params.limit! >= 0 ? Math.min(params.limit!, MAX_ROWS) : DEFAULT_ROWS;
      const found = searchSessions(target.index, query, { files: target.files, limit });
      return {
        problems: found.problems,
        rows: found.refs.map((ref) => labelled(sessionRow(target.index, ref, target.uriOf))),
        total: found.total,
        partial: target.partial,
        source: target.source,
        elapsedMs: performance.now() - started,
      };
    });
  });

  connection.onRequest(QueryCompletionRequest.type, (params, token) =>
    runSafe(log, QueryCompletionRequest.method, token, { items: [], problems: [] }, (): QueryCompletionResult => {
      const query = text(params.query);
      const offset = Number.isInteger(params.offset) ? params.offset : query.length;
      const target = scopes.resolve(params);
      // with nothing to search, the field names are still offered
      return completeQuery(target?.index ?? new CollectionIndex(), query, offset, target?.files);
    }));

  connection.onRequest(SearchViewRequest.type, (params, token) => collection.texts.run((virtualText) =>
    runSafe(log, SearchViewRequest.method, token, { problems: [], total: 0, shown: 0, partial: false }, (): SearchView => {
      const query = text(params.query);
      const target = scopes.resolve(params);
      if (!target) {
        const problems = parseQuery(query).problems;
        return { problems: problems.length > 0 ? problems : nothingToAsk(), total: 0, shown: 0, partial: false };
      }
      const found = searchSessions(target.index, query, { files: target.files, limit: VIEW_SESSIONS });
      if (found.problems.length > 0) return { problems: found.problems, total: 0, shown: 0, partial: target.partial };
      const built = buildSearchView(target.index, {
        query, refs: found.refs, total: found.total, partial: target.partial, uriOf: target.uriOf, readText: readerFor(target, virtualText), maxSessions: VIEW_SESSIONS,
      });
      return { problems: [], view: { version: 0, ...built.view }, total: found.total, shown: built.shown, partial: target.partial };
    })));

  connection.onRequest(ReportRequest.type, (params, token) => {
    const started = performance.now();
    const name = text(params.report);
    const empty: ReportResult = {
      report: params.report, title: name, description: '', problems: [], tables: [], charts: [], partial: false, source: 'collection', elapsedMs: 0,
    };
    return runSafe(log, ReportRequest.method, token, empty, (): ReportResult => {
      const elapsed = () => performance.now() - started;
      if (!isReportName(name) || !availableReports().includes(name)) {
        return { ...empty, problems: [{ start: 0, end: 0, message: t('There is no report {0}; the reports are: {1}.', name, availableReports().join(', ')) }], elapsedMs: elapsed() };
      }
      const where = text(params.where).trim() || undefined;
      const parsed = where !== undefined ? parseQuery(where) : undefined;
      if (parsed && parsed.problems.length > 0) return { ...empty, problems: parsed.problems, elapsedMs: elapsed() };
      const target = scopes.resolve(params);
      if (!target) return { ...empty, problems: nothingToAsk(), elapsedMs: elapsed() };
      const top = Number.isInteger(params.top) && params.top! > 0 ? Math.min(params.top!, MAX_TOP) : DEFAULT_TOP;
      const body = buildReport(name, {
        index: target.index,
        match: compileQuery(target.index, parsed?.query),
        files: target.files,
        top,
        uriOf: target.uriOf,
        where,
        orgDomains: Array.isArray(params.orgDomains) ? params.orgDomains.filter((d): d is string => typeof d === 'string' && d.trim() !== '').map((d) => d.trim()) : undefined,
      });
      return { ...body, problems: [], partial: target.partial, source: target.source, elapsedMs: elapsed() };
    });
  });
}
