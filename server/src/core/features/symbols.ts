/** Document symbols: the header blocks, and one symbol per session. */
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { plural, t } from '../l10n';
import { LogModel, fieldValue, recordFields } from '../model/logModel';
import { sanitizeControls, truncate } from '../util/markdown';
import { linesRange, spanOnLine } from '../util/positions';

export interface SymbolOptions {
  resultLimit?: number;
}

export function getDocumentSymbols(model: LogModel, options: SymbolOptions = {}): DocumentSymbol[] {
  const out: { line: number; symbol: DocumentSymbol }[] = [];
  for (const b of model.blocks) {
    const detail = [b.logType, b.date].filter((x): x is string => !!x).map(clean).join(' · ');
    const range = linesRange(model, b.startLine, b.endLine);
    out.push({
      line: b.startLine,
      symbol: {
        name: t('Header: {0}', kindName(b.kind)),
        detail,
        kind: SymbolKind.Namespace,
        range,
        selectionRange: range,
      },
    });
  }
  const limit = options.resultLimit ?? Number.MAX_SAFE_INTEGER;
  for (const s of model.sessions) {
    if (out.length >= limit) break;
    const first = model.records[s.records[0]];
    const last = model.records[s.records[s.records.length - 1]];
    const spans = recordFields(model, first);
    const col = first.layout.session;
    const remote = fieldValue(model, first, first.layout.remote, spans);
    const name = [clean(s.id), remote ? clean(remote) : ''].filter((x) => x.length > 0).join(' · ');
    const range = linesRange(model, first.line, last.line);
    const selectionRange = col >= 0 && col * 2 < spans.length
      ? spanOnLine(model, first.line, spans[col * 2], spans[col * 2 + 1])
      : linesRange(model, first.line, first.line);
    out.push({
      line: first.line,
      symbol: {
        name: name || t('(session)'),
        detail: plural(s.records.length, '{0} event', '{0} events'),
        kind: SymbolKind.Event,
        range,
        selectionRange,
      },
    });
  }
  out.sort((a, b) => a.line - b.line);
  return out.map((x) => x.symbol);
}

function clean(s: string): string {
  const v = truncate(sanitizeControls(s).replace(/\s+/g, ' ').trim(), 120);
  return v.length > 0 ? v : '?';
}
