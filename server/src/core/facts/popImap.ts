/**
 * POP3 and IMAP4 knowledge: commands (RFC 1939, 2449, 2595, 5034; RFC 9051, 3501 and extensions),
 * Exchange pseudo-commands, the `context` keys and the values inside `Msg=`/`ErrMsg=`.
 * English = localisation key.
 */
type Table = Readonly<Record<string, string>>;

const POP3: Table = {
  USER: 'Gives the user name; PASS follows.',
  PASS: 'Gives the password (Exchange masks it).',
  AUTH: 'Logs in with a SASL mechanism (NTLM, GSSAPI, PLAIN…).',
  CAPA: 'Asks for the server capabilities.',
  STLS: 'Switches the connection to TLS.',
  STAT: 'Asks for the number of messages and their total size.',
  LIST: 'Asks for the size of each message (or of one).',
  RETR: 'Downloads a message.',
  TOP: 'Downloads the headers and the first lines of a message.',
  UIDL: 'Asks for the unique id of each message (or of one).',
  DELE: 'Marks a message for deletion.',
  NOOP: 'Does nothing; keeps the connection alive.',
  RSET: 'Undoes the deletions of this session.',
  QUIT: 'Commits the deletions and closes the connection.',
  XPRX: 'The front end passes the client details to the back end (Exchange internal).',
};

const IMAP4: Table = {
  CAPABILITY: 'Asks for the server capabilities.',
  NOOP: 'Does nothing; keeps the connection alive and polls for changes.',
  LOGOUT: 'Ends the session.',
  STARTTLS: 'Switches the connection to TLS.',
  AUTHENTICATE: 'Logs in with a SASL mechanism (PLAIN, NTLM, GSSAPI, XOAUTH2…).',
  LOGIN: 'Logs in with user name and password (the password is masked).',
  ID: 'Client and server tell each other who they are.',
  SELECT: 'Opens a folder for reading and writing.',
  EXAMINE: 'Opens a folder read-only.',
  CREATE: 'Creates a folder.',
  DELETE: 'Deletes a folder.',
  RENAME: 'Renames a folder.',
  SUBSCRIBE: 'Subscribes to a folder.',
  UNSUBSCRIBE: 'Unsubscribes from a folder.',
  LIST: 'Lists folders.',
  LSUB: 'Lists subscribed folders.',
  NAMESPACE: 'Asks for the folder namespaces.',
  STATUS: 'Asks for the counts of a folder without opening it.',
  APPEND: 'Uploads a message into a folder.',
  IDLE: 'Waits for the server to push changes.',
  DONE: 'Stops waiting (ends IDLE).',
  CHECK: 'Asks for a checkpoint of the open folder.',
  CLOSE: 'Closes the folder and removes messages marked deleted.',
  UNSELECT: 'Closes the folder without removing anything.',
  EXPUNGE: 'Removes the messages marked deleted.',
  SEARCH: 'Searches messages.',
  FETCH: 'Reads message data or flags.',
  STORE: 'Changes message flags.',
  COPY: 'Copies messages to another folder.',
  MOVE: 'Moves messages to another folder.',
  UID: 'Runs the following command with unique ids instead of sequence numbers.',
  XPROXY: 'The front end passes the client details to the back end (Exchange internal).',
};

const PSEUDO: Table = {
  OPENSESSION: 'Not a protocol command: Exchange notes that the connection was accepted.',
  CLOSESESSION: 'Not a protocol command: Exchange notes that the connection was closed.',
  PROXY: 'Not a protocol command: a periodic row for the traffic relayed to the back end.',
  XPROXY: 'The front end passes the client details to the back end (Exchange internal).',
};

const CONTEXT_KEYS: Table = {
  R: 'The result: the response line or a short status.',
  Rows: 'Number of messages returned.',
  Recent: 'Number of recent messages.',
  Unseen: 'Number of unread messages.',
  UidValidity: 'The UIDVALIDITY of the folder: if it changes, clients must resynchronise.',
  UidNext: 'The next unique id the folder will give.',
  TotalSize: 'Bytes involved.',
  Search: 'The kind of search used.',
  ClientIp: 'The original client address, when the session is proxied.',
  FolderCount: 'Number of folders listed.',
  ItemsDeleted: 'Number of items deleted.',
  Msg: 'Details: the proxy target or authentication details.',
  ErrMsg: 'The error class of a failed command.',
  CafeActivityId: 'Correlation id of the front-end (CAFE) request.',
  LiveIdAR: 'The result of basic authentication.',
  Oid: 'Organisation id (multi-tenant).',
  Excpt: 'The exception that occurred.',
  ExStk: 'A compressed stack trace.',
  ActivityContextData: 'Resource statistics of the command, or the activity id when proxying.',
  Budget: 'A snapshot of the throttling budget.',
};

const MSG_VALUES: readonly [RegExp, string][] = [
  [/^Proxy:/i, 'The front end proxied the session to this back-end server, port and encryption.'],
  [/^ProxySuccess$/i, 'The proxied login on the back end succeeded.'],
  [/^ProxyNotAuthenticated$/i, 'The back end refused the proxied login (credentials, or the front end\'s authentication to the back end).'],
  [/^ProxyFailed$/i, 'The back end could not be reached.'],
  [/^ProxyTimeout$/i, 'The back end did not answer in time.'],
  [/^AuthFailed:WellKnownAccount/i, 'Login with a built-in account is refused.'],
  [/^AuthFailed:/i, 'The login was rejected (wrong password, disabled account or no rights).'],
  [/^LogonFailed:/i, 'The login could not be processed (format or setup problem).'],
];

const STATUS_WORDS: Table = {
  OK: 'Success.',
  '+OK': 'Success.',
  NO: 'The operation failed.',
  BAD: 'Protocol or syntax error.',
  '-ERR': 'Failure.',
  BYE: 'The server is closing the connection.',
  PREAUTH: 'The connection is already authenticated.',
};

const BUDGET_FIELDS: Table = {
  Owner: 'Whose budget it is: the user SID and the protocol.',
  Conn: 'Current concurrent connections of this budget.',
  MaxConn: 'Allowed concurrent connections.',
  MaxBurst: 'Extra time (ms) allowed above the recharge rate.',
  Balance: 'Remaining budget time (ms); requests are throttled below the cutoff.',
  Cutoff: 'Balance below which requests are blocked.',
  RechargeRate: 'How fast the budget refills, in ms per hour.',
  Policy: 'The throttling policy in effect.',
  IsServiceAccount: 'Whether the budget belongs to a service account.',
  LiveTime: 'Age of this budget.',
};

export function popImapCommandMeaning(kind: 'pop3' | 'imap4', command: string): string | undefined {
  const c = command.trim().toUpperCase();
  return PSEUDO[c] ?? (kind === 'pop3' ? POP3[c] : IMAP4[c]);
}
export function contextKeyMeaning(key: string): string | undefined {
  const k = Object.keys(CONTEXT_KEYS).find((x) => x.toLowerCase() === key.toLowerCase());
  return k ? CONTEXT_KEYS[k] : undefined;
}
export function msgValueMeaning(v: string): string | undefined {
  return MSG_VALUES.find(([re]) => re.test(v.trim()))?.[1];
}
export function statusWordMeaning(w: string): string | undefined {
  return STATUS_WORDS[w.toUpperCase()];
}
export function budgetFieldMeaning(f: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(BUDGET_FIELDS, f) ? BUDGET_FIELDS[f] : undefined;
}

export function allPopImapStrings(): string[] {
  return [
    ...Object.values(POP3), ...Object.values(IMAP4), ...Object.values(PSEUDO), ...Object.values(CONTEXT_KEYS),
    ...MSG_VALUES.map((m) => m[1]), ...Object.values(STATUS_WORDS), ...Object.values(BUDGET_FIELDS), ...allActivityStrings(),
  ];
}

export const POP_IMAP_TABLES = { pop3: POP3, imap4: IMAP4, pseudo: PSEUDO, contextKeys: CONTEXT_KEYS, statusWords: STATUS_WORDS, budget: BUDGET_FIELDS };

/** Operations in `ActivityContextData` statistics (`I32:MB.C[…]=13`). */
const ACTIVITY_OPS: Table = {
  ST: 'store calls',
  STCPU: 'store CPU',
  RPC: 'RPC calls',
  MB: 'mailbox calls',
  MAPI: 'MAPI calls',
  ADR: 'Active Directory reads',
  ADS: 'Active Directory searches',
  ADW: 'Active Directory writes',
  ROP: 'remote operations',
  BUDGUSE: 'budget used',
  OBUDG: 'over budget',
  QTIME: 'time in queue',
  USERD: 'user delay',
  RESD: 'resource delay',
  RESB: 'resource blocked',
  CCPU: 'custom CPU',
  MBLB: 'mailbox log bytes',
  MBMC: 'messages created',
  RPCA: 'administrative RPC calls',
  ATE: 'directory object conversion',
};

const ACTIVITY_STATS: Table = {
  C: 'count',
  T: 'total time in ms',
  AL: 'average latency in ms',
};

export function activityOpMeaning(op: string): string | undefined {
  return ACTIVITY_OPS[op.toUpperCase()];
}
export function activityStatMeaning(stat: string): string | undefined {
  return ACTIVITY_STATS[stat.toUpperCase()];
}
export function allActivityStrings(): string[] {
  return [...Object.values(ACTIVITY_OPS), ...Object.values(ACTIVITY_STATS)];
}
