/**
 * What each column means, per log kind, in the project's own words. The English text is the
 * localisation key (`t(text)` at render time); translations live in `l10n/bundle.l10n.*.json`.
 */
import { LogKind } from '../model/kinds';

type ColumnTable = Readonly<Record<string, string>>;

const SMTP_COMMON: ColumnTable = {
  'date-time': 'When the event happened, in UTC.',
  'connector-id': 'The connector that handled the session: its name as the server knows it (may be localised).',
  'session-id': 'Identifies one SMTP session; every event of the session carries the same id.',
  'sequence-number': 'Position of the event within its session, counting from 0.',
  'event': 'What kind of event the line records: + connect, - disconnect, > sent, < received, * information.',
  'data': 'The protocol text: the SMTP command or reply, or the information being logged.',
  'context': 'Extra information about the event: permissions, TLS results, certificates, message ids, disconnect reasons.',
};

const COLUMNS: Readonly<Record<LogKind, ColumnTable>> = {
  smtpReceive: {
    ...SMTP_COMMON,
    'local-endpoint': 'The address and port of this server that accepted the connection.',
    'remote-endpoint': 'The address and port of the client or server that connected to us.',
  },
  smtpSend: {
    ...SMTP_COMMON,
    'local-endpoint': 'The address and port this server connected from; empty before the connection is made.',
    'remote-endpoint': 'The address and port of the server we connected to.',
  },
  pop3: {
    'datetime': 'When the command was processed, in UTC.',
    'sessionid': 'Identifies one client connection; a small counter written as 16 hex digits.',
    'seqnumber': 'Position of the entry within its session, counting from 0.',
    'sip': 'The server address and port the client connected to.',
    'cip': 'The client address and port.',
    'user': 'The mailbox user, once the client has logged in.',
    'duration': 'How long the server took to process the command, in milliseconds.',
    'rqsize': 'Size of the client request, in bytes.',
    'rpsize': 'Size of the server response, in bytes.',
    'command': 'The protocol command, or an Exchange pseudo-command such as OpenSession or CloseSession.',
    'parameters': 'The command arguments (passwords are masked).',
    'context': 'The result and details: R= response, Msg= messages, ErrMsg= error, proxy target, activity data.',
    'puid': 'Internal user identifier (Exchange 2016 and later); usually empty.',
  },
  imap4: {},
  connectivity: {
    'date-time': 'When the event happened, in UTC.',
    'session': 'Identifies one outbound connection; it matches the session-id of the SMTP Send protocol log.',
    'source': 'The component that opened the connection (SMTP, MapiDelivery, MapiSubmission, DeliveryAgent…).',
    'destination': 'Where the connection went: a next-hop domain, a queue or a mailbox database.',
    'direction': 'What kind of event the line records: + connect, - disconnect, > sent, * information.',
    'description': 'What happened: DNS results, connection established or failed, and message and byte totals.',
  },
  messageTracking: {
    'date-time': 'When the event happened, in UTC.',
    'client-ip': 'Address of the client or server that handed the message in.',
    'client-hostname': 'Host name of the client or server that handed the message in.',
    'server-ip': 'Address of the server that logged the event.',
    'server-hostname': 'Host name of the server that logged the event.',
    'source-context': 'Extra detail about the source, such as the SMTP session that received the message.',
    'connector-id': 'The connector that received or sent the message.',
    'source': 'The transport component that logged the event (SMTP, STOREDRIVER, ROUTING, AGENT…).',
    'event-id': 'What happened to the message (RECEIVE, SEND, DELIVER, FAIL, DEFER…).',
    'internal-message-id': 'The id this server gives the message while it is queued here.',
    'message-id': 'The Message-ID header of the message.',
    'network-message-id': 'An id shared by every copy of the message inside the organisation.',
    'recipient-address': 'The recipients the event applies to, separated by semicolons.',
    'recipient-status': 'The status for each recipient, often an SMTP reply.',
    'total-bytes': 'Size of the message, in bytes.',
    'recipient-count': 'How many recipients the message had.',
    'related-recipient-address': 'Recipients related to the event, for example after expansion or redirection.',
    'reference': 'Related message ids, for example the original message of a delivery report.',
    'message-subject': 'The subject of the message.',
    'sender-address': 'The sender, from the message header.',
    'return-path': 'The envelope sender (MAIL FROM) where delivery reports go.',
    'message-info': 'Extra information such as the origination time.',
    'directionality': 'Whether the message came into the organisation or was sent from it (Incoming, Originating).',
    'tenant-id': 'Tenant identifier; unused on on-premises servers.',
    'original-client-ip': 'Address of the original client.',
    'original-server-ip': 'Address of the original server.',
    'custom-data': 'Data added by transport agents and rules, as S:key=value pairs.',
    'transport-traffic-type': 'The kind of traffic, usually Email.',
    'log-id': 'Identifier of the log row.',
    'schema-version': 'The Exchange build that wrote the row.',
  },
  w3c: {
    'date': 'The date of the request, in UTC.',
    'time': 'The time of the request, in UTC.',
    'c-ip': 'Address of the client.',
    'cs-username': 'The user name or, for SMTP, the session identifier the service logs.',
    's-sitename': 'The service instance (for example SMTPSVC1).',
    's-computername': 'The server name.',
    's-ip': 'Address of the server.',
    's-port': 'Port of the server.',
    'cs-method': 'The command the client sent (for SMTP the verb: HELO, MAIL, RCPT, DATA…).',
    'cs-uri-stem': 'The target of the request.',
    'cs-uri-query': 'The command arguments; spaces are written as +.',
    'sc-status': 'The status code the server returned.',
    'sc-win32-status': 'The Windows status code of the operation.',
    'sc-bytes': 'Bytes the server sent.',
    'cs-bytes': 'Bytes the server received.',
    'time-taken': 'How long the operation took, in milliseconds.',
    'cs-version': 'The protocol.',
    'cs-host': 'The host header.',
    'cs(user-agent)': 'The client software.',
    'cs(cookie)': 'The cookie sent by the client.',
    'cs(referer)': 'The referring page.',
  },
  generic: {},
};
(COLUMNS as Record<LogKind, ColumnTable>).imap4 = COLUMNS.pop3;

/** Meanings that hold whatever the kind (used for other Exchange logs with the same header). */
const GENERIC_BY_NAME: ColumnTable = {
  'datetime': 'When the entry was written, in UTC.',
  'timestamp': 'When the entry was written, in UTC.',
  'date-time': 'When the event happened, in UTC.',
  'serverhostname': 'The server that wrote the entry.',
  'serverversion': 'The Exchange build of the server.',
  'clientipaddress': 'Address of the client.',
  'clientip': 'Address of the client.',
  'useragent': 'The client software, as it identified itself.',
  'httpstatus': 'The HTTP status code returned to the client.',
  'requestid': 'Identifier of the request.',
  'protocol': 'The client protocol.',
  'method': 'The HTTP method.',
  'urlstem': 'The path of the request.',
  'urlquery': 'The query string of the request.',
  'authenticationtype': 'How the client authenticated.',
  'authenticateduser': 'The user the request ran as.',
  'anchormailbox': 'The mailbox the request was routed by.',
  'targetserver': 'The back-end server the request was proxied to.',
  'genericinfo': 'Extra details as key=value pairs.',
  'genericerrors': 'Errors recorded while processing the request.',
};

/** The English meaning of a column (the localisation key), or undefined when we do not know it. */
export function columnMeaning(kind: LogKind, name: string): string | undefined {
  const key = name.trim().toLowerCase();
  return COLUMNS[kind][key] ?? GENERIC_BY_NAME[key];
}

/** Every English string of the table, for the translation key-parity test. */
export function allColumnMeanings(): string[] {
  const out = new Set<string>();
  for (const table of Object.values(COLUMNS)) for (const v of Object.values(table)) out.add(v);
  for (const v of Object.values(GENERIC_BY_NAME)) out.add(v);
  return [...out];
}
