/**
 * What every group of handlers shares: the connection, the open documents and their cached models,
 * the settings, what the client supports, and the safe way to answer a request about a document.
 */
import { CancellationToken, Connection, TextDocuments } from 'vscode-languageserver';
import type { VersionedTextDocumentRef } from '../../../protocol/src/commonTypes';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingModel, LogLanguageService, LogModel, getLanguageService } from '../core/languageService';
import { ModelCache } from '../modelCache';
import { Logger, runSafe } from '../runner';
import { SettingsCapabilities, SettingsStore } from '../settings';

/** What the client said it supports, in `initialize`. */
export interface ClientSupport {
  foldingRangeLimit?: number;
  settings: SettingsCapabilities;
  /** `workspace/<feature>/refresh` requests the client accepts. */
  refresh: Record<RefreshableFeature, boolean>;
  /** The client runs `exchangeLog.traceMessage` from hover links: hovers of message ids offer it. */
  traceLinks?: boolean;
}

export type RefreshableFeature = 'codeLens' | 'inlayHint' | 'foldingRange';

/** Longest wait for a document version the client named (it may not have sent the document yet). */
const VERSION_WAIT_MS = 3000;

interface VersionWaiter {
  uri: string;
  version: number;
  done(): void;
}

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
  private readonly waiters = new Set<VersionWaiter>();

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
    // (onDidChangeContent fires when a document opens too)
    this.documents.onDidChangeContent(({ document }) => {
      for (const w of this.waiters) if (w.uri === document.uri && document.version >= w.version) w.done();
    });
  }

  /**
   * Resolves once the server has the documents at the versions the client named (or later ones),
   * after VERSION_WAIT_MS at most, or when the request is cancelled. A reference without a
   * version needs no wait.
   */
  async untilVersions(refs: readonly VersionedTextDocumentRef[], token: CancellationToken): Promise<void> {
    await Promise.all(refs.map((ref) => this.untilVersion(ref, token)));
  }

  private untilVersion({ uri, version }: VersionedTextDocumentRef, token: CancellationToken): Promise<void> | undefined {
    if (typeof version !== 'number' || (this.documents.get(uri)?.version ?? -Infinity) >= version) return undefined;
    return new Promise<void>((resolve) => {
      const waiter: VersionWaiter = {
        uri,
        version,
        done: () => {
          clearTimeout(timer);
          cancelled.dispose();
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.done, VERSION_WAIT_MS);
      const cancelled = token.onCancellationRequested(waiter.done);
      this.waiters.add(waiter);
    });
  }

  /** The document's complete model. */
  modelOf(uri: string): LogModel | undefined {
    const doc = this.documents.get(uri);
    return doc ? this.cache.get(doc) : undefined;
  }

  /** The document's model read only as far as folding needs, if it was not read further yet. */
  foldingModelOf(uri: string): FoldingModel | undefined {
    const doc = this.documents.get(uri);
    return doc ? this.cache.getForFolding(doc) : undefined;
  }

  /** The models of every open document. */
  openModels(): LogModel[] {
    return this.documents.all().map((d) => this.cache.get(d));
  }

  /** A handler safe from errors and cancellation that answers `fallback` for a document it does not have. */
  onModel<T>(name: string, token: CancellationToken, fallback: T, uri: string, fn: (model: LogModel) => T) {
    return runSafe(this.log, name, token, fallback, () => {
      const model = this.modelOf(uri);
      return model ? fn(model) : fallback;
    });
  }

  /** `onModel` for the version of the document the client holds: waits for it first (`untilVersions`). */
  async onModelAt<T>(name: string, token: CancellationToken, fallback: T, document: VersionedTextDocumentRef, fn: (model: LogModel) => T) {
    await this.untilVersions([document], token);
    return this.onModel(name, token, fallback, document.uri, fn);
  }

  /** Asks the client to ask again for a feature's answers, when it can. */
  refresh(feature: RefreshableFeature): void {
    if (this.client.refresh[feature]) void this.connection.sendRequest(`workspace/${feature}/refresh`).catch(() => undefined);
  }
}
