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
import { getDocumentInfo } from './features/documentInfo';
import { HoverOptions, doHover } from './features/hover';
import { OverviewData, getOverview } from './features/overview';
import { SymbolOptions, getDocumentSymbols } from './features/symbols';
import { FoldingModel, LogModel, completeLog, completeSome, extendLog, parseLog } from './model/logModel';
import { prepareSummaries } from './summary/sessionSummary';
import { warmUpFormatters } from './util/format';
import { getDocumentHighlights } from './features/highlights';
import { getNavigationTarget } from './features/navigation';
import { getDefinition, getReferences } from './features/references';
import { getGroupedView, getSessionView } from './features/sessionView';
import { LinkContext, getLinkedLocations, getLinkedTarget } from './features/links';
import { redactLog } from './features/redact';
import { WorkspaceSymbolOptions, getWorkspaceSymbols } from './features/workspaceSymbols';
import { FolderViewBuilder, FolderViewOptions, createFolderView } from './features/multiFile';
import { getContinuation, getSessionEdge } from './features/continueInFile';
import { linkedLogFiles } from './model/fileNames';
import { sniffLog } from './model/sniff';
import type { DocumentInfo, RedactResult, SniffResult } from '../../../protocol/src/documentTypes';
import type { NavigationResult, NavigationTarget } from '../../../protocol/src/navigationTypes';
import type { LogView, SessionQuery } from '../../../protocol/src/viewTypes';
import type { ContinuationResult, ContinueDirection, LinkedTargetResult, SessionEdgeResult } from '../../../protocol/src/multiFileTypes';

export type { FoldingModel, LogModel } from './model/logModel';
export type { LogKind } from './model/kinds';
export type { HoverOptions } from './features/hover';
export type { LinkContext } from './features/links';
export { configureL10n } from './l10n';

export interface LogLanguageService {
  parse(text: string, uri?: string, version?: number): LogModel;
  /**
   * A model for folding only, read faster: lines, headers and each record's session. `complete`
   * reads the rest; every other method needs a complete model.
   */
  parseForFolding(text: string, uri?: string, version?: number): FoldingModel;
  /** Completes a `parseForFolding` model in place (a complete model is returned as is). */
  complete(model: FoldingModel): LogModel;
  /**
   * Does, in slices, the work most requests after opening need: the record details a
   * `parseForFolding` model lacks, then every session's summary. Works until `stop()` says so;
   * returns true when all is done (a server calls it again between requests until then).
   */
  prepare(model: FoldingModel, stop: () => boolean): boolean;
  /** Builds the locale's number, date and plural formatters ahead of the first request. */
  warmUp(): void;
  /** The model of `text` = `model.text` plus appended text; parses only the new lines (a model for folding is completed first). */
  extend(model: FoldingModel, text: string, version: number): LogModel;
  /** `options.timeZone` (IANA name) sets the zone of local times; the process zone (the user's) by default. */
  doHover(model: LogModel, position: Position, options?: HoverOptions): Hover | null;
  getFoldingRanges(model: FoldingModel, options?: FoldingOptions): FoldingRange[];
  getDocumentSymbols(model: LogModel, options?: SymbolOptions): DocumentSymbol[];
  getDiagnostics(model: LogModel, options?: DiagnosticOptions): Diagnostic[];
  getDocumentInfo(model: LogModel, position?: Position): DocumentInfo;
  getCodeLenses(model: LogModel, options?: CodeLensOptions): CodeLens[];
  getInlayHints(model: LogModel, range: Range, options?: InlayHintOptions): InlayHint[];
  getNavigationTarget(model: LogModel, position: Position, target: NavigationTarget): NavigationResult;
  getDocumentHighlights(model: LogModel, position: Position): DocumentHighlight[];
  getReferences(model: LogModel, position: Position, includeDeclaration?: boolean): Location[];
  getDefinition(model: LogModel, position: Position): Location | null;
  getWorkspaceSymbols(models: readonly LogModel[], query: string, options?: WorkspaceSymbolOptions): SymbolInformation[];
  getSessionView(model: LogModel, query: SessionQuery): LogView;
  getGroupedView(model: LogModel): LogView;
  /** The whole log at a glance: timeline and top tables (the overview panel). */
  getOverview(model: LogModel): OverviewData;
  /** Locations in the other open logs linked to the field under the cursor (linked logs). */
  getLinkedLocations(model: LogModel, position: Position, others: readonly LogModel[]): Location[];
  /** Where the "Open in send/connectivity log" lens of `line` goes, or which files of the folder to open first. */
  getLinkedTarget(model: LogModel, line: number, context: LinkContext): LinkedTargetResult;
  /** A redacted copy of the log for a support ticket. */
  redact(model: LogModel): RedactResult;
  /** Several logs as one time-merged view: `add` each file's text, then `build`. */
  createFolderView(options?: FolderViewOptions): FolderViewBuilder;
  /** Where the session at `position` continues among `siblings` (the file names of its folder). */
  getContinuation(model: LogModel, position: Position, direction: ContinueDirection, siblings: readonly string[]): ContinuationResult;
  /** The first or last line of a session in a log. */
  getSessionEdge(model: LogModel, sessionId: string, edge: 'first' | 'last'): SessionEdgeResult;
  /** Whether the first lines of a document make it an Exchange log (header, or the shape of its lines). */
  sniff(text: string): SniffResult;
  /** The files of a folder listing (URIs) that are Exchange logs linked to other logs, for the link lenses. */
  linkedLogFiles(files: readonly string[]): string[];
}

export function getLanguageService(): LogLanguageService {
  return {
    parse: (text, uri, version) => parseLog(text, { uri, version }),
    parseForFolding: (text, uri, version) => parseLog(text, { uri, version, deferDetails: true }),
    complete: completeLog,
    prepare: (model, stop) => completeSome(model, stop) && prepareSummaries(model, stop),
    warmUp: warmUpFormatters,
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
    getLinkedLocations,
    getLinkedTarget,
    redact: redactLog,
    createFolderView,
    getContinuation,
    getSessionEdge,
    sniff: sniffLog,
    linkedLogFiles,
  };
}
