/**
 * Hover: the column under the cursor, what it means for this log kind, and what its value means —
 * times in the user's zone, a summary of the whole session, reply and status codes, context
 * strings, endpoints, POP3/IMAP4 context parts, connectivity descriptions, tracking events.
 * Only the hovered record (and the memoised session summary) is read: no whole-file work.
 * Every piece of log text is escaped (see `explain/md.ts`). The one live link a hover may carry is
 * "Trace this message" (`command:exchangeLog.traceMessage`, with `traceLinks`): the client trusts that
 * command alone, and the link's arguments are the message id encoded so that nothing in it can end
 * the link or add another.
 */
import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { columnMeaning } from '../facts/columns';
import { connectivityDestinationMeaning, connectivityDirectionMeaning, connectivitySourceMeaning } from '../facts/connectivity';
import { directiveMeaning } from '../facts/directives';
import { eventMeaning } from '../facts/events';
import { kindName } from '../facts/kinds';
import { plural, t } from '../l10n';
import { LineType, LogModel, LogRecord, columnName, recordFields } from '../model/logModel';
import { parseTime } from '../model/time';
import { recordValues } from '../model/values';
import { formatByteCount, formatInstant } from '../util/format';
import { codeBlock, escapeMarkdown, truncate } from '../util/markdown';
import { offsetAt, spanOnLine } from '../util/positions';
import { explainDescription } from '../explain/connectivity';
import { explainEndpoint, explainPort } from '../explain/endpoint';
import { esc, field, gloss, note } from '../explain/md';
import { explainPopImapCommand, explainPopImapContext, explainPopImapParameters } from '../explain/popImap';
import { TimeOptions, explainSequence, explainSession, explainTime } from '../explain/session';
import { explainCommand, explainReply, explainSmtpContext, explainSmtpData, isReply } from '../explain/smtp';
import { explainTrackingField } from '../explain/tracking';

const MAX_VALUE = 2000;

export interface HoverOptions extends TimeOptions {
  /** Offer "Trace this message" as a `command:exchangeLog.traceMessage` link on message ids, `250 2.6.0` replies and tracking rows. */
  traceLinks?: boolean;
}

export function doHover(model: LogModel, position: Position, options: HoverOptions = {}): Hover | null {
  const line = position.line;
  if (line < 0 || line >= model.lineStarts.length) return null;
  const offset = offsetAt(model, position);
  const type = model.lineType[line];
  if (type === LineType.Directive) return directiveHover(model, line, options);
  if (type === LineType.FieldNames) {
    return markdown([`**${escapeMarkdown(t('Column names'))}**`, escapeMarkdown(t('A bare row of column names that some Exchange logs write before the header.'))]);
  }
  if (type !== LineType.Record) return null;
  const rec = model.records.get(model.lineRecord[line]);
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
  // values shown to a person: comma-separated records decoded by csv-parse (see `recordValues`)
  const values = recordValues(model, rec, spans);
  const value = values[col] ?? '';
  const parts: string[] = [];
  const count = Math.max(layout.names.length, spans.length >> 1);
  parts.push(`**${escapeMarkdown(name)}** · ${escapeMarkdown(t('column {0} of {1}', col + 1, count))} · ${escapeMarkdown(kindName(layout.kind))}`);
  const meaning = columnMeaning(layout.kind, name);
  if (meaning) parts.push(escapeMarkdown(t(meaning)));
  else if (col >= layout.names.length) parts.push(escapeMarkdown(t('This column is not named by #Fields.')));
  if (layout.inferred) parts.push(`_${escapeMarkdown(t('The file has no #Fields header here; the column names are inferred from the line shape.'))}_`);
  if (col === layout.event && value.length > 0) {
    const ev = layout.kind === 'connectivity' ? connectivityDirectionMeaning(value) : eventMeaning(value);
    if (ev) parts.push(escapeMarkdown(t(ev)));
  }
  if (value.length > 0) parts.push(codeBlock(truncate(value, MAX_VALUE)));
  const get = (c: number) => values[c] ?? '';
  parts.push(...explainValue(model, rec, col, value, get, options));
  if (options.traceLinks) {
    const id = messageToTrace(layout, col, value, get);
    if (id) parts.push(traceLink(id));
  }
  return { ...markdown(parts), range: spanOnLine(model, line, spans[col * 2], spans[col * 2 + 1]) };
}

/** `250 2.6.0 <id@host> [InternalId=…]` */
const ACCEPTED_REPLY = /^2\d\d\s+2\.6\.0\s+(<[^>\s]*>)/;
/** `sending message with RecordId N and InternetMessageId <id@host>` */
const SENDING_MESSAGE = /^sending message with RecordId \d+ and InternetMessageId (<[^>\s]*>)/i;
/** Tracking columns whose hover offers to trace the row's message (`reference`: the message a DSN reports on). */
const TRACKING_TRACE_COLUMNS = new Set(['message-id', 'internal-message-id', 'network-message-id', 'event-id']);

/** The message id a hovered value names, when the hover should offer to trace it. */
function messageToTrace(l: LogRecord['layout'], col: number, value: string, get: (c: number) => string): string | undefined {
  if (l.kind === 'smtpReceive' || l.kind === 'smtpSend') {
    if (col === l.data) return ACCEPTED_REPLY.exec(value.trim())?.[1];
    if (col === l.context) return SENDING_MESSAGE.exec(value.trim())?.[1] ?? ACCEPTED_REPLY.exec(value.trim())?.[1];
    return undefined;
  }
  if (l.kind !== 'messageTracking') return undefined;
  const name = l.lower[col] ?? '';
  if (name === 'reference') return /^<[^>\s]*>$/.test(value.trim()) ? value.trim() : undefined;
  if (!TRACKING_TRACE_COLUMNS.has(name)) return undefined;
  const at = l.lower.indexOf('message-id');
  const id = at >= 0 ? get(at).trim() : '';
  return id.length > 0 && id.length <= 998 ? id : undefined;
}

/**
 * `[Trace this message](command:exchangeLog.traceMessage?ARGS)`: ARGS is the JSON of `[{ messageId }]`
 * percent-encoded, `(`, `)` and every other character that could end the link or the URI included.
 */
function traceLink(messageId: string): string {
  const args = encodeURIComponent(JSON.stringify([{ messageId }])).replace(/[!'()*~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `[${escapeMarkdown(t('Trace this message'))}](command:exchangeLog.traceMessage?${args} "${escapeMarkdown(t('Follow it across the log collection'))}")`;
}

/** What the value means, by the column's role and the log kind. */
function explainValue(model: LogModel, rec: LogRecord, col: number, value: string, get: (c: number) => string, options: HoverOptions): string[] {
  const l = rec.layout;
  const name = l.lower[col] ?? '';
  if (col === l.time || col === l.date) return explainTime(model, rec, options);
  if (col === l.session && rec.session >= 0) return explainSession(model, rec.session, options);
  if (col === l.seq) return explainSequence(model, rec);
  if (value.trim().length === 0) return [];
  if (col === l.local || col === l.remote || /^(?:client-ip|server-ip|original-client-ip|original-server-ip|s-ip|c-ip)$/.test(name)) {
    return explainEndpoint(value);
  }
  switch (l.kind) {
    case 'smtpReceive':
    case 'smtpSend':
      if (col === l.data) return explainSmtpData(value, rec.event, get(l.context), rec.time);
      if (col === l.context) return smtpContext(model, value, get(l.data), rec.time);
      return [];
    case 'pop3':
    case 'imap4':
      if (col === l.command) return explainPopImapCommand(l.kind, value);
      if (name === 'parameters') return explainPopImapParameters(l.kind, get(l.command), value);
      if (col === l.context) return explainPopImapContext(value);
      if (name === 'duration' && /^\d+$/.test(value)) return [esc(t('{0} ms', value))];
      if ((name === 'rqsize' || name === 'rpsize') && /^\d+$/.test(value)) return [esc(formatByteCount(+value))];
      return [];
    case 'connectivity': {
      if (name === 'source') {
        const m = connectivitySourceMeaning(value);
        return m ? [field(esc(value), gloss(m))] : [];
      }
      if (name === 'destination') {
        const m = connectivityDestinationMeaning(value);
        return m ? [field(esc(value), gloss(m))] : [];
      }
      if (col === l.data) return explainDescription(value, rec.event);
      return [];
    }
    case 'messageTracking': {
      if (name === 'message-info' || name === 'original-arrival-time') {
        const first = value.split(';')[0];
        const ms = parseTime(first);
        if (!Number.isNaN(ms)) return [field(esc(t('Local time:')), esc(formatInstant(ms, options.timeZone)))];
      }
      return explainTrackingField(name, value);
    }
    case 'w3c':
      if (name === 'cs-method') return explainCommand(value);
      if (name === 'sc-status' && isReply(value)) return explainReply(value);
      if (name === 's-port') return explainPort(value);
      if (name === 'cs-uri-query') return [field(esc(t('With + read as spaces:')), esc(value.replace(/\+/g, ' ')))];
      if (name === 'time-taken' && /^\d+$/.test(value)) return [esc(t('{0} ms', value))];
      if ((name === 'sc-bytes' || name === 'cs-bytes') && /^\d+$/.test(value)) return [esc(formatByteCount(+value))];
      return [];
    default:
      return [];
  }
}

function smtpContext(model: LogModel, context: string, data: string, at: number): string[] {
  const out = explainSmtpContext(context, data, at);
  const proxied = /^Proxying inbound session with session id (\S+)/i.exec(context.trim());
  if (proxied) {
    const si = model.sessionById.get(proxied[1]);
    out.push(note(esc(si !== undefined ? t('That session is in this file too.') : t('That session is not in this file: look in the receive log of the front end.'))));
  }
  if (out.length === 0 && isReply(context)) return explainReply(context);
  return out;
}

const EXCHANGE_BUILDS: readonly [RegExp, string][] = [
  [/^15\.0?2\./, 'Exchange Server 2019 (or Subscription Edition)'],
  [/^15\.0?1\./, 'Exchange Server 2016'],
  [/^15\.0?0\./, 'Exchange Server 2013'],
  [/^14\./, 'Exchange Server 2010'],
  [/^8\./, 'Exchange Server 2007'],
];

function directiveHover(model: LogModel, line: number, options: HoverOptions): Hover | null {
  const d = model.directives.find((x) => x.line === line);
  if (!d) return null;
  const parts = [`**${escapeMarkdown('#' + d.name)}**`];
  const meaning = directiveMeaning(d.name);
  if (meaning) parts.push(escapeMarkdown(t(meaning)));
  const lname = d.name.toLowerCase();
  const block = model.blocks.find((b) => b.startLine <= line && line <= b.endLine);
  if (lname === 'log-type' && block) parts.push(escapeMarkdown(t('Recognised as: {0}', kindName(block.kind))));
  if (lname === 'fields' && block?.fields) parts.push(escapeMarkdown(plural(block.fields.length, '{0} column', '{0} columns')));
  if (lname === 'version') {
    const v = d.value.trim();
    const product = EXCHANGE_BUILDS.find(([re]) => re.test(v));
    if (/^\d+\.0+\.0+\.0+$/.test(v)) parts.push(esc(t('A generic version number that does not tell the exact build.')));
    else if (product && block?.kind !== 'w3c') parts.push(esc(t('Written by {0}.', product[1])));
  }
  if (lname === 'date') {
    const ms = parseTime(d.value.trim());
    if (!Number.isNaN(ms)) parts.push(field(esc(t('Local time:')), esc(formatInstant(ms, options.timeZone))));
  }
  if (d.damaged) parts.push(`_${escapeMarkdown(t('The # before this directive is missing; it is read as a directive anyway.'))}_`);
  return { ...markdown(parts), range: spanOnLine(model, line, d.nameStart, d.valueEnd) };
}

/** Blocks are paragraphs; consecutive list items stay one list. */
function markdown(parts: string[]): Hover {
  let value = '';
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) value += isItem(parts[i]) && isItem(parts[i - 1]) ? '\n' : '\n\n';
    value += parts[i];
  }
  return { contents: { kind: MarkupKind.Markdown, value } };
}

function isItem(s: string): boolean {
  return s.startsWith('- ') || s.startsWith('  - ');
}
