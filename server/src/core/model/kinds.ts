/**
 * Log kinds and column layouts. The column order always comes from `#Fields`; when a file has no
 * header (an excerpt pasted from a ticket) the layout of a known kind is inferred from the line's shape.
 */
import type { LogKind } from '../../../../protocol/src/commonTypes';
import { decodeField, scanLine } from './scanner';

/** Declared with the protocol, which names kinds in its answers. */
export type { LogKind };
export { kindFromFileName } from './fileNames';

export const ALL_KINDS: readonly LogKind[] = [
  'smtpReceive', 'smtpSend', 'pop3', 'imap4', 'connectivity', 'messageTracking', 'w3c', 'generic',
];

/** Column roles the features care about; -1 when the layout has no such column. */
export interface ColumnLayout {
  readonly kind: LogKind;
  /** Column names, as written in `#Fields` (or inferred / numbered). */
  readonly names: readonly string[];
  /** Lower-cased names, for lookups. */
  readonly lower: readonly string[];
  readonly delimiter: ',' | ' ';
  /** True when the names were inferred from the line shape rather than read from `#Fields`. */
  readonly inferred: boolean;
  readonly time: number;
  /** W3C logs split date and time into two columns. */
  readonly date: number;
  readonly session: number;
  /**
   * W3C SMTP logs: the column that names the session when the session column holds `-`
   * (`c-ip` behind `cs-username`); -1 otherwise.
   */
  readonly sessionFallback: number;
  readonly seq: number;
  readonly event: number;
  readonly connector: number;
  readonly local: number;
  readonly remote: number;
  readonly data: number;
  readonly context: number;
  readonly user: number;
  readonly command: number;
}

export const SMTP_FIELDS = [
  'date-time', 'connector-id', 'session-id', 'sequence-number', 'local-endpoint', 'remote-endpoint',
  'event', 'data', 'context',
];
export const POP_IMAP_FIELDS = [
  'dateTime', 'sessionId', 'seqNumber', 'sIp', 'cIp', 'user', 'duration', 'rqsize', 'rpsize',
  'command', 'parameters', 'context', 'puid',
];
export const CONNECTIVITY_FIELDS = ['date-time', 'session', 'source', 'Destination', 'direction', 'description'];
export const MSGTRK_FIELDS_2016 = [
  'date-time', 'client-ip', 'client-hostname', 'server-ip', 'server-hostname', 'source-context',
  'connector-id', 'source', 'event-id', 'internal-message-id', 'message-id', 'network-message-id',
  'recipient-address', 'recipient-status', 'total-bytes', 'recipient-count', 'related-recipient-address',
  'reference', 'message-subject', 'sender-address', 'return-path', 'message-info', 'directionality',
  'tenant-id', 'original-client-ip', 'original-server-ip', 'custom-data', 'transport-traffic-type',
  'log-id', 'schema-version',
];
/** Exchange 2010 message tracking: no network-message-id and nothing after custom-data. */
export const MSGTRK_FIELDS_2010 = MSGTRK_FIELDS_2016.filter((f) => f !== 'network-message-id').slice(0, 26);
/** Exchange 2013: 2010 plus network-message-id. */
export const MSGTRK_FIELDS_2013 = MSGTRK_FIELDS_2016.slice(0, 27);

function find(lower: readonly string[], ...names: string[]): number {
  for (const n of names) {
    const i = lower.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

export function makeLayout(kind: LogKind, names: readonly string[], delimiter: ',' | ' ', inferred: boolean): ColumnLayout {
  const lower = names.map((n) => n.trim().toLowerCase());
  const isMsgTrk = kind === 'messageTracking';
  // IIS SMTP (Exchange 2000/2003) writes the SMTP session id (or the HELO name) in cs-username;
  // lines before HELO have `-` there and fall back to the client IP.
  const w3cUser = kind === 'w3c' ? find(lower, 'cs-username') : -1;
  const w3cClient = kind === 'w3c' ? find(lower, 'c-ip') : -1;
  const session = isMsgTrk ? find(lower, 'internal-message-id')
    : kind === 'w3c' ? (w3cUser >= 0 ? w3cUser : w3cClient)
      : find(lower, 'session-id', 'sessionid', 'session');
  return {
    kind,
    names,
    lower,
    delimiter,
    inferred,
    time: find(lower, 'date-time', 'datetime', 'timestamp', 'time', 'mytimestamp'),
    date: kind === 'w3c' ? find(lower, 'date') : -1,
    session,
    sessionFallback: w3cUser >= 0 && w3cClient >= 0 ? w3cClient : -1,
    seq: find(lower, 'sequence-number', 'seqnumber'),
    event: kind === 'smtpReceive' || kind === 'smtpSend' ? find(lower, 'event') : kind === 'connectivity' ? find(lower, 'direction') : -1,
    connector: find(lower, 'connector-id'),
    local: find(lower, 'local-endpoint', 'sip', 's-ip', 'server-ip'),
    remote: find(lower, 'remote-endpoint', 'cip', 'c-ip', 'client-ip'),
    data: find(lower, 'data', 'description'),
    context: find(lower, 'context', 'source-context'),
    user: find(lower, 'user', 'cs-username', 'sender-address'),
    command: find(lower, 'command', 'cs-method', 'event-id'),
  };
}

/** Kind from the `#Log-type` directive value (and `#Software` for W3C logs). */
export function kindFromLogType(logType: string | undefined, software: string | undefined): LogKind | undefined {
  const t = (logType ?? '').trim().toLowerCase();
  if (t.includes('smtp receive')) return 'smtpReceive';
  if (t.includes('smtp send')) return 'smtpSend';
  if (t.startsWith('pop3')) return 'pop3';
  if (t.startsWith('imap4')) return 'imap4';
  if (t.includes('connectivity')) return 'connectivity';
  if (t.includes('message tracking')) return 'messageTracking';
  if (t) return 'generic';
  if ((software ?? '').toLowerCase().includes('internet information services')) return 'w3c';
  return undefined;
}

const ISO_START = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
const HEX16 = /^[0-9A-Fa-f]{16}$/;
const EVENT = /^[+\-><*]?$/;

/**
 * Guesses the layout of a header-less record from its values. Returns undefined when the line
 * does not look like any known kind.
 */
export function inferKindFromValues(values: readonly string[], hint?: LogKind): LogKind | undefined {
  const n = values.length;
  if (n === 0 || !ISO_START.test(values[0])) {
    if (n >= 8 && /^\d{4}-\d\d-\d\d$/.test(values[0] ?? '') && /^\d\d:\d\d:\d\d/.test(values[1] ?? '')) return 'w3c';
    return undefined;
  }
  if (n === 9 && EVENT.test(values[6]) && /^\d*$/.test(values[3])) {
    if (hint === 'smtpReceive' || hint === 'smtpSend') return hint;
    return 'smtpReceive';
  }
  if ((n === 12 || n === 13) && HEX16.test(values[1]) && /^-?\d+$/.test(values[2])) {
    if (hint === 'pop3' || hint === 'imap4') return hint;
    const ports = `${values[3]} ${values[4]}`;
    if (/:(110|995|1110|1995)\b/.test(ports)) return 'pop3';
    return 'imap4';
  }
  if (n === 6 && EVENT.test(values[4])) return 'connectivity';
  if (n === 26 || n === 27 || n === 30) return 'messageTracking';
  return undefined;
}

/** The default `#Fields` of a kind, used when a file has no header. */
export function defaultFields(kind: LogKind, count: number): string[] | undefined {
  switch (kind) {
    case 'smtpReceive':
    case 'smtpSend':
      return SMTP_FIELDS;
    case 'pop3':
    case 'imap4':
      return POP_IMAP_FIELDS.slice(0, Math.max(12, Math.min(count, 13)));
    case 'connectivity':
      return CONNECTIVITY_FIELDS;
    case 'messageTracking':
      return count === 26 ? MSGTRK_FIELDS_2010 : count === 27 ? MSGTRK_FIELDS_2013 : MSGTRK_FIELDS_2016;
    default:
      return undefined;
  }
}

/** Numbered column names for a layout we cannot name. */
export function numberedFields(count: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= count; i++) out.push(`column ${i}`);
  return out;
}

/** Kind from the names in `#Fields` (a header without `#Log-type`); `fileKind` tells receive from send and POP3 from IMAP4. */
export function kindFromFieldNames(fields: string[], fileKind: LogKind | undefined): LogKind | undefined {
  const lower = fields.map((f) => f.toLowerCase()).join(',');
  if (lower === SMTP_FIELDS.join(',')) return fileKind === 'smtpSend' ? 'smtpSend' : 'smtpReceive';
  if (lower.startsWith(POP_IMAP_FIELDS.slice(0, 12).join(',').toLowerCase())) return fileKind === 'pop3' ? 'pop3' : 'imap4';
  if (lower === 'date-time,session,source,destination,direction,description') return 'connectivity';
  if (lower.startsWith('date-time,client-ip,client-hostname,server-ip')) return 'messageTracking';
  return undefined;
}

/**
 * The layout of a record line text[start, end) that no `#Fields` names: a known kind's when the
 * line's values look like one (`inferKindFromValues`), else numbered columns.
 */
export function inferLayout(text: string, start: number, end: number, fileKind: LogKind | undefined, blockKind: LogKind | undefined): ColumnLayout {
  const comma = scanLine(text, start, end, ',');
  const values: string[] = [];
  for (let i = 0; i < comma.spans.length; i += 2) values.push(decodeField(text, comma.spans[i], comma.spans[i + 1]));
  let kind = inferKindFromValues(values, blockKind ?? fileKind);
  if (kind === 'w3c' || (!kind && (fileKind === 'w3c' || blockKind === 'w3c'))) {
    const space = scanLine(text, start, end, ' ');
    return makeLayout('w3c', numberedFields(space.spans.length >> 1), ' ', true);
  }
  if (kind === 'smtpReceive' && !blockKind && !fileKind) kind = guessSmtpDirection(text, start);
  const names = kind ? defaultFields(kind, values.length) : undefined;
  if (kind && names) return makeLayout(kind, names, ',', true);
  return makeLayout(blockKind ?? fileKind ?? 'generic', numberedFields(values.length), ',', true);
}

/** Without a header or file name, a send log shows `attempting to connect` or a banner we receive (in the 20,000 characters from `start`). */
function guessSmtpDirection(text: string, start: number): LogKind {
  const sample = text.slice(start, Math.min(text.length, start + 20000));
  if (/,\*,[^,\r\n]*,attempting to connect|,<,220 |sending message with RecordId|Send Connector/i.test(sample)) return 'smtpSend';
  return 'smtpReceive';
}
