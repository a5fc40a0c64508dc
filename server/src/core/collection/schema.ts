/**
 * What the collection index keeps of each session and of each message-tracking event: the columns of
 * the two tables (`table.ts`) and the codes of their small enumerations. `str` columns hold string ids.
 */
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
  str('id'),
  str('local'),
  str('remote'),
  str('connector'),
  str('helo'),
  str('mailFrom'),
  str('user'),
  str('tlsVersion'),
  str('tlsCipher'),
  str('certificate'),
  str('authMechanism'),
  str('outcomeText'),
] as const;

export const enum S {
  kind, outcome, tls, auth, flags, firstLine, lastLine, events, messages, start, duration, bytes,
  id, local, remote, connector, helo, mailFrom, user, tlsVersion, tlsCipher, certificate, authMechanism, outcomeText,
}

/** The lists of a session row. */
export const SESSION_LISTS = ['recipients', 'messageIds', 'internalIds', 'replies'] as const;
export const enum SL { recipients, messageIds, internalIds, replies }

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

export const KIND_CODES: readonly LogKind[] = ALL_KINDS;

export const OUTCOME_CODES: readonly Outcome[] = [
  'delivered', 'rejected', 'deferred', 'authFailed', 'droppedByRemote', 'connectionFailed', 'tarpitted', 'noMail',
  'loginFailed', 'loggedIn', 'connected', 'incomplete', 'unknown',
];

export const TABLE_SCHEMAS = [
  { columns: SESSION_COLUMNS, lists: SESSION_LISTS.length },
  { columns: EVENT_COLUMNS, lists: EVENT_LISTS.length },
] as const;
