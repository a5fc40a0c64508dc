/** Parsed models cached by URI and document version: one parse per version. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LogLanguageService, LogModel } from './core/languageService';

export class ModelCache {
  private readonly models = new Map<string, LogModel>();

  constructor(private readonly service: LogLanguageService) {}

  get(document: TextDocument): LogModel {
    const cached = this.models.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const model = this.service.parse(document.getText(), document.uri, document.version);
    this.models.set(document.uri, model);
    return model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }

  get size(): number {
    return this.models.size;
  }
}
