/**
 * SMTP knowledge in the project's own words: verbs and EHLO keywords (RFC 5321 and the extensions
 * Exchange uses), basic reply codes (RFC 5321, RFC 4954, RFC 7504), enhanced status codes
 * (RFC 3463 class, subject and detail, with later registry additions) and the usual Exchange cause
 * of the common failures. English text = localisation key, translated with `t()` at render time.
 */

type Table = Readonly<Record<string, string>>;

/** Verbs a client sends (upper case). */
const VERBS: Table = {
  HELO: 'Basic greeting: the client names itself and asks for no extensions.',
  EHLO: 'Extended greeting: the client names itself and the server answers with the extensions it offers.',
  MAIL: 'Starts a message: gives the envelope sender (an empty <> is a bounce or system message).',
  RCPT: 'Adds one envelope recipient to the message.',
  DATA: 'Sends the message content, ended by a line with a single dot.',
  BDAT: 'Sends the message content in chunks of the given size (CHUNKING); LAST marks the final chunk.',
  RSET: 'Cancels the message in progress; the session stays open.',
  VRFY: 'Asks whether an address is valid.',
  EXPN: 'Asks the server to expand a mailing list.',
  HELP: 'Asks the server for help text.',
  NOOP: 'Does nothing; keeps the connection alive or checks that it still works.',
  QUIT: 'Ends the session politely; the server closes the connection.',
  STARTTLS: 'Asks to switch the connection to TLS encryption before going on.',
  AUTH: 'Starts authentication with the named SASL mechanism.',
  'X-ANONYMOUSTLS': 'Exchange-to-Exchange TLS without a client certificate (Exchange internal).',
  'X-EXPS': 'Exchange server-to-server authentication (like AUTH, with GSSAPI, NTLM or EXCHANGEAUTH).',
  XEXCH50: 'Sends the legacy Exchange 2003 property blob of the message (Exchange internal).',
  'X-LINK2STATE': 'Legacy Exchange 2000/2003 routing-topology exchange.',
  XSHADOW: 'Shadow redundancy: identifies the shadow copy of a message (Exchange internal).',
  XSHADOWREQUEST: 'Shadow redundancy: asks the other server to keep a shadow copy (Exchange internal).',
  XQDISCARD: 'Shadow redundancy: asks for notices of shadow copies that can be discarded (Exchange internal).',
  XPROXY: 'Client proxy: the front end passes the original client details to the back end (Exchange internal).',
  XPROXYFROM: 'Inbound proxy: the front end passes the original session (client address, permissions) to the Mailbox server (Exchange internal).',
  XPROXYTO: 'Outbound proxy: the Mailbox server names the destinations the front end must use (Exchange internal).',
  XRSETPROXYTO: 'Outbound proxy: resets the destinations given with XPROXYTO (Exchange internal).',
  XSESSIONPARAMS: 'Sets the target mailbox database and the session type (Exchange internal).',
  XATTR: 'Passes the message directionality and organisation id (Exchange internal).',
  XSYSPROBE: 'Marks a monitoring probe message (Exchange internal).',
  XOORG: 'Passes the originating organisation (Exchange internal).',
};

/** AUTH / X-EXPS mechanisms. */
const AUTH_MECHANISMS: Table = {
  LOGIN: 'User name and password, each sent base64-encoded after a prompt.',
  PLAIN: 'User name and password in one base64 string.',
  NTLM: 'Windows NTLM challenge and response.',
  GSSAPI: 'Kerberos (or NTLM) through GSSAPI, with the Windows identity.',
  XOAUTH2: 'An OAuth 2.0 access token.',
  EXCHANGEAUTH: 'Exchange server authentication bound to the TLS session (Exchange internal).',
};

/** EHLO keywords (upper case). */
const EHLO_KEYWORDS: Table = {
  SIZE: 'Largest message the server accepts, in bytes; the client states the size with SIZE= on MAIL.',
  PIPELINING: 'The client may send several commands without waiting for each reply.',
  DSN: 'Delivery status notification options on MAIL and RCPT (RET, ENVID, NOTIFY, ORCPT).',
  ENHANCEDSTATUSCODES: 'Replies carry an enhanced status code such as 2.1.0.',
  '8BITMIME': 'The message body may use 8-bit characters.',
  BINARYMIME: 'The message body may be binary (sent with BDAT).',
  CHUNKING: 'The server accepts BDAT chunks instead of DATA.',
  SMTPUTF8: 'Addresses and headers may use UTF-8.',
  STARTTLS: 'The server offers to switch to TLS.',
  AUTH: 'The authentication mechanisms the server offers.',
  'X-ANONYMOUSTLS': 'Exchange-to-Exchange TLS without a client certificate is offered.',
  'X-EXPS': 'Exchange server-to-server authentication is offered with the listed mechanisms.',
  'X-EXCHANGEAUTH': 'Exchange authentication with the named hash is offered.',
  XEXCH50: 'The legacy Exchange 2003 property blob is accepted.',
  'X-LINK2STATE': 'Legacy Exchange 2000/2003 routing-topology exchange is offered.',
  XRDST: 'Exchange may pass a routing destination per recipient (Exchange internal).',
  XSHADOW: 'Shadow redundancy is supported (Exchange internal).',
  XSHADOWREQUEST: 'Shadow copies may be requested (Exchange internal).',
  XPROXY: 'The front end may pass the original client details (Exchange internal).',
  XPROXYFROM: 'The front end may pass the original session (Exchange internal).',
  XPROXYTO: 'Outbound proxy destinations may be given (Exchange internal).',
  XRSETPROXYTO: 'Outbound proxy destinations may be reset (Exchange internal).',
  XSESSIONPARAMS: 'Session parameters may be set (Exchange internal).',
  'X-MESSAGECONTEXT': 'Message context blobs may be sent with BDAT (Exchange internal).',
  XATTR: 'Directionality and organisation attributes may be passed (Exchange internal).',
  XSYSPROBE: 'Monitoring probes may be marked (Exchange internal).',
  XOORG: 'The originating organisation may be passed (Exchange internal).',
  XLONGADDR: 'Long addresses are accepted (Exchange internal).',
  XORAR: 'An originator-requested alternate recipient may be passed (Exchange internal).',
  XQDISCARD: 'Shadow discard notices may be requested (Exchange internal).',
  XFASTINDEX: 'The fast-index blob may be sent (Exchange internal).',
  GSSAPI: 'Kerberos authentication (a mechanism of AUTH or X-EXPS).',
  NTLM: 'NTLM authentication (a mechanism of AUTH or X-EXPS).',
  LOGIN: 'LOGIN authentication with user name and password (a mechanism of AUTH).',
  PLAIN: 'PLAIN authentication with user name and password (a mechanism of AUTH).',
  HELP: 'The server answers HELP.',
  VRFY: 'The server answers VRFY.',
  ETRN: 'The client may ask the server to start its queue for a domain.',
  TURN: 'Legacy: the roles of client and server may be swapped.',
  ATRN: 'Authenticated TURN: the roles may be swapped after authentication.',
};

/** Parameters on MAIL FROM and RCPT TO (upper case, without `=`). */
const PARAMETERS: Table = {
  SIZE: 'Size of the message the client is about to send, in bytes.',
  BODY: 'Encoding of the body: 7BIT, 8BITMIME or BINARYMIME.',
  AUTH: 'The sender identity the client vouches for (<> when none).',
  RET: 'What a delivery report should return: FULL message or HDRS headers only.',
  ENVID: 'Envelope id the sender wants echoed in delivery reports.',
  SMTPUTF8: 'The message uses UTF-8 addresses or headers.',
  NOTIFY: 'When to send delivery reports for this recipient: SUCCESS, FAILURE, DELAY or NEVER.',
  ORCPT: 'The original recipient address, for delivery reports.',
  XSHADOW: 'The shadow redundancy id of the message (Exchange internal).',
  XATTRDIRECT: 'The message directionality (Exchange internal).',
  XATTRORGID: 'The organisation id (Exchange internal).',
  XSYSPROBEID: 'The monitoring probe id (Exchange internal).',
  XOORG: 'The originating organisation (Exchange internal).',
  XMSGID: 'The message id (Exchange internal).',
  XORIGFROM: 'The original From address (Exchange internal).',
  XORAR: 'An originator-requested alternate recipient (Exchange internal).',
  XRDST: 'A routing destination for this recipient (Exchange internal).',
};

/** Basic reply codes. */
const REPLY_CODES: Table = {
  '211': 'System status or help reply.',
  '214': 'Help text.',
  '220': 'Service ready (the greeting), or ready to start TLS.',
  '221': 'The server is closing the connection (after QUIT).',
  '235': 'Authentication succeeded.',
  '250': 'Requested action completed.',
  '251': 'User not local; the server will forward the message.',
  '252': 'Cannot verify the user, but the server will try to deliver.',
  '334': 'Authentication challenge: the client must send the next response.',
  '354': 'Start sending the message; end it with a line holding a single dot.',
  '421': 'Service not available; the server is closing the connection. Try again later.',
  '432': 'A password transition is needed.',
  '450': 'Mailbox temporarily unavailable (busy, greylisted or held by policy).',
  '451': 'Action aborted: a local error in processing. Try again later.',
  '452': 'Not enough storage, or too many recipients for now.',
  '454': 'Temporary failure of authentication or of TLS.',
  '455': 'The server cannot accommodate the given parameters now.',
  '500': 'Syntax error: command not recognised (or line too long).',
  '501': 'Syntax error in the parameters or arguments.',
  '502': 'Command not implemented.',
  '503': 'Bad sequence of commands.',
  '504': 'Command parameter not implemented (for example an unknown AUTH mechanism).',
  '521': 'This host does not accept mail.',
  '530': 'Authentication required, or STARTTLS must come first.',
  '534': 'The authentication mechanism is too weak.',
  '535': 'Authentication credentials invalid.',
  '538': 'Encryption is required for the chosen authentication mechanism.',
  '550': 'Mailbox unavailable: not found, or refused by policy.',
  '551': 'User not local; try the given forward path.',
  '552': 'Storage or size limit exceeded.',
  '553': 'Mailbox name not allowed (bad address syntax).',
  '554': 'Transaction failed (in the greeting: no SMTP service here).',
  '555': 'MAIL or RCPT parameters not recognised or not implemented.',
  '556': 'The domain does not accept mail.',
};

const REPLY_FIRST_DIGIT: Table = {
  '2': 'Success.',
  '3': 'Intermediate: the server waits for more from the client.',
  '4': 'Temporary failure: the sender should retry later.',
  '5': 'Permanent failure: retrying the same way will not help.',
};

const ENHANCED_CLASS: Table = {
  '2': 'Success.',
  '4': 'Persistent temporary failure: a later retry may work.',
  '5': 'Permanent failure: sending again will not help without a change.',
};

const ENHANCED_SUBJECT: Table = {
  '0': 'Other or undefined.',
  '1': 'Addressing: the sender or recipient address.',
  '2': 'The recipient mailbox.',
  '3': 'The receiving mail system.',
  '4': 'Network and routing.',
  '5': 'The mail delivery protocol (the SMTP conversation).',
  '6': 'Message content or media.',
  '7': 'Security or policy.',
};

/** Details by `subject.detail`. */
const ENHANCED_DETAIL: Table = {
  '0.0': 'No further detail.',
  '1.0': 'Other address problem.',
  '1.1': 'The recipient mailbox does not exist.',
  '1.2': 'The recipient domain or host is invalid or unknown.',
  '1.3': 'The recipient address syntax is invalid.',
  '1.4': 'The recipient address is ambiguous.',
  '1.5': 'The recipient address is valid.',
  '1.6': 'The mailbox has moved and there is no forwarding address.',
  '1.7': 'The sender address syntax is invalid.',
  '1.8': 'The sender domain or host is invalid or unknown.',
  '1.9': 'Relayed to a system that cannot return delivery reports.',
  '1.10': 'The recipient domain publishes a null MX: it takes no mail.',
  '2.0': 'Other mailbox problem.',
  '2.1': 'The mailbox is disabled and does not accept mail.',
  '2.2': 'The mailbox is full.',
  '2.3': 'The message is larger than the mailbox accepts.',
  '2.4': 'Mailing list expansion failed.',
  '3.0': 'Other mail system problem.',
  '3.1': 'The receiving system is out of storage.',
  '3.2': 'The system is not accepting network messages.',
  '3.3': 'The system lacks a requested feature.',
  '3.4': 'The message is larger than the system limit.',
  '3.5': 'The system is configured incorrectly.',
  '3.6': 'The message priority was changed.',
  '4.0': 'Other network or routing problem.',
  '4.1': 'No answer from the destination host.',
  '4.2': 'The connection broke or is bad.',
  '4.3': 'Directory server failure (for example DNS).',
  '4.4': 'No route to the destination.',
  '4.5': 'The mail system is congested.',
  '4.6': 'A routing loop was detected.',
  '4.7': 'The delivery time limit expired.',
  '5.0': 'Other protocol problem.',
  '5.1': 'Invalid command, or command out of sequence.',
  '5.2': 'Command syntax error.',
  '5.3': 'Too many recipients.',
  '5.4': 'Invalid command arguments.',
  '5.5': 'Wrong protocol version.',
  '5.6': 'An authentication line was too long.',
  '6.0': 'Other content or media problem.',
  '6.1': 'Media type not supported.',
  '6.2': 'Conversion needed but not allowed.',
  '6.3': 'Conversion needed but not supported.',
  '6.4': 'Converted, with data loss.',
  '6.5': 'Conversion failed.',
  '6.6': 'Referenced message content is not available.',
  '6.7': 'Non-ASCII addresses are not allowed.',
  '6.8': 'A UTF-8 reply is required but the client does not allow it.',
  '6.9': 'A message with UTF-8 headers cannot go to some recipients.',
  '6.10': 'Old duplicate of X.6.8.',
  '7.0': 'Other security or policy problem.',
  '7.1': 'Delivery not authorised: refused by policy.',
  '7.2': 'Mailing list expansion not allowed.',
  '7.3': 'A required security conversion is not possible.',
  '7.4': 'Security feature not supported.',
  '7.5': 'Cryptographic failure.',
  '7.6': 'Cryptographic algorithm not supported.',
  '7.7': 'Message integrity check failed.',
  '7.8': 'Authentication credentials invalid.',
  '7.9': 'The authentication mechanism is too weak.',
  '7.10': 'Encryption is needed.',
  '7.11': 'Encryption is required for the chosen authentication mechanism.',
  '7.12': 'A password transition is needed.',
  '7.13': 'The user account is disabled.',
  '7.14': 'A trust relationship is required.',
  '7.15': 'The priority level is too low.',
  '7.16': 'The message is too big for the requested priority.',
  '7.17': 'The mailbox owner has changed.',
  '7.18': 'The domain owner has changed.',
  '7.19': 'The owner-change check could not be completed.',
  '7.20': 'No passing DKIM signature.',
  '7.21': 'No acceptable DKIM signature.',
  '7.22': 'No valid DKIM signature matching the author.',
  '7.23': 'SPF check failed.',
  '7.24': 'SPF check could not be evaluated.',
  '7.25': 'Reverse DNS check failed.',
  '7.26': 'Several authentication checks failed.',
  '7.27': 'The sender domain publishes a null MX.',
  '7.28': 'The message looks like part of a mail flood.',
  '7.29': 'ARC validation failed.',
  '7.30': 'REQUIRETLS is not supported further along the path.',
};

export interface ExchangeCause {
  /** Enhanced code (`5.7.1`). */
  code: string;
  /** When set, the reply text must match. */
  match?: RegExp;
  cause: string;
}

/** The usual Exchange cause of common failures; the first entry whose code and text match wins. */
const EXCHANGE_CAUSES: readonly ExchangeCause[] = [
  { code: '5.7.1', match: /unable to relay/i, cause: 'Relay denied: the recipient domain is not an accepted domain here and the client has no right to relay (no SMTPAcceptAnyRecipient permission, or it did not authenticate).' },
  { code: '5.7.1', match: /not authenticated/i, cause: 'The receive connector requires authentication before this command.' },
  { code: '5.7.1', match: /send as/i, cause: 'The authenticated account has no Send As right for this sender address.' },
  { code: '5.7.1', match: /submit/i, cause: 'The client has no SMTPSubmit permission on this receive connector.' },
  { code: '5.7.1', match: /TRANSPORT\.RULES|organization policy/i, cause: 'A mail flow (transport) rule rejected the message.' },
  { code: '5.7.1', match: /ORAR|RDST/, cause: 'The client is not allowed to use this Exchange-internal extension.' },
  { code: '5.7.1', cause: 'Refused by policy: relay not allowed, sender not allowed to send to this recipient or group, or a rule rejected it.' },
  { code: '4.3.2', match: /concurrent|connections/i, cause: 'A connection limit of the connector or of the source was reached.' },
  { code: '4.3.2', cause: 'The transport service is not accepting mail: back pressure (low disk space or memory), the service is stopping, or a custom port-25 connector is bound to the wrong service.' },
  { code: '4.3.1', cause: 'Back pressure: the transport server is short of disk space or memory.' },
  { code: '5.7.3', match: /STARTTLS/i, cause: 'The connector requires TLS before mail or authentication.' },
  { code: '5.7.3', match: /authentication unsuccessful/i, cause: 'Wrong user name or password, or the account may not authenticate here.' },
  { code: '5.7.3', cause: 'Authentication failed: bad credentials, or Exchange server authentication (X-EXPS) blocked by a firewall or a wrongly configured connector.' },
  { code: '5.7.57', cause: 'The client sent mail without authenticating to a service that requires it (typically an application or device relaying through Exchange Online).' },
  { code: '5.7.4', cause: 'The client asked for an authentication mechanism the server did not offer.' },
  { code: '5.7.5', cause: 'TLS or certificate validation failed.' },
  { code: '5.7.0', match: /STARTTLS/i, cause: 'The connector requires STARTTLS first.' },
  { code: '4.7.0', match: /authentication/i, cause: 'Exchange-to-Exchange Kerberos or NTLM authentication failed temporarily (trust, SPN or clock skew).' },
  { code: '4.7.0', match: /PRX|proxy/i, cause: 'The front end could not proxy the session to a back-end transport service.' },
  { code: '4.7.0', match: /too many errors/i, cause: 'The client made too many protocol or authentication errors on this connection.' },
  { code: '4.4.1', cause: 'Connection problem: the next hop does not answer (timeout); Exchange retries and reports a failure when the message expires.' },
  { code: '4.4.2', cause: 'Connection problem: the connection dropped (network, or a per-connection limit).' },
  { code: '4.4.7', cause: 'The message stayed in the queue past its expiry time: the destination was unreachable.' },
  { code: '4.4.0', match: /failover|alternate host/i, cause: 'The primary target refused and no alternate host succeeded.' },
  { code: '4.4.0', cause: 'Connection or routing problem (DNS, network or next hop).' },
  { code: '5.4.4', cause: 'No route: DNS found no such domain, or no connector serves it.' },
  { code: '5.4.6', cause: 'A mail loop: the message passed too many hops.' },
  { code: '5.5.2', cause: 'Protocol error: a command came before EHLO/HELO or out of order.' },
  { code: '5.5.3', cause: 'Too many recipients for the organisation, connector or sender limit.' },
  { code: '5.5.4', cause: 'Protocol error: a command argument was not valid.' },
  { code: '5.5.1', cause: 'Protocol error: invalid command or bad sequence.' },
  { code: '5.5.0', cause: 'Protocol error reported by the other side.' },
  { code: '5.1.1', cause: 'The recipient address does not exist (typo, deleted mailbox or stale address).' },
  { code: '5.1.0', cause: 'Sender denied, or a stale or encapsulated address (IMCEAEX).' },
  { code: '5.1.8', match: /UTF-8/i, cause: 'The peer used a UTF-8 address without SMTPUTF8.' },
  { code: '5.1.8', cause: 'The sender was blocked (bad outbound sender, or a rate limit).' },
  { code: '5.2.2', cause: 'The recipient mailbox is over its quota, or the sender is over a sending limit.' },
  { code: '5.2.3', cause: 'The message is larger than the recipient, sender or organisation limit.' },
  { code: '5.3.4', cause: 'The message or its headers exceed the maximum size.' },
  { code: '5.3.5', cause: 'A mail loop: a connector FQDN matches another hop.' },
  { code: '5.6.0', match: /bare/i, cause: 'The message contains bare line feeds.' },
];

/** Front-end proxy failure markers in `451 4.7.0 Temporary server error … PRXn`. */
const PROXY_MARKERS: Table = {
  PRX1: 'No proxy destination was found.',
  PRX2: 'DNS error while resolving the back end.',
  PRX3: 'The connection to the back end failed.',
  PRX4: 'Protocol error while talking to the back end.',
  PRX5: 'Socket error while talking to the back end.',
  PRX6: 'The service is shutting down.',
  CPRX1: 'The back-end locator lookup failed (client proxy).',
  CPRX2: 'The user lookup failed (client proxy).',
};

/** Component prefixes inside Exchange status text. */
const COMPONENTS: readonly [RegExp, string][] = [
  [/\bRESOLVER\.ADR\./, 'The categorizer could not resolve the address.'],
  [/\bRESOLVER\.RST\./, 'A categorizer restriction (size, permission or authentication).'],
  [/\bRESOLVER\.(?:GRP|FWD)\./, 'A group expansion or forwarding restriction.'],
  [/\bROUTING\./, 'Routing: no route or invalid domain.'],
  [/\bSMTPSEND\./, 'The SMTP send component (DNS or address problems).'],
  [/\bSTOREDRV\.Deliver/i, 'Mailbox delivery (store driver).'],
  [/\bSTOREDRV\.Submit/i, 'Mailbox submission (store driver).'],
  [/\bQUEUE\./, 'Queueing (expiry or priority).'],
  [/\bPICKUP\./, 'The pickup directory.'],
  [/\bAPPROVAL\./, 'Moderation and approval.'],
  [/\bTRANSPORT\.RULES\./, 'A transport rule.'],
];

export function verbMeaning(verb: string): string | undefined {
  return VERBS[verb.toUpperCase()];
}
export function authMechanismMeaning(m: string): string | undefined {
  return AUTH_MECHANISMS[m.toUpperCase()];
}
export function ehloKeywordMeaning(k: string): string | undefined {
  return EHLO_KEYWORDS[k.toUpperCase()];
}
export function smtpParameterMeaning(p: string): string | undefined {
  return PARAMETERS[p.toUpperCase()];
}

/**
 * The reply code a reply starts with: three digits followed by white space, `-` (a line of a
 * multi-line reply) or the end, as in `250 OK` or `250-SIZE`; 0 when the text is not a reply.
 * Summaries read every reply of a log with it, so it reads character codes.
 */
export function replyCode(text: string): number {
  if (text.length < 3) return 0;
  const a = text.charCodeAt(0) - 48, b = text.charCodeAt(1) - 48, c = text.charCodeAt(2) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return 0;
  if (text.length > 3) {
    const d = text.charCodeAt(3);
    if (d !== 32 && d !== 45 && !/\s/.test(text[3])) return 0;
  }
  return a * 100 + b * 10 + c;
}

const ENHANCED_AFTER_REPLY = /^\d{3}[ -]+([245]\.\d{1,3}\.\d{1,3})\b/;

/** The enhanced status code (RFC 3463) after a reply's code: `550 5.7.1 Unable to relay` → `5.7.1`. */
export function enhancedCode(reply: string): string | undefined {
  return ENHANCED_AFTER_REPLY.exec(reply)?.[1];
}

export function replyCodeMeaning(code: string): string | undefined {
  return REPLY_CODES[code];
}
export function replyClassMeaning(code: string): string | undefined {
  return REPLY_FIRST_DIGIT[code[0]];
}

export interface EnhancedMeaning {
  cls?: string;
  subject?: string;
  detail?: string;
  cause?: string;
}

/** Meanings of an enhanced status code; `text` (the reply) picks the Exchange cause. */
export function enhancedCodeMeaning(code: string, text = ''): EnhancedMeaning | undefined {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(code);
  if (!m) return undefined;
  const cause = EXCHANGE_CAUSES.find((c) => c.code === code && (!c.match || c.match.test(text)));
  return {
    cls: ENHANCED_CLASS[m[1]],
    subject: ENHANCED_SUBJECT[m[2]],
    detail: ENHANCED_DETAIL[`${m[2]}.${m[3]}`],
    cause: cause?.cause,
  };
}

export function proxyMarkerMeaning(marker: string): string | undefined {
  return PROXY_MARKERS[marker.toUpperCase()];
}

export function componentMeaning(text: string): string | undefined {
  return COMPONENTS.find(([re]) => re.test(text))?.[1];
}

export function allSmtpStrings(): string[] {
  return [
    ...Object.values(VERBS), ...Object.values(AUTH_MECHANISMS), ...Object.values(EHLO_KEYWORDS), ...Object.values(PARAMETERS),
    ...Object.values(REPLY_CODES), ...Object.values(REPLY_FIRST_DIGIT), ...Object.values(ENHANCED_CLASS),
    ...Object.values(ENHANCED_SUBJECT), ...Object.values(ENHANCED_DETAIL), ...EXCHANGE_CAUSES.map((c) => c.cause),
    ...Object.values(PROXY_MARKERS), ...COMPONENTS.map((c) => c[1]),
  ];
}

/** Table sizes, for the tests. */
export const SMTP_TABLES = {
  verbs: VERBS, authMechanisms: AUTH_MECHANISMS, ehloKeywords: EHLO_KEYWORDS, parameters: PARAMETERS, replyCodes: REPLY_CODES,
  enhancedDetails: ENHANCED_DETAIL, proxyMarkers: PROXY_MARKERS,
};
export const EXCHANGE_CAUSE_TABLE = EXCHANGE_CAUSES;
