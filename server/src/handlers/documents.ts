/**
 * One document at a time: its life (open, change, close), hover, folding, outline, code lenses,
 * inlay hints, highlights, references and definition, the status bar's document info, the
 * redacted copy, and the content sniff of a document that is not (yet) an Exchange log.
 */
import { DocumentInfoRequest, RedactRequest, SniffRequest } from '../../../protocol/src/index';
import { runSafe } from '../runner';
import { Scheduler } from '../scheduler';
import { foldingLimit, symbolOptions } from '../settings';
import { ServerContext } from './context';
import { FolderLogs } from './folder';

export function registerDocumentHandlers(server: ServerContext, scheduler: Scheduler, folderLogs: FolderLogs): void {
  const { connection, documents, service, settings, log } = server;

  // Another log opened or closed changes which "Open in … log" lenses apply.
  documents.onDidOpen((e) => {
    scheduler.schedule(e.document.uri);
    server.refresh('codeLens');
  });
  documents.onDidChangeContent((e) => scheduler.schedule(e.document.uri));
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    server.cache.delete(e.document.uri);
    folderLogs.forget(e.document.uri);
    server.refresh('codeLens');
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover((params, token) =>
    server.onModel('hover', token, null, params.textDocument.uri, (model) => service.doHover(model, params.position, { traceLinks: server.client.traceLinks })));

  connection.onFoldingRanges(async (params, token) => {
    const s = await settings.get();
    // folding needs only lines, headers and sessions: a newly opened log is read that far first
    return runSafe(server.log, 'foldingRange', token, [], () => {
      const model = server.foldingModelOf(params.textDocument.uri);
      return model ? service.getFoldingRanges(model, { rangeLimit: foldingLimit(s, server.client.foldingRangeLimit) }) : [];
    });
  });

  connection.onDocumentSymbol(async (params, token) => {
    const s = await settings.get();
    return server.onModel('documentSymbol', token, [], params.textDocument.uri, (model) => service.getDocumentSymbols(model, symbolOptions(s)));
  });

  connection.onCodeLens(async (params, token) => {
    const s = await settings.get();
    return runSafe(log, 'codeLens', token, [], () => {
      const model = s.codeLens.enabled ? server.modelOf(params.textDocument.uri) : undefined;
      return model ? service.getCodeLenses(model, { links: folderLogs.linkContext(model.uri) }) : [];
    });
  });

  connection.languages.inlayHint.on(async (params, token) => {
    const s = await settings.get();
    return runSafe(log, 'inlayHint', token, [], () => {
      const model = s.inlayHints.sessionGaps ? server.modelOf(params.textDocument.uri) : undefined;
      return model ? service.getInlayHints(model, params.range, { thresholdMs: s.inlayHints.gapThresholdSeconds * 1000 }) : [];
    });
  });

  connection.onDocumentHighlight((params, token) =>
    server.onModel('documentHighlight', token, [], params.textDocument.uri, (model) => service.getDocumentHighlights(model, params.position)));

  connection.onReferences((params, token) =>
    runSafe(log, 'references', token, [], () => {
      const model = server.modelOf(params.textDocument.uri);
      if (!model) return [];
      const own = service.getReferences(model, params.position, params.context?.includeDeclaration ?? true);
      return [...own, ...service.getLinkedLocations(model, params.position, server.openModels())];
    }));

  // Definition: a field linked to another open log jumps there; otherwise the session's first event.
  connection.onDefinition((params, token) =>
    runSafe(log, 'definition', token, null, () => {
      const model = server.modelOf(params.textDocument.uri);
      if (!model) return null;
      const linked = service.getLinkedLocations(model, params.position, server.openModels());
      return linked.length > 0 ? linked : service.getDefinition(model, params.position);
    }));

  connection.onRequest(DocumentInfoRequest.type, (params, token) =>
    server.onModelAt(DocumentInfoRequest.method, token, null, params.textDocument, (model) => service.getDocumentInfo(model, params.position)));

  connection.onRequest(RedactRequest.type, (params, token) =>
    server.onModel(RedactRequest.method, token, null, params.textDocument.uri, (model) => service.redact(model)));

  connection.onRequest(SniffRequest.type, (params, token) =>
    runSafe(log, SniffRequest.method, token, { final: true }, () => (typeof params.text === 'string' ? service.sniff(params.text) : { final: true })));
}
