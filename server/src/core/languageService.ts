/**
 * The facade of the pure core: text in, plain data (LSP types) out. It imports no `vscode`, no
 * connection and no file system; `test/unit/purity.test.ts` enforces that.
 */
import { Diagnostic, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import { DocumentHighlight, Location, SymbolInformation } from 'vscode-languageserver-types';
import { DiagnosticOptions, getDiagnostics } from './features/diagnostics';
import { FoldingOptions, getFoldingRanges } from './features/folding';
import { DocumentInfoData, getDocumentInfo } from './features/documentInfo';
import { doHover } from './features/hover';
import { SymbolOptions, getDocumentSymbols } from './features/symbols';
import { LogModel, parseLog } from './model/logModel';
import { getDocumentHighlights } from './features/highlights';
import { NavigationData, NavigationTarget, getNavigationTarget } from './features/navigation';
import { getDefinition, getReferences } from './features/references';
import { LogViewData, SessionViewQuery, getGroupedView, getSessionView } from './features/sessionView';
import { WorkspaceSymbolOptions, getWorkspaceSymbols } from './features/workspaceSymbols';

export type { LogModel } from './model/logModel';
export type { LogKind } from './model/kinds';
export { configureL10n } from './l10n';

export interface LogLanguageService {
  parse(text: string, uri?: string, version?: number): LogModel;
  doHover(model: LogModel, position: Position): Hover | null;
  getFoldingRanges(model: LogModel, options?: FoldingOptions): FoldingRange[];
  getDocumentSymbols(model: LogModel, options?: SymbolOptions): DocumentSymbol[];
  getDiagnostics(model: LogModel, options?: DiagnosticOptions): Diagnostic[];
  getDocumentInfo(model: LogModel, position?: Position): DocumentInfoData;
  getNavigationTarget(model: LogModel, position: Position, target: NavigationTarget): NavigationData;
  getDocumentHighlights(model: LogModel, position: Position): DocumentHighlight[];
  getReferences(model: LogModel, position: Position, includeDeclaration?: boolean): Location[];
  getDefinition(model: LogModel, position: Position): Location | null;
  getWorkspaceSymbols(models: readonly LogModel[], query: string, options?: WorkspaceSymbolOptions): SymbolInformation[];
  getSessionView(model: LogModel, query: SessionViewQuery): LogViewData;
  getGroupedView(model: LogModel): LogViewData;
}

export function getLanguageService(): LogLanguageService {
  return {
    parse: (text, uri, version) => parseLog(text, { uri, version }),
    doHover,
    getFoldingRanges,
    getDocumentSymbols,
    getDiagnostics,
    getDocumentInfo,
    getNavigationTarget,
    getDocumentHighlights,
    getReferences,
    getDefinition,
    getWorkspaceSymbols,
    getSessionView,
    getGroupedView,
  };
}
