/**
 * The facade of the pure core: text in, plain data (LSP types) out. It imports no `vscode`, no
 * connection and no file system; `test/unit/purity.test.ts` enforces that.
 */
import { CodeLens, Diagnostic, DocumentSymbol, FoldingRange, Hover, InlayHint, Position, Range } from 'vscode-languageserver-types';
import { CodeLensOptions, getCodeLenses } from './features/codeLens';
import { InlayHintOptions, getInlayHints } from './features/inlayHints';
import { DocumentHighlight, Location, SymbolInformation } from 'vscode-languageserver-types';
import { DiagnosticOptions, getDiagnostics } from './features/diagnostics';
import { FoldingOptions, getFoldingRanges } from './features/folding';
import { DocumentInfoData, getDocumentInfo } from './features/documentInfo';
import { HoverOptions, doHover } from './features/hover';
import { OverviewData, getOverview } from './features/overview';
import { SymbolOptions, getDocumentSymbols } from './features/symbols';
import { LogModel, extendLog, parseLog } from './model/logModel';
import { getDocumentHighlights } from './features/highlights';
import { NavigationData, NavigationTarget, getNavigationTarget } from './features/navigation';
import { getDefinition, getReferences } from './features/references';
import { LogViewData, SessionViewQuery, getGroupedView, getSessionView } from './features/sessionView';
import { WorkspaceSymbolOptions, getWorkspaceSymbols } from './features/workspaceSymbols';

export type { LogModel } from './model/logModel';
export type { LogKind } from './model/kinds';
export type { HoverOptions } from './features/hover';
export { configureL10n } from './l10n';

export interface LogLanguageService {
  parse(text: string, uri?: string, version?: number): LogModel;
  /** The model of `text` = `model.text` plus appended text; parses only the new lines. */
  extend(model: LogModel, text: string, version: number): LogModel;
  /** `options.timeZone` (IANA name) sets the zone of local times; the process zone (the user's) by default. */
  doHover(model: LogModel, position: Position, options?: HoverOptions): Hover | null;
  getFoldingRanges(model: LogModel, options?: FoldingOptions): FoldingRange[];
  getDocumentSymbols(model: LogModel, options?: SymbolOptions): DocumentSymbol[];
  getDiagnostics(model: LogModel, options?: DiagnosticOptions): Diagnostic[];
  getDocumentInfo(model: LogModel, position?: Position): DocumentInfoData;
  getCodeLenses(model: LogModel, options?: CodeLensOptions): CodeLens[];
  getInlayHints(model: LogModel, range: Range, options?: InlayHintOptions): InlayHint[];
  getNavigationTarget(model: LogModel, position: Position, target: NavigationTarget): NavigationData;
  getDocumentHighlights(model: LogModel, position: Position): DocumentHighlight[];
  getReferences(model: LogModel, position: Position, includeDeclaration?: boolean): Location[];
  getDefinition(model: LogModel, position: Position): Location | null;
  getWorkspaceSymbols(models: readonly LogModel[], query: string, options?: WorkspaceSymbolOptions): SymbolInformation[];
  getSessionView(model: LogModel, query: SessionViewQuery): LogViewData;
  getGroupedView(model: LogModel): LogViewData;
  /** The whole log at a glance: timeline and top tables (the overview panel). */
  getOverview(model: LogModel): OverviewData;
}

export function getLanguageService(): LogLanguageService {
  return {
    parse: (text, uri, version) => parseLog(text, { uri, version }),
    extend: extendLog,
    doHover,
    getFoldingRanges,
    getDocumentSymbols,
    getDiagnostics,
    getDocumentInfo,
    getCodeLenses,
    getInlayHints,
    getNavigationTarget,
    getDocumentHighlights,
    getReferences,
    getDefinition,
    getWorkspaceSymbols,
    getSessionView,
    getGroupedView,
    getOverview,
  };
}
