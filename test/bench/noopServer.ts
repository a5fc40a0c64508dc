/**
 * The floor for the benchmark: a language server on the same `vscode-languageserver` that keeps the
 * documents (incremental sync, like ours) and answers every request with an empty result.
 */
import { ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    foldingRangeProvider: true,
    documentSymbolProvider: true,
    documentHighlightProvider: true,
  },
}));
connection.onHover(() => null);
connection.onFoldingRanges((p) => (documents.get(p.textDocument.uri) ? [] : []));
connection.onDocumentSymbol(() => []);
connection.onDocumentHighlight(() => []);
documents.listen(connection);
connection.listen();
