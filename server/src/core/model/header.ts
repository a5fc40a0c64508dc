/**
 * Header blocks: the `#Software`, `#Version`, `#Log-type`, `#Date` and `#Fields` directives that
 * open a log (and open it again where files were joined), and the kind and column layout each block
 * gives the records below it.
 */
import { LogKind, defaultFields, kindFromFieldNames, kindFromLogType, makeLayout } from './kinds';
import { Directive, HeaderBlock, LineTable, LineType, Problem } from './types';

/** What the parser carries from line to line about headers. */
export interface HeaderState {
  /** The kind the file name says, if any. */
  readonly fileKind: LogKind | undefined;
  readonly directives: Directive[];
  readonly blocks: HeaderBlock[];
  problems: Problem[];
  /** The block being read (its directives so far), until a record line ends it. */
  current: HeaderBlock | undefined;
  /** The last finished block: its layout applies to the records below. */
  active: HeaderBlock | undefined;
  /** The last line read was a directive. */
  prevWasDirective: boolean;
  /** The first line that is not blank, -1 before it. */
  firstContentLine: number;
  /** The lower-cased `#Fields` of the last block, to report a change. */
  lastFieldsKey: string | undefined;
}

/** A directive whose `#` a page renderer ate. */
const DAMAGED_DIRECTIVE = /^(Software|Version|Log-type|Date|Fields): /i;

/**
 * A line that may belong to a header: a directive (also one whose `#` a page renderer ate), or the
 * bare field-name row some copies start with. Returns the line's type, `LineType.Record` when it is
 * none of these.
 */
export function headerLine(state: HeaderState, lines: LineTable, line: number, start: number, end: number): LineType {
  const text = lines.text;
  let directive: Directive | undefined;
  if (text.charCodeAt(start) === 35 /* # */) {
    directive = readDirective(text, line, start, end, false);
  } else if (DAMAGED_DIRECTIVE.test(text.slice(start, Math.min(end, start + 12)))) {
    directive = readDirective(text, line, start, end, true);
    state.problems.push({ code: 'damaged-directive', line, start, end: directive.nameEnd, args: [directive.name] });
  } else if (line === state.firstContentLine && nextLineStartsHeader(lines, line + 1)) {
    return LineType.FieldNames;
  } else {
    return LineType.Record;
  }
  state.directives.push(directive);
  const name = directive.name.toLowerCase();
  let current = state.current;
  if (!current || !state.prevWasDirective || (name === 'software' && current.directives.some((d) => d.name.toLowerCase() !== 'software'))) {
    if (current) finishBlock(state, lines.lineEnds);
    current = {
      index: state.blocks.length, startLine: line, endLine: line, directives: [],
      software: undefined, version: undefined, logType: undefined, date: undefined, fields: undefined,
      kind: 'generic', layout: makeLayout('generic', [], ',', true),
    };
    state.blocks.push(current);
    state.current = current;
  }
  current.endLine = line;
  current.directives.push(directive);
  switch (name) {
    case 'software': current.software = directive.value; break;
    case 'version': current.version = directive.value; break;
    case 'log-type': current.logType = directive.value; break;
    case 'date': current.date = directive.value; break;
    case 'fields': {
      const value = directive.value;
      const separator = value.includes(',') ? ',' : ' ';
      current.fields = value.split(separator).map((x) => x.trim()).filter((x, i, all) => x.length > 0 || i < all.length - 1);
      break;
    }
  }
  state.prevWasDirective = true;
  return LineType.Directive;
}

/** Ends the header block being read: its kind and column layout now apply to the records below. */
export function finishBlock(state: HeaderState, lineEnds: number[]): void {
  const block = state.current;
  if (!block) return;
  const { problems, fileKind } = state;
  const fields = block.fields;
  let kind = kindFromLogType(block.logType, block.software);
  let delimiter: ',' | ' ' = ',';
  const fieldsDirective = block.directives.find((d) => d.name.toLowerCase() === 'fields');
  if (kind === 'w3c' || (fieldsDirective && !fieldsDirective.value.includes(',') && fieldsDirective.value.trim().includes(' '))) {
    delimiter = ' ';
    if (!kind || kind === 'generic') kind = 'w3c';
  }
  if (!kind && fields) kind = kindFromFieldNames(fields, fileKind);
  if (!kind) kind = fileKind ?? 'generic';
  block.kind = kind;
  if (fields) {
    block.layout = makeLayout(kind, fields, delimiter, false);
    const key = fields.join(',').toLowerCase();
    if (state.lastFieldsKey !== undefined && key !== state.lastFieldsKey && fieldsDirective) {
      problems.push({ code: 'fields-changed', line: fieldsDirective.line, start: fieldsDirective.valueStart, end: fieldsDirective.valueEnd, args: [] });
    }
    state.lastFieldsKey = key;
  } else {
    const first = block.directives[0];
    problems.push({ code: 'missing-fields', line: first.line, start: first.nameStart, end: lineEnds[block.endLine], args: [] });
    const names = defaultFields(kind, 0);
    block.layout = makeLayout(kind, names ?? [], delimiter, true);
  }
  const names = new Set(block.directives.map((d) => d.name.toLowerCase()));
  const missing = ['software', 'version', 'log-type', 'date', 'fields'].filter((n) => !names.has(n) && n !== 'fields');
  if (missing.length > 0 && kind !== 'w3c' && block.fields) {
    const first = block.directives[0];
    problems.push({ code: 'partial-header', line: first.line, start: first.nameStart, end: lineEnds[block.endLine], args: [missing.map(displayDirective).join(', ')] });
  }
  state.active = block;
  state.current = undefined;
}

function readDirective(text: string, line: number, start: number, end: number, damaged: boolean): Directive {
  const nameStart = start;
  const from = damaged ? start : start + 1;
  const colon = text.indexOf(':', from);
  let nameEnd: number;
  let valueStart: number;
  if (colon < 0 || colon >= end) {
    nameEnd = end;
    valueStart = end;
  } else {
    nameEnd = colon + 1;
    valueStart = colon + 1;
    while (valueStart < end && text.charCodeAt(valueStart) === 32) valueStart++;
  }
  const name = text.slice(from, colon < 0 || colon >= end ? end : colon).trim();
  let valueEnd = end;
  while (valueEnd > valueStart && (text.charCodeAt(valueEnd - 1) === 32 || text.charCodeAt(valueEnd - 1) === 9)) valueEnd--;
  return { line, name, value: text.slice(valueStart, valueEnd), nameStart, nameEnd, valueStart, valueEnd, damaged };
}

/** `log-type` as `#Log-type`, for the message that lists missing directives. */
function displayDirective(name: string): string {
  return '#' + name.split('-').map((part, i) => (i === 0 ? part[0].toUpperCase() + part.slice(1) : part)).join('-');
}

function nextLineStartsHeader(lines: LineTable, line: number): boolean {
  const { text, lineStarts, lineEnds } = lines;
  if (line >= lineStarts.length) return false;
  let start = lineStarts[line];
  while (start < lineEnds[line] && text.charCodeAt(start) === 0xfeff) start++;
  return text.startsWith('#Software', start) || text.startsWith('#software', start);
}
