/**
 * Folding: header blocks, and each run of consecutive lines of one session. When there are more
 * ranges than the client shows (`rangeLimit`), the header blocks and the longest runs are kept.
 */
import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { LineType, LogModel } from '../model/logModel';

export interface FoldingOptions {
  rangeLimit?: number;
}

export function getFoldingRanges(model: LogModel, options: FoldingOptions = {}): FoldingRange[] {
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
    const session = type === LineType.Record ? records[lineRecord[line]].session : -1;
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
  const chosen = runs
    .map((r, i) => ({ r, i, len: r.endLine - r.startLine }))
    .sort((a, b) => b.len - a.len || a.i - b.i)
    .slice(0, keep)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.r);
  return mergeByLine(headers.slice(0, limit), chosen);
}

function mergeByLine(a: FoldingRange[], b: FoldingRange[]): FoldingRange[] {
  return [...a, ...b].sort((x, y) => x.startLine - y.startLine);
}
