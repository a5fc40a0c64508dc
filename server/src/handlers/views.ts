/** Following a session and looking at a log whole: navigation, the session and grouped views, the overview. */
import { GroupedViewRequest, NavigationRequest, OverviewRequest, SessionViewRequest } from '../../../protocol/src/index';
import { ServerContext } from './context';

export function registerViewHandlers(server: ServerContext): void {
  const { connection, service } = server;

  connection.onRequest(NavigationRequest.type, (params, token) =>
    server.onModel(NavigationRequest.method, token, null, params.textDocument.uri, (model) => service.getNavigationTarget(model, params.position, params.target)));

  connection.onRequest(SessionViewRequest.type, (params, token) =>
    server.onModelAt(SessionViewRequest.method, token, null, params.textDocument, (model) => service.getSessionView(model, { sessionId: params.sessionId, position: params.position })));

  connection.onRequest(GroupedViewRequest.type, (params, token) =>
    server.onModelAt(GroupedViewRequest.method, token, null, params.textDocument, (model) => service.getGroupedView(model)));

  connection.onRequest(OverviewRequest.type, (params, token) =>
    server.onModel(OverviewRequest.method, token, null, params.textDocument.uri, (model) => service.getOverview(model)));
}
