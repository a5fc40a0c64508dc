/**
 * What the collection index keeps of each session and of each message-tracking event: the columns of
 * the two tables (`table.ts`) and the codes of their small enumerations. Columns whose name ends with
 * `$` hold string ids.
 */
import { ALL_KINDS, LogKind } from '../model/kinds';
import { Outcome } from '../features/sessionSummary';
import { ColumnSpec } from './table';

const col = <N extends string>(name: N, type: ColumnSpec['type']) => ({ name, type }) as const;

export const SESSION_COLUMNS = [
  col('kind', 'u8'),
  col('outcome', 'u8'),
  /** TlsState */
  col('tls', 'u8'),
  /** AuthState */
  col('auth', 'u8'),
  /** SessionFlag bits */
  col('flags', 'u8'),
  col('firstLine', 'u32'),
  col('lastLine', 'u32'),
  col('events', 'u32'),
  col('messages', 'u32'),
  col('start', 'f64'),
  col('end', 'f64'),
  /** Bytes of the connectivity totals, NaN when the log does not say. */
  col('bytes', 'f64'),
  col('id$', 'u32'),
  col('local$', 'u32'),
  col('remote$', 'u32'),
  col('connector$', 'u32'),
  col('helo$', 'u32'),
  col('mailFrom$', 'u32'),
  col('user$', 'u32'),
  col('tlsVersion$', 'u32'),
  col('tlsCipher$', 'u32'),
  col('certificate$', 'u32'),
  col('authMechanism$', 'u32'),
  col('outcomeText$', 'u32'),
] as const;

export const enum S {
  kind, outcome, tls, auth, flags, firstLine, lastLine, events, messages, start, end, bytes,
  id, local, remote, connector, helo, mailFrom, user, tlsVersion, tlsCipher, certificate, authMechanism, outcomeText,
}

/** The lists of a session row. */
export const SESSION_LISTS = ['recipients', 'messageIds', 'internalIds', 'replies'] as const;
export const enum SL { recipients, messageIds, internalIds, replies }

export const EVENT_COLUMNS = [
  col('line', 'u32'),
  col('time', 'f64'),
  /** total-bytes, NaN when absent */
  col('size', 'f64'),
  col('eventId$', 'u32'),
  col('source$', 'u32'),
  col('sourceContext$', 'u32'),
  col('connector$', 'u32'),
  col('messageId$', 'u32'),
  col('internalId$', 'u32'),
  col('networkId$', 'u32'),
  col('sender$', 'u32'),
  col('status$', 'u32'),
  col('subject$', 'u32'),
  col('serverHostname$', 'u32'),
  col('serverIp$', 'u32'),
  col('clientHostname$', 'u32'),
  col('clientIp$', 'u32'),
  col('directionality$', 'u32'),
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
