/** Transport connectivity log: sources, destinations, direction and acknowledgement words. English = localisation key. */
type Table = Readonly<Record<string, string>>;

const SOURCES: Table = {
  SMTP: 'An outbound SMTP connection opened for a queue.',
  MAPIDELIVERY: 'Mailbox Transport Delivery writing into a mailbox database.',
  MAPISUBMISSION: 'Mailbox Transport Submission picking up mail from a mailbox database.',
  DELIVERYAGENT: 'A delivery agent connector (a foreign, non-SMTP system).',
  TRANSPORT: 'The transport service itself (start and stop).',
};

const DESTINATIONS: Table = {
  INTERNALPROXY: 'The internal proxy: a Mailbox server\'s transport service, reached through the front end.',
  'CLIENT PROXY': 'The Client Proxy connector.',
  SHADOWREDUNDANCY: 'Another server that keeps the shadow copy.',
  MAILBOXTRANSPORTSUBMISSIONINTERNALPROXY: 'The transport service, reached by Mailbox Transport Submission.',
};

const DIRECTIONS: Table = {
  '+': 'Connect: the connection is being opened.',
  '-': 'Disconnect: the connection ended; totals follow.',
  '>': 'Progress: DNS results, connection established or failed.',
  '*': 'Information.',
};

const ACK_STATUSES: Table = {
  RETRY: 'The messages stay queued and will be retried.',
  FAIL: 'The messages failed; delivery reports are sent.',
  RESUBMIT: 'The messages are submitted again for routing.',
  EXPAND: 'The messages are expanded again.',
  RELAY: 'The messages are relayed.',
  SUCCESSNODSN: 'Success, without a delivery report.',
  QUARANTINE: 'The messages are quarantined.',
  SKIP: 'The messages are skipped.',
  PENDING: 'The result is pending.',
};

export function connectivitySourceMeaning(s: string): string | undefined {
  return SOURCES[s.trim().toUpperCase()];
}
export function connectivityDestinationMeaning(d: string): string | undefined {
  const k = d.trim().toUpperCase();
  if (DESTINATIONS[k]) return DESTINATIONS[k];
  if (/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(k)) return 'A mailbox database, named by its GUID.';
  return undefined;
}
export function connectivityDirectionMeaning(d: string): string | undefined {
  return DIRECTIONS[d];
}
export function ackStatusMeaning(s: string): string | undefined {
  return ACK_STATUSES[s.trim().toUpperCase()];
}

export function allConnectivityStrings(): string[] {
  return [...Object.values(SOURCES), ...Object.values(DESTINATIONS), 'A mailbox database, named by its GUID.', ...Object.values(DIRECTIONS), ...Object.values(ACK_STATUSES)];
}

export const CONNECTIVITY_TABLES = { sources: SOURCES, destinations: DESTINATIONS, directions: DIRECTIONS, ackStatuses: ACK_STATUSES };
