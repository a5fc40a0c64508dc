/**
 * What every group of handlers shares: the connection, the open documents and their cached models,
 * the settings, what the client supports, and the safe way to answer a request about a document.
 */
import { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LogLanguageService, LogModel, getLanguageService } from '../core/languageService';
import { ModelCache } from '../modelCache';
import { Logger, runSafe } from '../runner';
import { SettingsCapabilities, SettingsStore } from '../settings';

/** What the client said it supports, in `initialize`. */
export interface ClientSupport {
  foldingRangeLimit?: number;
  settings: SettingsCapabilities;
  /** `workspace/<feature>/refresh` requests the client accepts. */
  refresh: Record<RefreshableFeature, boolean>;
}

export type RefreshableFeature = 'codeLens' | 'inlayHint' | 'foldingRange';

export class ServerContext {
  readonly service: LogLanguageService = getLanguageService();
  readonly cache = new ModelCache(this.service);
  readonly documents: TextDocuments<TextDocument>;
  readonly log: Logger = (m) => this.connection.console.error(m);
  readonly settings: SettingsStore;
  client: ClientSupport = {
    settings: { configuration: false, dynamicChangeRegistration: false },
    refresh: { codeLens: false, inlayHint: false, foldingRange: false },
  };

  constructor(readonly connection: Connection) {
    const cache = this.cache;
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => {
        cache.opened(uri, version);
        return TextDocument.create(uri, languageId, version, content);
      },
      update: (document, changes, version) => {
        cache.changing(document, changes, version);
        return TextDocument.update(document, changes, version);
      },
    });
    this.settings = new SettingsStore(connection, this.log);
  }

  /** The document's model; `forFolding`: read only as far as folding needs if not read yet. */
  modelOf(uri: string, forFolding = false): LogModel | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    return forFolding ? this.cache.getForFolding(doc) : this.cache.get(doc);
  }

  /** The models of every open document. */
  openModels(): LogModel[] {
    return this.documents.all().map((d) => this.cache.get(d));
  }

  /** A handler safe from errors and cancellation that answers `fallback` for a document it does not have. */
  onModel<T>(name: string, token: CancellationToken, fallback: T, uri: string, fn: (model: LogModel) => T, forFolding = false) {
    return runSafe(this.log, name, token, fallback, () => {
      const model = this.modelOf(uri, forFolding);
      return model ? fn(model) : fallback;
    });
  }

  /** Asks the client to ask again for a feature's answers, when it can. */
  refresh(feature: RefreshableFeature): void {
    if (this.client.refresh[feature]) void this.connection.sendRequest(`workspace/${feature}/refresh`).catch(() => undefined);
  }
}
