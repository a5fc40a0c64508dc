/**
 * Folding: header blocks, and each run of consecutive lines of one session.
 *
 * A whole interleaved session cannot be one folding range (a range hides every line between its
 * start and end, other sessions' lines included), so a session folds run by run. VS Code shows at
 * most `editor.foldingMaximumRegions` ranges (5000 by default; this extension raises it to 20 000
 * for Exchange logs) and, past it, keeps the first ones in the file. A busy log has far more runs,
 * so when there are more than `rangeLimit` this function chooses: every header block first, then
 * the longest runs (they hide the most lines: multi-line EHLO replies, TLS and certificate lines,
 * long recipient lists), earlier first among equals. The result is in document order.
 */
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { FoldingModel, LineType } from '../model/logModel';

export interface FoldingOptions {
  /** Most ranges returned; no limit when absent. */
  rangeLimit?: number;
}

export function getFoldingRanges(model: FoldingModel, options: FoldingOptions = {}): FoldingRange[] {
  const headers: FoldingRange[] = [];
  for (const b of model.blocks) {
    if (b.endLine > b.startLine) headers.push({ startLine: b.startLine, endLine: b.endLine, kind: FoldingRangeKind.Comment });
  }
  const runs: FoldingRange[] = [];
  const { lineType, lineRecord, records } = model;
  let runStart = -1;
  let runEnd = -1;
  let runSession = -1;
  const flush = () => {
    if (runSession >= 0 && runEnd > runStart) runs.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Region });
  };
  for (let line = 0; line < lineType.length; line++) {
    const type = lineType[line];
    if (type === LineType.Blank) continue;
    const session = type === LineType.Record ? records.session[lineRecord[line]] : -1;
    if (session >= 0 && session === runSession) {
      runEnd = line;
      continue;
    }
    flush();
    runSession = session;
    runStart = runEnd = line;
  }
  flush();
  const limit = options.rangeLimit;
  if (limit === undefined || headers.length + runs.length <= limit) {
    return mergeByLine(headers, runs);
  }
  const keep = Math.max(0, limit - headers.length);
  // Keep the longest runs (ties: earlier first), then restore document order.
  const order = new Int32Array(runs.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const len = (i: number) => runs[i].endLine - runs[i].startLine;
  const chosen = Array.from(order)
    .sort((a, b) => len(b) - len(a) || a - b)
    .slice(0, keep)
    .sort((a, b) => a - b)
    .map((i) => runs[i]);
  return mergeByLine(headers.slice(0, Math.max(0, limit)), chosen);
}

function mergeByLine(a: FoldingRange[], b: FoldingRange[]): FoldingRange[] {
  return [...a, ...b].sort((x, y) => x.startLine - y.startLine);
}
