/**
 * Parsed models cached by URI and document version: one parse per version. When every change since
 * the cached version was an insertion at the end of the document (Exchange appending to a live log),
 * the cached model is extended with the new lines instead of parsing the file again.
 */
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { FoldingModel, LogLanguageService, LogModel } from './core/languageService';

export class ModelCache {
  /** The last model of each document: complete, or read for folding only. */
  private readonly models = new Map<string, FoldingModel>();
  /** Per URI: the version of the last change that was not an append at the end. */
  private readonly appendOnlySince = new Map<string, number>();

  constructor(private readonly service: LogLanguageService) {}

  /** The complete model of the document's current version. */
  get(document: TextDocument): LogModel {
    return this.service.complete(this.model(document, false));
  }

  /**
   * A model good for folding: a document parsed for the first time is read only as far as folding
   * needs (the first request after opening a big log is folding); `get` completes it later.
   */
  getForFolding(document: TextDocument): FoldingModel {
    return this.model(document, true);
  }

  private model(document: TextDocument, forFolding: boolean): FoldingModel {
    const cached = this.models.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const since = this.appendOnlySince.get(document.uri);
    const text = document.getText();
    const model = cached && since !== undefined && cached.version >= since && document.version > cached.version
      ? this.service.extend(cached, text, document.version)
      : forFolding
        ? this.service.parseForFolding(text, document.uri, document.version)
        : this.service.parse(text, document.uri, document.version);
    this.models.set(document.uri, model);
    return model;
  }

  /** Records a document's creation (open). */
  opened(uri: string, version: number): void {
    this.appendOnlySince.set(uri, version);
    this.models.delete(uri);
  }

  /** Records a change, before it is applied to `document`. */
  changing(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): void {
    if (!isAppendAtEnd(document, changes)) this.appendOnlySince.set(document.uri, version);
  }

  delete(uri: string): void {
    this.models.delete(uri);
    this.appendOnlySince.delete(uri);
  }

  get size(): number {
    return this.models.size;
  }
}

/** True when the changes only insert text at the end of the document. */
export function isAppendAtEnd(document: TextDocument, changes: TextDocumentContentChangeEvent[]): boolean {
  if (changes.length === 0) return true;
  let end = document.positionAt(document.getText().length);
  for (const c of changes) {
    if (!('range' in c) || !c.range) return false;
    const { start, end: rangeEnd } = c.range;
    if (start.line !== rangeEnd.line || start.character !== rangeEnd.character) return false;
    if (start.line < end.line || (start.line === end.line && start.character < end.character)) return false;
    const lines = c.text.split(/\r\n|\r|\n/);
    end = lines.length === 1
      ? { line: end.line, character: end.character + c.text.length }
      : { line: end.line + lines.length - 1, character: lines[lines.length - 1].length };
  }
  return true;
}
