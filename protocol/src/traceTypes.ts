/**
 * Following a message across servers and log kinds. Types only (see commonTypes.ts). The hops are
 * what `exchange-log trace` prints, one row each.
 */
import type { LogKind } from './commonTypes';
import type { ExchangeService } from './collectionTypes';
import type { QueryProblem, QueryScope } from './queryTypes';

/** Which message to follow: at least one of the keys; `after` and `before` narrow by time. */
export interface TraceParams extends QueryScope {
  messageId?: string;
  internalId?: string;
  networkId?: string;
  from?: string;
  to?: string;
  subject?: string;
  /** As the user typed them (`2026-11-19T10:00`, `2026-11-19 10:00Z`). */
  after?: string;
  before?: string;
}

/** How a hop was tied to the message (or to the hop before it). */
export type TraceLink =
  | 'message-id'          // the hop names the message id
  | 'internal-id'         // the internal message id of the same server
  | 'network-id'          // the network message id (the same across servers of the organisation)
  | 'source-context'      // a message-tracking row names the receive session in its source-context
  | 'reply'               // a `250 2.6.0 <id> [InternalId=…]` reply of a receive session
  | 'send-match'          // a send session of that server, remote, sender, recipient and time (without the send log: the connectivity session to a recipient's domain that ended just before)
  | 'connectivity'        // the connectivity session of a send session (same session id)
  | 'proxy'               // a front end's send session that says it proxies the receive session (`Proxying inbound session with session id …`)
  | 'dsn'                 // the DSN (non-delivery report) a FAIL sent to the sender: same server, to the sender, minutes after
  | 'query';              // the hop matched the question itself (a sender, a recipient, a subject)

export interface TraceHop {
  /** ms since the epoch; absent when the line gives none. */
  time?: number;
  server: string;
  kind: LogKind;
  service?: ExchangeService;
  uri: string;
  /** 0-based. */
  line: number;
  /** Protocol and connectivity logs: the session id. */
  sessionId?: string;
  /** Message tracking: RECEIVE, SUBMIT, SEND, DELIVER, DEFER… */
  eventId?: string;
  /** Message tracking: source (SMTP, STOREDRIVER…). */
  source?: string;
  /** What the hop says: the reply, the status, the remote. Log text: escape before rendering. */
  detail: string;
  linkedBy: TraceLink;
  /** ms since the hop before (absent for the first hop or when either time is unknown). */
  gapMs?: number;
  /** Set when this hop waited unusually long or is a deferral (localised). */
  delay?: string;
}

/** Logs the collection does not hold that the trace points at. */
export interface TraceMissing {
  server: string;
  kind: LogKind;
  service?: ExchangeService;
  /** `yyyy-mm-ddThh` of the missing hour, when one hour is wanted. */
  hour?: string;
  /** What to collect and why (localised). */
  message: string;
}

export interface TracedMessage {
  messageId?: string;
  subject?: string;
  from?: string;
  to: string[];
  /** Servers the message passed, in order of first hop. */
  servers: string[];
  hops: TraceHop[];
  missing: TraceMissing[];
  /** From the first hop to delivery or the last send, ms (absent when unknown or not delivered/sent). */
  latencyMs?: number;
  /** delivered, sent, failed, deferred, pending… (localised one-line verdict). */
  verdict: string;
}

export interface TraceResult {
  /** Mistakes in the parameters (a bad time, no key given). */
  problems: QueryProblem[];
  /** The messages that match (a sender or a subject may match several), most recent first. */
  messages: TracedMessage[];
  /** Messages that matched beyond those listed. */
  more: number;
  partial: boolean;
  source: 'collection' | 'document';
  elapsedMs: number;
}
