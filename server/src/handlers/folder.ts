/**
 * A log among the files of its folder: the linked logs beside it (lenses and "Open in … log"),
 * continuing a session in the next or previous file, and several logs read as one view.
 */
import {
  ContinuationRequest, FolderLogsNotification, FolderViewAddRequest, FolderViewBuildRequest, FolderViewDisposeNotification,
  LinkedTargetRequest, SessionEdgeRequest,
} from '../../../protocol/src/index';
import { LinkContext } from '../core/languageService';
import { FolderViewBuilder } from '../core/features/multiFile';
import { runSafe } from '../runner';
import { ServerContext } from './context';

/** Linked log files kept of a document's folder. */
const MAX_FOLDER_LOGS = 5000;
/** Folder views being read at the same time. */
const MAX_FOLDER_VIEWS = 4;

/** The linked log files beside each document, as the client listed its folder. */
export class FolderLogs {
  private readonly byDocument = new Map<string, string[]>();
  /** Files of the log collection that hold sessions of a kind, by session id (see `LinkContext.indexed`). */
  indexed: LinkContext['indexed'];

  constructor(private readonly server: ServerContext) {}

  set(uri: string, files: readonly string[]): void {
    this.byDocument.set(uri, this.server.service.linkedLogFiles(files).slice(0, MAX_FOLDER_LOGS));
  }

  forget(uri: string): void {
    this.byDocument.delete(uri);
  }

  /** The other open logs and the linked files of the document's folder. */
  linkContext(uri: string): LinkContext {
    return { models: this.server.openModels(), siblings: this.byDocument.get(uri), indexed: this.indexed };
  }
}

export function registerFolderHandlers(server: ServerContext): FolderLogs {
  const { connection, service, log } = server;
  const folderLogs = new FolderLogs(server);

  connection.onNotification(FolderLogsNotification.type, (params) => {
    folderLogs.set(params.textDocument.uri, params.siblings.filter((u) => typeof u === 'string'));
    server.refresh('codeLens');
  });

  connection.onRequest(LinkedTargetRequest.type, async (params, token) => {
    if (Array.isArray(params.opened)) await server.untilVersions(params.opened, token);
    return server.onModel(LinkedTargetRequest.method, token, null, params.textDocument.uri, (model) => service.getLinkedTarget(model, params.line, folderLogs.linkContext(model.uri)));
  });

  connection.onRequest(ContinuationRequest.type, (params, token) =>
    server.onModel(ContinuationRequest.method, token, null, params.textDocument.uri, (model) => service.getContinuation(model, params.position, params.direction, params.siblings)));

  connection.onRequest(SessionEdgeRequest.type, (params, token) =>
    server.onModelAt(SessionEdgeRequest.method, token, null, params.textDocument, (model) => service.getSessionEdge(model, params.sessionId, params.edge)));

  // Several logs as one view: files arrive one at a time and only their session lines are kept.
  const folderViews = new Map<string, FolderViewBuilder>();
  connection.onRequest(FolderViewAddRequest.type, (params, token) =>
    runSafe(log, FolderViewAddRequest.method, token, { accepted: false, records: 0, sessions: 0, kind: 'generic' as const }, () => {
      let builder = folderViews.get(params.viewId);
      if (!builder) {
        // A few views at a time: the oldest unfinished one is dropped.
        if (folderViews.size >= MAX_FOLDER_VIEWS) folderViews.delete(folderViews.keys().next().value!);
        folderViews.set(params.viewId, (builder = service.createFolderView()));
      }
      return builder.add(params.uri, params.text);
    }));
  connection.onRequest(FolderViewBuildRequest.type, (params, token) =>
    runSafe(log, FolderViewBuildRequest.method, token, null, () => {
      const builder = folderViews.get(params.viewId);
      if (!builder) return null;
      folderViews.delete(params.viewId);
      return { version: 0, ...builder.build(params.title) };
    }));
  connection.onNotification(FolderViewDisposeNotification.type, (params) => {
    folderViews.delete(params.viewId);
  });

  return folderLogs;
}
