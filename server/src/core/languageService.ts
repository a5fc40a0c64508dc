/**
 * The facade of the pure core: text in, plain data (LSP types) out. It imports no `vscode`, no
 * connection and no file system; `test/unit/purity.test.ts` enforces that.
 */
import { Diagnostic, DocumentSymbol, FoldingRange, Hover, Position } from 'vscode-languageserver-types';
import { DiagnosticOptions, getDiagnostics } from './features/diagnostics';
import { FoldingOptions, getFoldingRanges } from './features/folding';
import { DocumentInfoData, getDocumentInfo } from './features/documentInfo';
import { doHover } from './features/hover';
import { OverviewData, getOverview } from './features/overview';
import { SymbolOptions, getDocumentSymbols } from './features/symbols';
import { LogModel, extendLog, parseLog } from './model/logModel';

export type { LogModel } from './model/logModel';
export type { LogKind } from './model/kinds';
export { configureL10n } from './l10n';

export interface LogLanguageService {
  parse(text: string, uri?: string, version?: number): LogModel;
  /** The model of `text` = `model.text` plus appended text; parses only the new lines. */
  extend(model: LogModel, text: string, version: number): LogModel;
  doHover(model: LogModel, position: Position): Hover | null;
  getFoldingRanges(model: LogModel, options?: FoldingOptions): FoldingRange[];
  getDocumentSymbols(model: LogModel, options?: SymbolOptions): DocumentSymbol[];
  getDiagnostics(model: LogModel, options?: DiagnosticOptions): Diagnostic[];
  getDocumentInfo(model: LogModel, position?: Position): DocumentInfoData;
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
    getOverview,
  };
}
