/**
 * `exchangeLog/collection/trace`: a message followed across the collection (or, with no collection,
 * the open document), its hops pointing at the lines where the message is in each log. The lookups
 * that find a message id without decoding every table are kept per collection index between traces.
 */
import { TraceRequest } from '../../../protocol/src/index';
import type { TraceParams, TraceResult } from '../../../protocol/src/traceTypes';
import type { CollectionIndex } from '../core/collection/collection';
import { TextLookups } from '../core/collection/textLookup';
import { TraceLineReader, parseTraceParams, prepareTrace, traceMessages } from '../core/collection/trace';
import { t } from '../core/l10n';
import { fileLineReader, linesOf } from '../collection/lines';
import { lastAnswerAt, runSafe } from '../runner';
import type { CollectionHandlers } from './collection';
import type { ServerContext } from './context';
import { createScopeResolver } from './scope';
import { VirtualText, isVirtualKey } from './virtualFiles';

/** Messages a trace lists at most (a sender or a subject may match many). */
const LIMIT = 50;
/** How often the collection is looked at for tables without a lookup, once it is not being indexed. */
const PREPARE_EVERY_MS = 2000;
/** Longest stretch of lookup building before requests are answered, and the quiet time after an answer. */
const SLICE_MS = 5;
const AFTER_ANSWER_MS = 3;

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

  const lookupsOf = (index: CollectionIndex): TextLookups => {
    let kept = lookups.get(index);
    if (!kept) lookups.set(index, (kept = new TextLookups()));
    return kept;
  };

  /**
   * After indexing, the lookups of the collection's tables are built in the background, a few
   * milliseconds at a time between requests, so that the first trace does not build them all.
   */
  let preparing = false;
  const prepare = async () => {
    const service = collection.service;
    if (preparing || !service || service.indexing) return;
    preparing = true;
    try {
      const index = service.collection;
      const kept = lookupsOf(index);
      for (;;) {
        const until = performance.now() + SLICE_MS;
        if (prepareTrace(index, kept, () => performance.now() < until && !service.indexing)) break;
        if (service.indexing) break;
        await new Promise((r) => setImmediate(r));
        while (performance.now() - lastAnswerAt() < AFTER_ANSWER_MS) await new Promise((r) => setTimeout(r, AFTER_ANSWER_MS));
      }
    } catch (e) {
      server.log(`Error while preparing the trace lookups: ${e instanceof Error ? e.stack : String(e)}`);
    } finally {
      preparing = false;
    }
  };
  const timer = setInterval(() => void prepare(), PREPARE_EVERY_MS);
  timer.unref();

  /** Lines of the collection's files: from disk, or of a virtual workspace's file as the client sent it again. */
  const collectionLines = (virtualText: VirtualText): TraceLineReader => {
    const disk = fileLineReader();
    const bytes = new Map<string, Buffer>();
    return (path, from, to) => {
      if (!isVirtualKey(path)) return disk(path, from, to);
      let b = bytes.get(path);
      if (!b) {
        const text = virtualText(path);
        if (text === undefined) return undefined;
        bytes.set(path, (b = Buffer.from(text, 'utf8')));
      }
      return from < 0 || to < from ? [] : linesOf(b, from, to);
    };
  };

  server.connection.onRequest(TraceRequest.type, (params: TraceParams, token) => collection.texts.run((virtualText) =>
    runSafe(server.log, TraceRequest.method, token, empty(), (): TraceResult => {
      const started = performance.now();
      const { query, problems } = parseTraceParams(params);
      if (problems.length > 0) return { ...empty(), problems };
      const target = scope.resolve(params);
      if (!target) {
        return { ...empty(), problems: [{ start: 0, end: 0, message: t('There are no Exchange logs to trace in: open a log, or add a folder to the log collection.') }] };
      }
      const kept = lookupsOf(target.index);
      const answer = traceMessages(target.index, query, {
        files: target.files,
        uriOf: target.uriOf,
        lookups: kept,
        lines: target.source === 'document' ? documentLines : collectionLines(virtualText),
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
    })));
}
