import { Position, Range } from 'vscode-languageserver-types';
import { LogModel, lineAt } from '../model/logModel';

export function positionAt(model: LogModel, offset: number): Position {
  const o = Math.max(0, Math.min(offset, model.text.length));
  const line = lineAt(model, o);
  return { line, character: Math.min(o, model.lineEnds[line]) - model.lineStarts[line] };
}

/** Offset of a position, clamped into the document (positions past the end are tolerated). */
export function offsetAt(model: LogModel, pos: Position): number {
  if (pos.line < 0) return 0;
  if (pos.line >= model.lineStarts.length) return model.text.length;
  const start = model.lineStarts[pos.line];
  return Math.max(start, Math.min(start + Math.max(0, pos.character), model.lineEnds[pos.line]));
}

export function rangeOf(model: LogModel, start: number, end: number): Range {
  return { start: positionAt(model, start), end: positionAt(model, Math.max(start, end)) };
}

/** Range of a line's content, computed without a search. */
export function lineRange(model: LogModel, line: number): Range {
  return {
    start: { line, character: 0 },
    end: { line, character: model.lineEnds[line] - model.lineStarts[line] },
  };
}

/** Range from `line` start to the end of `endLine`'s content. */
export function linesRange(model: LogModel, line: number, endLine: number): Range {
  return {
    start: { line, character: 0 },
    end: { line: endLine, character: model.lineEnds[endLine] - model.lineStarts[endLine] },
  };
}

/** Range of [start, end) on one known line. */
export function spanOnLine(model: LogModel, line: number, start: number, end: number): Range {
  const ls = model.lineStarts[line];
  return { start: { line, character: start - ls }, end: { line, character: Math.max(start, end) - ls } };
}
