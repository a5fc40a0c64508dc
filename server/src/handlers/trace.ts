/**
 * `exchangeLog/collection/trace`: a message followed across the collection (or, with no collection,
 * the open document), its hops pointing at the lines where the message is in each log. The lookups
 * that find a message id without decoding every table are kept per collection index between traces.
 */
import { TraceRequest } from '../../../protocol/src/index';
import type { TraceParams, TraceResult } from '../../../protocol/src/traceTypes';
import type { CollectionIndex } from '../core/collection/collection';
import { TextLookups } from '../core/collection/textLookup';
import { TraceLineReader, parseTraceParams, traceMessages } from '../core/collection/trace';
import { t } from '../core/l10n';
import { fileLineReader } from '../collection/lines';
import { runSafe } from '../runner';
import type { CollectionHandlers } from './collection';
import type { ServerContext } from './context';
import { createScopeResolver } from './scope';

/** Messages a trace lists at most (a sender or a subject may match many). */
const LIMIT = 50;

export function registerTraceHandlers(server: ServerContext, collection: CollectionHandlers): void {
  const scope = createScopeResolver(server, collection);
  const lookups = new WeakMap<CollectionIndex, TextLookups>();
  const empty = (source: TraceResult['source'] = 'collection'): TraceResult => ({ problems: [], messages: [], more: 0, partial: false, source, elapsedMs: 0 });

  /** Lines of an open document (the trace of a document the collection does not hold). */
  const documentLines: TraceLineReader = (uri, from, to) => {
    const doc = server.documents.get(uri);
    if (!doc) return undefined;
    const lines: string[] = [];
    for (let l = from; l <= to && l < doc.lineCount; l++) lines.push(doc.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).replace(/\r?\n$|\r$/, ''));
    return lines;
  };

  server.connection.onRequest(TraceRequest.type, (params: TraceParams, token) =>
    runSafe(server.log, TraceRequest.method, token, empty(), (): TraceResult => {
      const started = performance.now();
      const { query, problems } = parseTraceParams(params);
      if (problems.length > 0) return { ...empty(), problems };
      const target = scope.resolve(params);
      if (!target) {
        return { ...empty(), problems: [{ start: 0, end: 0, message: t('There are no Exchange logs to trace in: open a log, or add a folder to the log collection.') }] };
      }
      let kept = lookups.get(target.index);
      if (!kept) lookups.set(target.index, (kept = new TextLookups()));
      const answer = traceMessages(target.index, query, {
        files: target.files,
        uriOf: target.uriOf,
        lookups: kept,
        lines: target.source === 'document' ? documentLines : fileLineReader(),
        limit: LIMIT,
      });
      return {
        problems: answer.problems,
        messages: answer.messages,
        more: answer.more,
        partial: target.partial,
        source: target.source,
        elapsedMs: Math.round(performance.now() - started),
      };
    }));
}
