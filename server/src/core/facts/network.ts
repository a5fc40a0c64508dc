/** Winsock error codes and the well-known ports of Exchange. English = localisation key. */

export interface WinsockCode {
  code: number;
  name: string;
  /** The .NET `SocketError` name Exchange writes in `Remote(…)` and connectivity lines. */
  dotnet: string;
  meaning: string;
}

const WINSOCK: readonly WinsockCode[] = [
  { code: 10013, name: 'WSAEACCES', dotnet: 'AccessDenied', meaning: 'Permission denied, often a firewall or port policy.' },
  { code: 10048, name: 'WSAEADDRINUSE', dotnet: 'AddressAlreadyInUse', meaning: 'The local address and port are already in use.' },
  { code: 10050, name: 'WSAENETDOWN', dotnet: 'NetworkDown', meaning: 'The local network is down.' },
  { code: 10051, name: 'WSAENETUNREACH', dotnet: 'NetworkUnreachable', meaning: 'No route to the destination network.' },
  { code: 10053, name: 'WSAECONNABORTED', dotnet: 'ConnectionAborted', meaning: 'The connection was aborted by software on this host.' },
  { code: 10054, name: 'WSAECONNRESET', dotnet: 'ConnectionReset', meaning: 'The remote side reset the connection.' },
  { code: 10060, name: 'WSAETIMEDOUT', dotnet: 'TimedOut', meaning: 'The other side did not answer in time (often a firewall dropping the traffic).' },
  { code: 10061, name: 'WSAECONNREFUSED', dotnet: 'ConnectionRefused', meaning: 'Refused: nothing listens on that port, or a firewall rejects it.' },
  { code: 10064, name: 'WSAEHOSTDOWN', dotnet: 'HostDown', meaning: 'The destination host is down.' },
  { code: 10065, name: 'WSAEHOSTUNREACH', dotnet: 'HostUnreachable', meaning: 'No route to the destination host.' },
  { code: 11001, name: 'WSAHOST_NOT_FOUND', dotnet: 'HostNotFound', meaning: 'DNS: the host name was not found.' },
  { code: 11002, name: 'WSATRY_AGAIN', dotnet: 'TryAgain', meaning: 'DNS: temporary failure; try again.' },
  { code: 11003, name: 'WSANO_RECOVERY', dotnet: 'NoRecovery', meaning: 'DNS: the server failed and cannot recover.' },
  { code: 11004, name: 'WSANO_DATA', dotnet: 'NoData', meaning: 'DNS: the name exists but has no record of the requested type.' },
];

export function winsockByCode(code: number): WinsockCode | undefined {
  return WINSOCK.find((w) => w.code === code);
}

export function winsockByName(name: string): WinsockCode | undefined {
  const n = name.toLowerCase();
  return WINSOCK.find((w) => w.dotnet.toLowerCase() === n || w.name.toLowerCase() === n);
}

const PORTS: Readonly<Record<number, string>> = {
  25: 'SMTP: mail from the Internet and between servers (Default Frontend connector); outbound SMTP.',
  110: 'POP3 client access (plain, or upgraded with STLS).',
  143: 'IMAP4 client access (plain, or upgraded with STARTTLS).',
  443: 'HTTPS: Outlook, OWA, EWS, ActiveSync and other web services on the front end.',
  444: 'HTTPS to the Exchange Back End web site on the Mailbox server.',
  465: 'Client Proxy connector of the transport service: receives submissions proxied from port 587 (not SMTPS in Exchange).',
  475: 'Mailbox Transport Delivery service: receives mail from the transport service.',
  587: 'Authenticated client submission (Client Frontend connector).',
  717: 'Outbound Proxy Frontend connector: the front end receives outbound mail to proxy.',
  993: 'IMAP4 client access over TLS.',
  995: 'POP3 client access over TLS.',
  1993: 'IMAP4 back-end service on the Mailbox server; the front end proxies here.',
  1995: 'POP3 back-end service on the Mailbox server; the front end proxies here.',
  2525: 'Default connector of the transport service on the Mailbox server: mail from the front end and other servers.',
  50636: 'EdgeSync: secure LDAP to the Edge Transport server.',
};

export function portMeaning(port: number): string | undefined {
  return PORTS[port];
}

export function allNetworkStrings(): string[] {
  return [...WINSOCK.map((w) => w.meaning), ...Object.values(PORTS)];
}

export const WINSOCK_TABLE = WINSOCK;
export const PORT_TABLE = PORTS;
