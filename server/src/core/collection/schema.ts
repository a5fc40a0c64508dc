/**
 * What the collection index keeps of each session and of each message-tracking event: the columns of
 * the two tables (`table.ts`) and the codes of their small enumerations. `str` columns hold string ids.
 */
import type { CertificateDetails } from '../facts/certificates';
import { ALL_KINDS, LogKind } from '../model/kinds';
import { Outcome } from '../summary/sessionSummary';
import { ColumnSpec } from './table';

const col = <N extends string>(name: N, type: ColumnSpec['type']) => ({ name, type }) as const;
const str = <N extends string>(name: N) => col(name, 'str');

export const SESSION_COLUMNS = [
  col('kind', 'u8'),
  col('outcome', 'u8'),
  /** TlsState */
  col('tls', 'u8'),
  /** AuthState */
  col('auth', 'u8'),
  /** SessionFlag bits */
  col('flags', 'u8'),
  col('firstLine', 'uint'),
  col('lastLine', 'uint'),
  col('events', 'uint'),
  col('messages', 'uint'),
  col('start', 'time'),
  /** Milliseconds from the first to the last event, plus one; 0 when the times are unknown. */
  col('duration', 'uint'),
  /** Bytes of the connectivity totals plus one; 0 when the log does not say. */
  col('bytes', 'uint'),
  /** AUTH attempts that failed (SMTP), or 1 for a failed POP3/IMAP4 login. */
  col('authFailures', 'uint'),
  /** Milliseconds from the session's start to its first certificate line, plus one; 0 when it has none or the times are unknown. */
  col('certificateDelay', 'uint'),
  str('id'),
  str('local'),
  str('remote'),
  str('connector'),
  str('helo'),
  str('mailFrom'),
  str('user'),
  str('tlsVersion'),
  str('tlsCipher'),
  str('authMechanism'),
  str('outcomeText'),
] as const;

export const enum S {
  kind, outcome, tls, auth, flags, firstLine, lastLine, events, messages, start, duration, bytes, authFailures, certificateDelay,
  id, local, remote, connector, helo, mailFrom, user, tlsVersion, tlsCipher, authMechanism, outcomeText,
}

/**
 * The lists of a session row. `authUsers`: every account the session named (AUTH user names, the
 * authenticated account, the POP3/IMAP4 user). `certificates`: the certificates its `*` lines showed,
 * each one text (`certificateText`), so that a certificate seen by many sessions is one text per part.
 */
export const SESSION_LISTS = ['recipients', 'messageIds', 'internalIds', 'replies', 'authUsers', 'certificates'] as const;
export const enum SL { recipients, messageIds, internalIds, replies, authUsers, certificates }

export const EVENT_COLUMNS = [
  col('line', 'uint'),
  col('time', 'time'),
  /** total-bytes plus one; 0 when absent */
  col('size', 'uint'),
  str('eventId'),
  str('source'),
  str('sourceContext'),
  str('connector'),
  str('messageId'),
  str('internalId'),
  str('networkId'),
  str('sender'),
  str('status'),
  str('subject'),
  str('serverHostname'),
  str('serverIp'),
  str('clientHostname'),
  str('clientIp'),
  str('directionality'),
] as const;

export const enum E {
  line, time, size, eventId, source, sourceContext, connector, messageId, internalId, networkId, sender, status, subject,
  serverHostname, serverIp, clientHostname, clientIp, directionality,
}

export const EVENT_LISTS = ['recipients'] as const;
export const enum EL { recipients }

export const enum TlsState { None = 0, Ok = 1, Failed = 2 }
export const enum AuthState { None = 0, Ok = 1, Failed = 2, Attempted = 3 }
export const enum SessionFlag {
  Tarpit = 1,
  /** No connect event in its part: the session began earlier (an earlier file or chunk). */
  OpenStart = 2,
  /** No disconnect event in its part: the session goes on later. */
  OpenEnd = 4,
}

/** A certificate as a session-list text: side, subject, issuer, serial, thumbprint, not before, not after and SANs (`;`-joined), tab-separated. */
export interface StoredCertificate extends CertificateDetails {
  side: 'local' | 'remote';
}

const LINE_BREAK_OR_TAB = /[\t\r\n]/;
const LINE_BREAKS_AND_TABS = /[\t\r\n]/g;

/** The text that stands for a certificate in the `certificates` list (values never hold tabs: the log's are split at white space). */
export function certificateText(c: StoredCertificate): string {
  const clean = (v: string | undefined) => (v === undefined ? '' : LINE_BREAK_OR_TAB.test(v) ? v.replace(LINE_BREAKS_AND_TABS, ' ') : v);
  return [c.side, clean(c.subject), clean(c.issuer), clean(c.serial), clean(c.thumbprint), clean(c.notBefore), clean(c.notAfter), c.sans.map(clean).join(';')].join('\t');
}

/** Reads a `certificateText` back; undefined for a text that is not one. */
export function readCertificateText(text: string): StoredCertificate | undefined {
  const f = text.split('\t');
  if (f.length !== 8 || (f[0] !== 'local' && f[0] !== 'remote')) return undefined;
  const v = (s: string) => s || undefined;
  return { side: f[0], subject: v(f[1]), issuer: v(f[2]), serial: v(f[3]), thumbprint: v(f[4]), notBefore: v(f[5]), notAfter: v(f[6]), sans: f[7] ? f[7].split(';') : [] };
}

export const KIND_CODES: readonly LogKind[] = ALL_KINDS;

export const OUTCOME_CODES: readonly Outcome[] = [
  'delivered', 'rejected', 'deferred', 'authFailed', 'droppedByRemote', 'connectionFailed', 'tarpitted', 'noMail',
  'loginFailed', 'loggedIn', 'connected', 'incomplete', 'unknown',
];

export const TABLE_SCHEMAS = [
  { columns: SESSION_COLUMNS, lists: SESSION_LISTS.length },
  { columns: EVENT_COLUMNS, lists: EVENT_LISTS.length },
] as const;
