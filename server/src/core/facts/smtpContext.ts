/**
 * Context strings of the SMTP protocol logs (the `context` column, and a few `data` values of `*`
 * lines), disconnect reasons, security statuses and certificate labels. English = localisation key.
 */

export interface ContextPattern {
  id: string;
  re: RegExp;
  meaning: string;
}

const CONTEXTS: readonly ContextPattern[] = [
  { id: 'permissions', re: /^Set Session Permissions$/i, meaning: 'The permissions this session has: written when the session starts and again when authentication changes who the client is. The data column lists them.' },
  { id: 'receivingWithId', re: /^receiving message with InternetMessageId (.*)$/i, meaning: 'The Message-ID of the message being received.' },
  { id: 'receiving', re: /^receiving message$/i, meaning: 'MAIL FROM was accepted: a message is being received and got a temporary id (in the data column).' },
  { id: 'sending', re: /^sending message with RecordId (\S+) and InternetMessageId (.*)$/i, meaning: 'This server starts sending a queued message: its queue record id and its Message-ID.' },
  { id: 'proxying', re: /^Proxying inbound session with session id (\S+)/i, meaning: 'The front end proxies an inbound session to a Mailbox server; the id is the receive session it comes from.' },
  { id: 'proxyDestinations', re: /^Proxy destination\(s\) obtained from OnProxyInboundMessage event/i, meaning: 'The front end chose the back-end servers for the message after reading it.' },
  { id: 'tlsOk', re: /^TLS protocol (\S+) negotiation succeeded/i, meaning: 'TLS was negotiated: the protocol version and the algorithms that protect the session.' },
  { id: 'tlsFailed', re: /TLS negotiation failed|TLS.*(?:failed|error)/i, meaning: 'TLS negotiation failed; the session continues unencrypted or is dropped.' },
  { id: 'domainCapabilities', re: /^TlsDomainCapabilities=/i, meaning: 'The result of matching the remote certificate to a domain with special TLS rights (domain security).' },
  { id: 'chainStatus', re: /^Client certificate chain validation status: '?([^']*)'?/i, meaning: 'The result of validating the certificate the client sent.' },
  { id: 'sendingCertificate', re: /^Sending certificate\b/i, meaning: 'The certificate this server presents for TLS; the data column holds its details.' },
  { id: 'remoteCertificate', re: /^(?:Remote|Received) certificate\b/i, meaning: 'The certificate the other side presented for TLS; the data column holds its details.' },
  { id: 'thumbprint', re: /^Certificate thumbprint/i, meaning: 'The thumbprint of the certificate the other side presented.' },
  { id: 'authInboundFailed', re: /^Inbound (AUTH \S+|Negotiate|Authentication) failed because of (\S+)/i, meaning: 'The client\'s authentication was rejected by Windows.' },
  { id: 'authOutboundFailed', re: /^Outbound Authentication failed (?:with|to initialize with) (\S+)/i, meaning: 'This server could not authenticate to the other Exchange server (Kerberos, SPN or trust problems).' },
  { id: 'userName', re: /^User Name: (.*)$/i, meaning: 'The account named in the authentication attempt.' },
  { id: 'attempting', re: /^attempting to connect$/i, meaning: 'The send connector is about to open a TCP connection.' },
  { id: 'failedToConnect', re: /^Failed to connect\b/i, meaning: 'The TCP connection could not be made.' },
  { id: 'tarpit', re: /^Tarpit for '([^']*)'(?: due to '([^']*)')?/i, meaning: 'Tarpit: the server deliberately delays its reply to slow down a suspicious client.' },
  { id: 'disconnect', re: /^(?:Local|Remote(?:\(([A-Za-z]+)\))?|QuitVerb|Timeout|SenderDisconnected|TooManyErrors|DroppedSession)$/, meaning: 'Why the session ended.' },
  { id: 'anonymousTls', re: /^X-ANONYMOUSTLS$/i, meaning: 'Exchange-to-Exchange TLS without a client certificate.' },
];

export function contextPattern(text: string): { pattern: ContextPattern; match: RegExpExecArray } | undefined {
  const s = text.trim();
  for (const p of CONTEXTS) {
    const m = p.re.exec(s);
    if (m) return { pattern: p, match: m };
  }
  return undefined;
}

const DISCONNECTS: Readonly<Record<string, string>> = {
  Local: 'This server closed the session.',
  Remote: 'The other side closed the session.',
  QuitVerb: 'The session ended after QUIT.',
  Timeout: 'The session timed out: the other side was idle too long.',
  SenderDisconnected: 'The sender disconnected.',
  TooManyErrors: 'The server closed the session after too many errors.',
  DroppedSession: 'The server dropped the session.',
};

export function disconnectMeaning(reason: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(DISCONNECTS, reason) ? DISCONNECTS[reason] : undefined;
}

/** Windows security statuses seen in authentication failures. */
const SECURITY_STATUSES: Readonly<Record<string, string>> = {
  LogonDenied: 'Windows refused the logon: wrong user name or password, or the account may not log on.',
  UnknownCredentials: 'The credentials were not recognised.',
  TargetUnknown: 'The target server name (SPN) is unknown to Kerberos.',
  NoAuthenticatingAuthority: 'No domain controller could be reached to check the credentials.',
  TimeSkew: 'The clocks of the two computers differ too much for Kerberos.',
  InvalidToken: 'The authentication token was not valid.',
};

export function securityStatusMeaning(s: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(SECURITY_STATUSES, s) ? SECURITY_STATUSES[s] : undefined;
}

/** TLS domain capability statuses and certificate validation statuses. */
const TLS_STATUSES: Readonly<Record<string, string>> = {
  None: 'None.',
  Success: 'The certificate matched a domain with TLS rights.',
  NoRemoteCertificate: 'The other side sent no certificate, so no domain-secured rights apply.',
  EmptyCertificate: 'The client sent no certificate (normal for most clients).',
  Valid: 'The certificate chain is valid.',
  Untrusted: 'The certificate chain does not lead to a trusted root.',
  Revoked: 'The certificate was revoked.',
  Expired: 'The certificate has expired.',
};

export function tlsStatusMeaning(s: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(TLS_STATUSES, s) ? TLS_STATUSES[s] : undefined;
}

/** Certificate labels, in the order Exchange writes them, with their meaning. */
export const CERTIFICATE_LABELS: readonly { label: string; meaning: string }[] = [
  { label: 'Subject', meaning: 'Who the certificate was issued to.' },
  { label: 'Issuer name', meaning: 'Who issued the certificate (the same as the subject for a self-signed one).' },
  { label: 'Serial number', meaning: 'The serial number the issuer gave the certificate.' },
  { label: 'Thumbprint', meaning: 'The certificate hash; it identifies the certificate in Get-ExchangeCertificate.' },
  { label: 'Not before', meaning: 'Start of validity.' },
  { label: 'Not after', meaning: 'End of validity.' },
  { label: 'Subject alternate names', meaning: 'The other names the certificate is valid for.' },
];

export function allSmtpContextStrings(): string[] {
  return [
    ...CONTEXTS.map((c) => c.meaning), ...Object.values(DISCONNECTS), ...Object.values(SECURITY_STATUSES),
    ...Object.values(TLS_STATUSES), ...CERTIFICATE_LABELS.map((c) => c.meaning),
  ];
}

export const CONTEXT_TABLE = CONTEXTS;
export const DISCONNECT_TABLE = DISCONNECTS;
