/** Hover: the column under the cursor, what it means for this log kind, and its value. */
import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { columnMeaning } from '../facts/columns';
import { directiveMeaning } from '../facts/directives';
import { eventMeaning } from '../facts/events';
import { kindName } from '../facts/kinds';
import { plural, t } from '../l10n';
import { LineType, LogModel, columnName, recordFields } from '../model/logModel';
import { decodeField } from '../model/scanner';
import { codeBlock, escapeMarkdown, truncate } from '../util/markdown';
import { offsetAt, spanOnLine } from '../util/positions';

const MAX_VALUE = 2000;

export function doHover(model: LogModel, position: Position): Hover | null {
  const line = position.line;
  if (line < 0 || line >= model.lineStarts.length) return null;
  const offset = offsetAt(model, position);
  const type = model.lineType[line];
  if (type === LineType.Directive) return directiveHover(model, line, offset);
  if (type === LineType.FieldNames) {
    return markdown([`**${escapeMarkdown(t('Column names'))}**`, escapeMarkdown(t('A bare row of column names that some Exchange logs write before the header.'))]);
  }
  if (type !== LineType.Record) return null;
  const rec = model.records[model.lineRecord[line]];
  const spans = recordFields(model, rec);
  let col = -1;
  for (let i = 0; i < spans.length; i += 2) {
    // The delimiter after a field belongs to that field for hovering.
    const next = i + 2 < spans.length ? spans[i + 2] : rec.end + 1;
    if (offset >= spans[i] && offset < next) {
      col = i >> 1;
      break;
    }
  }
  if (col < 0) return null;
  const layout = rec.layout;
  const name = columnName(layout, col);
  const value = decodeField(model.text, spans[col * 2], spans[col * 2 + 1], layout.delimiter);
  const parts: string[] = [];
  const count = Math.max(layout.names.length, spans.length >> 1);
  parts.push(`**${escapeMarkdown(name)}** · ${escapeMarkdown(t('column {0} of {1}', col + 1, count))} · ${escapeMarkdown(kindName(layout.kind))}`);
  const meaning = columnMeaning(layout.kind, name);
  if (meaning) parts.push(escapeMarkdown(t(meaning)));
  else if (col >= layout.names.length) parts.push(escapeMarkdown(t('This column is not named by #Fields.')));
  if (layout.inferred) parts.push(`_${escapeMarkdown(t('The file has no #Fields header here; the column names are inferred from the line shape.'))}_`);
  if (col === layout.event && value.length > 0) {
    const ev = eventMeaning(value);
    if (ev) parts.push(escapeMarkdown(t(ev)));
  }
  if (value.length > 0) parts.push(codeBlock(truncate(value, MAX_VALUE)));
  return { ...markdown(parts), range: spanOnLine(model, line, spans[col * 2], spans[col * 2 + 1]) };
}

function directiveHover(model: LogModel, line: number, _offset: number): Hover | null {
  const d = model.directives.find((x) => x.line === line);
  if (!d) return null;
  const parts = [`**${escapeMarkdown('#' + d.name)}**`];
  const meaning = directiveMeaning(d.name);
  if (meaning) parts.push(escapeMarkdown(t(meaning)));
  if (d.name.toLowerCase() === 'log-type') {
    const block = model.blocks.find((b) => b.startLine <= line && line <= b.endLine);
    if (block) parts.push(escapeMarkdown(t('Recognised as: {0}', kindName(block.kind))));
  }
  if (d.name.toLowerCase() === 'fields') {
    const block = model.blocks.find((b) => b.startLine <= line && line <= b.endLine);
    if (block?.fields) parts.push(escapeMarkdown(plural(block.fields.length, '{0} column', '{0} columns')));
  }
  if (d.damaged) parts.push(`_${escapeMarkdown(t('The # before this directive is missing; it is read as a directive anyway.'))}_`);
  return { ...markdown(parts), range: spanOnLine(model, line, d.nameStart, d.valueEnd) };
}

function markdown(parts: string[]): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') } };
}
