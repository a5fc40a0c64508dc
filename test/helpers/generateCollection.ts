/**
 * A deterministic generator of a multi-server Exchange 2016/2019 log collection, laid out as collected
 * copies (`SERVER/TransportRoles/Logs/...`): per server the FrontEnd and Hub SMTP receive and send
 * protocol logs, the Hub connectivity log, message tracking (MSGTRK, MSGTRKMS, MSGTRKMD) and the IMAP4
 * back-end log, each rolling over hourly (IMAP4 daily) and at a size limit, with sessions that continue
 * across a roll-over. Messages travel across servers with consistent ids as
 * `../shared/reference/collections.md` describes (Internet → FrontEnd → a Hub → mailbox delivery;
 * mailbox submission → Hub → Internet, deferred and retried, or failed with a DSN; relay clients and
 * authenticated submission), among the noise administrators see (relay rejections, AUTH failures from a
 * few hostile addresses, tarpits, drops, probes, TLS failures, connection failures).
 *
 * `generateCollection` streams complete files in an order a writer can follow (only the files of the
 * current hour, and of the day for IMAP4, are held); `buildCollection` keeps everything and adds the
 * ground truth: every message's expected hops, in time order, each pointing at its file and line.
 */
import { GeneratedKind, csv, header, hex16, pick, rng } from '../bench/generateLogs';

export type CollectionLogKind = Extract<GeneratedKind, 'smtpReceive' | 'smtpSend' | 'connectivity' | 'messageTracking' | 'imap4'>;
/** Which part of Exchange wrote a log: MSGTRK is the Hub's, MSGTRKMS and MSGTRKMD the mailbox transport's. */
export type Service = 'FrontEnd' | 'Hub' | 'MailboxSubmission' | 'MailboxDelivery' | 'Imap4';

export type Scenario =
  /** Internet → FrontEnd receive on A → proxied to the Hub on B → DELIVER on each recipient's mailbox server. */
  | 'inboundDelivered'
  /** An internal relay client (printer, application) on `A\Relay A` → Hub → sent to the Internet. */
  | 'relayedOut'
  /** Authenticated submission on port 587 (`A\Client Frontend A`) → the Hub's `Client Proxy` → Internet. */
  | 'submittedOut'
  /** Mailbox submission (MSGTRKMS RECEIVE, SUBMIT) → Hub receive → Internet (SENDEXTERNAL). */
  | 'sentOut'
  /** Mailbox submission → Hub receive → DELIVER on the recipients' mailbox servers. */
  | 'internalDelivered'
  /** Mailbox submission → Hub → 4xx from the remote (DEFER), a retry minutes later → SENDEXTERNAL. */
  | 'deferredThenSent'
  /** Mailbox submission → Hub → 5xx from the remote (FAIL) → a DSN to the sender. */
  | 'failed'
  /** The DSN (non-delivery report) of a failed message, delivered to its sender's mailbox. */
  | 'ndr';

/** How a trace reaches a hop. */
export type HopLink =
  /** Receive session: its `250 2.6.0 <message-id>` reply (`reply`) names the message. Tracking row: its message-id. */
  | 'messageId'
  /** FrontEnd send: its `Proxying inbound session with session id X` line (`link`) names the FrontEnd receive session. */
  | 'proxiedSession'
  /** Hub receive: its `receiving message` key (`SESSIONID;session-start;n`, on `line`) is the tracking RECEIVE's source-context. */
  | 'sourceContext'
  /**
   * Send session: the one on that server whose remote, MAIL FROM, RCPT TO and time match the tracking
   * row of the attempt (its `sending message … InternetMessageId` line names the message too).
   */
  | 'sendMatch'
  /** Connectivity: its session equals the send session's id. */
  | 'connectivitySession'
  /** DSN tracking row: its reference field is the failed message's id. */
  | 'reference';

export interface Hop {
  /** Time of `line`. */
  time: number;
  server: string;
  service: Service;
  logKind: CollectionLogKind;
  /** The file, relative to the collection, `/`-separated. */
  path: string;
  /**
   * 0-based line of the file (header lines counted) where the message begins in this hop: the
   * `receiving message` line of a receive session, the `MAIL FROM` of a send session, the `+` line of
   * a connectivity session, the row of a tracking event. It holds `key`.
   */
  line: number;
  sessionId?: string;
  eventId?: string;
  linkedBy: HopLink;
  /** Text on `line` that identifies the hop (a `receiving message` key, `MAIL FROM:<…>`, a session id, a message id). */
  key: string;
  /**
   * Receive and FrontEnd send sessions: the `250 2.6.0 <message-id> [InternalId=…]` line; send sessions:
   * the remote's reply to the message. In a later file than `line` when the session crossed a roll-over.
   */
  reply?: LineLocation;
  /** FrontEnd send sessions: the `Proxying inbound session with session id …` line. */
  link?: LineLocation;
  /** What the hop says: a remote reply, a recipient status. */
  status?: string;
  /** The file is in a folder left out (`options.missing`): a trace should say those logs were not collected. */
  missing: boolean;
}

export interface LineLocation {
  path: string;
  /** 0-based, header lines counted. */
  line: number;
}

export interface MessageTruth {
  /** As written in the logs, with angle brackets. */
  messageId: string;
  networkMessageId: string;
  /** Every internal id the message was given (FrontEnd, Hub, mailbox submission and delivery), in order. */
  internalIds: { server: string; service: Service; id: number }[];
  sender: string;
  recipients: string[];
  subject: string;
  size: number;
  scenario: Scenario;
  /** A DSN: the message id of the message it reports on. */
  reportsOn?: string;
  /** In time order (ties in the order the message passed them). */
  hops: Hop[];
}

/** One complete log file: its bytes as they go to disk, and what it holds. */
export class GeneratedFile {
  private decoded: string | undefined;

  constructor(
    /** Relative to the collection, `/`-separated, e.g. `EX01/TransportRoles/Logs/Hub/Connectivity/CONNECTLOG2024030410-1.LOG`. */
    readonly path: string,
    /** The file's content, UTF-8. */
    readonly data: Buffer,
    readonly server: string,
    readonly kind: CollectionLogKind,
    readonly service: Service,
    readonly records: number,
    /** Distinct session ids with records in the file (0 for message tracking, which has events). */
    readonly sessions: number,
    /** Sessions with records here that began in an earlier file of the folder (no connect here). */
    readonly openAtStart: readonly string[],
    /** Sessions with records here that continue in a later file of the folder (no disconnect here). */
    readonly openAtEnd: readonly string[],
    /** Times of the first and last records. */
    readonly first: number,
    readonly last: number,
  ) {}

  get bytes(): number {
    return this.data.length;
  }

  /** The content as text (decoded on first use). */
  get text(): string {
    return (this.decoded ??= this.data.toString('utf8'));
  }
}

export interface CollectionSummary {
  /** Over the files yielded (folders left out are not counted). */
  files: number;
  bytes: number;
  records: number;
  /** Sessions, one for a session that crosses files. */
  sessions: number;
  trackingEvents: number;
  /** Message ids the journeys created (DSNs included). */
  messages: number;
  servers: string[];
  first: number;
  last: number;
}

export interface CollectionOptions {
  /** Server names (default EX01, EX02), or how many (EX01…EXnn). Each runs FrontEnd, Hub and Mailbox. */
  servers?: string[] | number;
  /** Time of the first journey, ms since the epoch (default 2024-03-04T00:00:00Z). */
  start?: number;
  /** Hours of traffic (default 24); journeys begun in the last hour finish after it. */
  hours?: number;
  /** About how many messages an hour the organisation handles, averaged over the time-of-day curve (default 1500). */
  messagesPerHour?: number;
  /** Stop starting journeys once about this many bytes were produced (left-out folders included); overrides `hours`. */
  targetBytes?: number;
  /** A file rolls over to `-2`, `-3`… before it would pass this many bytes (default 10 MB). */
  fileLimitBytes?: number;
  seed?: number;
  /** Folders (relative, `/`-separated, e.g. `EX02/TransportRoles/Logs/Hub`) whose files are not yielded: logs not collected. */
  missing?: string[];
  /** IMAP4 back-end logs (default true). */
  imap?: boolean;
}

export interface GeneratedCollection {
  files: GeneratedFile[];
  messages: MessageTruth[];
  summary: CollectionSummary;
}

/** Streams the files of a collection; `summary` is complete once iteration ends. */
export function generateCollection(options: CollectionOptions = {}): CollectionStream {
  return new CollectionStream(options, undefined);
}

/** A whole (small) collection in memory with its ground truth. */
export function buildCollection(options: CollectionOptions = {}): GeneratedCollection {
  const messages: MessageTruth[] = [];
  const stream = new CollectionStream(options, messages);
  const files = [...stream];
  for (const m of messages) m.hops.sort((a, b) => a.time - b.time);
  return { files, messages, summary: stream.summary };
}

/** Each iteration generates the collection anew (the same files); `summary` is that of the latest. */
export class CollectionStream implements Iterable<GeneratedFile> {
  private latest: CollectionSummary;

  constructor(private readonly options: CollectionOptions, private readonly truth: MessageTruth[] | undefined) {
    this.latest = emptySummary(options);
  }

  get summary(): CollectionSummary {
    return this.latest;
  }

  [Symbol.iterator](): Iterator<GeneratedFile> {
    this.latest = emptySummary(this.options);
    this.truth?.splice(0);
    return new Simulation(this.options, this.truth, this.latest).run();
  }
}

function emptySummary(options: CollectionOptions): CollectionSummary {
  return { files: 0, bytes: 0, records: 0, sessions: 0, trackingEvents: 0, messages: 0, servers: serverNames(options.servers), first: NaN, last: NaN };
}

function serverNames(s: string[] | number | undefined): string[] {
  if (Array.isArray(s)) return s.slice();
  const n = s ?? 2;
  return Array.from({ length: n }, (_, i) => `EX${String(i + 1).padStart(2, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// The organisation: pools of people, partners and clients.

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MB = 1024 * 1024;
const ORG = 'contoso.com';
/** The FQDN the Internet send connector gives in EHLO, and the address the Internet sees. */
const OUTBOUND_FQDN = `mail.${ORG}`;
const PUBLIC_IP = '203.0.113.9';
const OUTBOUND_CONNECTOR = 'Outbound to Internet';
const OUTBOUND_CONNECTOR_GUID = '5d6f7a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6';
const DSN_SENDER = `MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@${ORG}`;
const SCHEMA = '15.01.2507.023';

const GIVEN = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'karim', 'lena', 'marta', 'nils', 'olivia', 'pavel', 'quinn', 'rosa', 'sami', 'tomas'];
const SURNAMES = ['smith', 'garcia', 'nguyen', 'patel', 'kowalski', 'silva', 'okafor', 'dubois', 'jensen', 'tanaka'];
const SHARED = ['sales', 'info', 'support', 'hr', 'accounts'];

const SUBJECTS = [
  'Quarterly report', 'Quarterly report, Q1 figures', 'RE: Meeting tomorrow', 'FW: Invoice 2024-0117', 'Angebot für März',
  'Réunion budgétaire', 'RE: "Urgent" – contract draft', 'Your order has shipped', 'Weekly status', 'Holiday schedule',
  'RE: RE: Project Falcon timeline', 'Scan from PRN-3F-01', 'Password expiry notice', 'Training: new expense tool',
  'Lunch on Friday?', 'Purchase order 4471', 'Ticket #88213 updated', 'Newsletter March', 'Presupuesto 2024',
  'Candidate CV – Senior engineer', 'Server maintenance window', 'Board pack (confidential)', 'Thanks!', 'Agenda; updated',
];

type Style = 'postfix' | 'exo' | 'exchange';
export interface Partner {
  domain: string;
  /** MX host and address (where we send). */
  mx: string;
  mxIp: string;
  style: Style;
  /** Their outbound MTA (what connects to us). */
  outHelo: string;
  outIp: string;
  users: string[];
  /** Offers STARTTLS; the TLS version they negotiate. */
  tls: TlsVersion | null;
}
export type TlsVersion = '1_0' | '1_1' | '1_2';

const PARTNERS: readonly Partner[] = [
  { domain: 'fabrikam.com', mx: 'mail.fabrikam.com', mxIp: '198.51.100.25', style: 'exchange', outHelo: 'mail.fabrikam.com', outIp: '198.51.100.25', users: ['jdoe', 'orders', 'm.rossi', 'anna.berg'], tls: '1_2' },
  { domain: 'adatum.com', mx: 'adatum-com.mail.protection.outlook.com', mxIp: '198.51.100.40', style: 'exo', outHelo: 'EUR05-AM6-obe.outbound.protection.outlook.com', outIp: '198.51.100.41', users: ['billing', 'kevin.lee', 'sara.ali'], tls: '1_2' },
  { domain: 'litwareinc.com', mx: 'mx1.litwareinc.com', mxIp: '198.51.100.61', style: 'postfix', outHelo: 'smtp-out.litwareinc.com', outIp: '198.51.100.62', users: ['news', 'p.novak', 'helpdesk'], tls: '1_2' },
  { domain: 'northwindtraders.com', mx: 'mx.northwindtraders.com', mxIp: '198.51.100.77', style: 'postfix', outHelo: 'mta2.northwindtraders.com', outIp: '198.51.100.78', users: ['noreply', 'purchasing', 'li.wei'], tls: '1_0' },
  { domain: 'tailspintoys.com', mx: 'mx.tailspintoys.com', mxIp: '198.51.100.87', style: 'postfix', outHelo: 'mx.tailspintoys.com', outIp: '198.51.100.87', users: ['support', 'r.khan'], tls: null },
  { domain: 'wingtiptoys.com', mx: 'wingtiptoys-com.mail.protection.outlook.com', mxIp: '198.51.100.102', style: 'exo', outHelo: 'NAM12-DM6-obe.outbound.protection.outlook.com', outIp: '198.51.100.103', users: ['ceo', 'events', 'tom.hill'], tls: '1_2' },
  { domain: 'woodgrovebank.com', mx: 'smtp.woodgrovebank.com', mxIp: '198.51.100.120', style: 'exchange', outHelo: 'smtp.woodgrovebank.com', outIp: '198.51.100.120', users: ['statements', 'advisor.team'], tls: '1_1' },
];

/** A domain whose MX no longer answers: the source of connection failures. */
const DEAD = { domain: 'proseware.net', mx: 'mail.proseware.net', ip: '203.0.113.250' };

/** Addresses that hammer AUTH on the Internet-facing connector. */
const HOSTILE = [
  { ip: '192.0.2.66', helo: 'ylmf-pc' }, { ip: '192.0.2.113', helo: 'User' },
  { ip: '192.0.2.201', helo: 'WIN-3NV1KO5HUAM' }, { ip: '192.0.2.45', helo: '[192.0.2.45]' },
];
const TRIED_USERS = ['administrator', `admin@${ORG}`, 'test', `scanner@${ORG}`, `info@${ORG}`, 'backup'];

/** Internal clients on the anonymous relay connector. */
const RELAY_CLIENTS: readonly { ip: string; helo: string; sender: string; tls: TlsVersion | null }[] = [
  { ip: '10.0.1.20', helo: `PRN-3F-01.${ORG}`, sender: `scanner@${ORG}`, tls: null },
  { ip: '10.0.1.21', helo: 'PRN-2F-07', sender: `scan2@${ORG}`, tls: '1_0' },
  { ip: '10.0.1.35', helo: `app-erp01.${ORG}`, sender: `erp-notifications@${ORG}`, tls: '1_2' },
  { ip: '10.0.1.36', helo: 'monitoring01', sender: `alerts@${ORG}`, tls: '1_2' },
];

const LOAD_BALANCER = '10.0.0.5';

const PERMS = {
  anonymous: 'SMTPSubmit SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders',
  relay: 'SMTPSubmit SMTPAcceptAnyRecipient SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders',
  users: 'SMTPSubmit SMTPAcceptAnyRecipient BypassAntiSpam AcceptRoutingHeaders',
  servers: 'SMTPSubmit SMTPAcceptAnyRecipient SMTPAcceptAuthenticationFlag SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender BypassAntiSpam BypassMessageSizeLimit SMTPAcceptEXCH50 AcceptRoutingHeaders AcceptForestHeaders AcceptOrganizationHeaders SMTPAcceptXShadow SMTPAcceptXProxyFrom SMTPAcceptXSessionParams SMTPAcceptXMessageContextADRecipientCache SMTPAcceptXMessageContextExtendedProperties SMTPAcceptXMessageContextFastIndex SMTPAcceptXAttr SMTPAcceptXSysProbe',
};
/** The organisation's public certificate, the same on every FrontEnd (one certificate bought and installed on each). */
const PUBLIC_CERT_THUMB = '3E1F0C5D9A7B2468ACE013579BDF2468ACE01357';
const CERT_CONTEXT = 'Sending certificate Subject Issuer name Serial number Thumbprint Not before Not after Subject alternate names';
const CLOSING = '221 2.0.0 Service closing transmission channel';
const RELAY_DENIED = '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain';
const AUTH_FAILED = '535 5.7.3 Authentication unsuccessful';

function tlsText(v: TlsVersion, side: 'SERVER' | 'CLIENT'): string {
  const strong = v === '1_2';
  return `TLS protocol SP_PROT_TLS${v}_${side} negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, ` +
    `MAC hash algorithm ${strong ? 'CALG_SHA_384 with strength 0' : 'CALG_SHA1 with strength 160'} bits and key exchange algorithm CALG_ECDH_EPHEM with strength ${strong ? 384 : 256} bits`;
}

/** The relative weights of what starts: journeys of a message, then the noise around them. */
const MESSAGE_ARRIVALS = [
  ['inboundDelivered', 38], ['sentOut', 12], ['internalDelivered', 9], ['relayedOut', 5], ['submittedOut', 3],
  ['deferredThenSent', 3], ['failed', 2],
] as const;
const NOISE_ARRIVALS = [
  ['rejectedRelay', 7], ['authFailed', 6], ['dropped', 3], ['probe', 4], ['tlsFailed', 1], ['connectFailed', 2], ['imap', 5],
] as const;
const ARRIVALS = [...MESSAGE_ARRIVALS, ...NOISE_ARRIVALS];
type Arrival = (typeof ARRIVALS)[number][0];
const MESSAGE_WEIGHT = MESSAGE_ARRIVALS.reduce((n, [, w]) => n + w, 0);
/** Traffic by hour of day (UTC), relative; normalised so that a day averages `messagesPerHour`. */
const DAY_CURVE = [0.3, 0.25, 0.2, 0.2, 0.25, 0.35, 0.6, 0.9, 1.3, 1.6, 1.7, 1.6, 1.4, 1.5, 1.6, 1.5, 1.3, 1.0, 0.8, 0.6, 0.5, 0.45, 0.4, 0.35];
const DAY_MEAN = DAY_CURVE.reduce((a, b) => a + b, 0) / 24;

// ---------------------------------------------------------------------------------------------
// Streams of lines: one per log folder and file prefix of a server.

interface Ref { hop: Hop; field: 'line' | 'reply' | 'link' }

interface Line {
  time: number;
  order: number;
  text: string;
  /** Session id (undefined for message tracking). */
  sid: string | undefined;
  first: boolean;
  last: boolean;
  refs: Ref[] | undefined;
}

/** A binary min-heap by time, then by the order lines were made. */
class Heap<T extends { time: number; order: number }> {
  private readonly a: T[] = [];

  peek(): T | undefined {
    return this.a[0];
  }

  push(x: T): void {
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(x, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }

  pop(): T | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const c = l + 1 < a.length && less(a[l + 1], a[l]) ? l + 1 : l;
      if (!less(a[c], last)) break;
      a[i] = a[c];
      i = c;
    }
    a[i] = last;
    return top;
  }
}

function less(x: { time: number; order: number }, y: { time: number; order: number }): boolean {
  return x.time < y.time || (x.time === y.time && x.order < y.order);
}

interface OpenFile {
  path: string;
  key: number;
  /** The content so far: `buf[0, bytes)`; the buffer grows by doubling. */
  buf: Buffer;
  bytes: number;
  lines: number;
  records: number;
  sessions: Set<string>;
  openAtStart: string[];
  first: number;
  last: number;
}

class Stream {
  readonly lines = new Heap<Line>();
  file: OpenFile | undefined;
  lastKey = NaN;
  part = 0;
  /** Size of the last file: the next one starts with room for about as much. */
  lastSize = 0;
  /** Sessions whose first line was written and last line not yet. */
  readonly open = new Set<string>();

  constructor(
    readonly server: string,
    readonly folder: string,
    readonly prefix: string,
    readonly kind: CollectionLogKind,
    readonly service: Service,
    readonly omitted: boolean,
  ) {}

  get daily(): boolean {
    return this.kind === 'imap4';
  }
}

interface Server {
  name: string;
  ip: string;
  fqdn: string;
  feRecv: Stream;
  feSend: Stream;
  hubRecv: Stream;
  hubSend: Stream;
  connect: Stream;
  track: Stream;
  trackMs: Stream;
  trackMd: Stream;
  imap: Stream;
  /** Internal id counters. */
  feId: number;
  hubId: number;
  msId: number;
  mdId: number;
  recordId: number;
  imapSession: number;
  mdb: string;
  thumb: string;
}

/** A message on its way, and its truth when one is kept. */
interface Msg {
  messageId: string;
  nmid: string;
  sender: string;
  recipients: string[];
  subject: string;
  size: number;
  scenario: Scenario;
  /** When the message entered the organisation: its first session or RECEIVE. */
  origin: number;
  /** The internal id the routing Hub gave it. */
  hubId?: number;
  partner?: Partner;
  /** Internet sender's address, for tracking's original-client-ip. */
  clientIp: string;
  truth: MessageTruth | undefined;
}

interface Task { time: number; order: number; run: () => void }

interface Client {
  kind: 'internet' | 'relay' | 'client';
  ip: string;
  helo: string;
  tls: TlsVersion | null;
  /** Authenticated submission: the account. */
  user?: string;
  /** Internet senders pace their commands slower than internal clients. */
  far: boolean;
}

// ---------------------------------------------------------------------------------------------

class Simulation {
  private readonly r: () => number;
  private readonly servers: Server[];
  private readonly users: { address: string; server: Server; guid: string }[];
  private readonly streams: Stream[] = [];
  private readonly tasks = new Heap<Task>();
  private readonly done: GeneratedFile[] = [];
  private readonly limit: number;
  private readonly end: number;
  private readonly target: number;
  private readonly arrivalsPerHour: number;
  private readonly imap: boolean;
  private order = 0;
  private generated = 0;
  private stopped = false;
  private sessionCounter: number;
  private messageCounter = 0;
  private minute = NaN;
  private minutePrefix = '';

  constructor(options: CollectionOptions, private readonly truth: MessageTruth[] | undefined, private readonly summary: CollectionSummary) {
    const seed = options.seed ?? 1;
    this.r = rng(seed);
    this.limit = options.fileLimitBytes ?? 10 * MB;
    const start = options.start ?? Date.UTC(2024, 2, 4, 0, 0, 0);
    this.target = options.targetBytes ?? Infinity;
    this.end = options.targetBytes !== undefined ? Infinity : start + (options.hours ?? 24) * HOUR;
    this.arrivalsPerHour = ((options.messagesPerHour ?? 1500) * 100) / MESSAGE_WEIGHT;
    this.imap = options.imap !== false;
    this.sessionCounter = 0x3c0a00000000 + (seed % 4096) * 0x10000000;
    const missing = (options.missing ?? []).map((m) => m.replace(/\\/g, '/').replace(/\/+$/, ''));
    const omitted = (folder: string) => missing.some((m) => folder === m || folder.startsWith(m + '/'));
    this.servers = summary.servers.map((name, index) => {
      const stream = (sub: string, prefix: string, kind: CollectionLogKind, service: Service) => {
        const s = new Stream(name, `${name}/${sub}`, prefix, kind, service, omitted(`${name}/${sub}`));
        this.streams.push(s);
        return s;
      };
      const logs = 'TransportRoles/Logs';
      return {
        name, ip: `10.0.0.${11 + index}`, fqdn: `${name}.${ORG}`,
        feRecv: stream(`${logs}/FrontEnd/ProtocolLog/SmtpReceive`, 'RECV', 'smtpReceive', 'FrontEnd'),
        feSend: stream(`${logs}/FrontEnd/ProtocolLog/SmtpSend`, 'SEND', 'smtpSend', 'FrontEnd'),
        hubRecv: stream(`${logs}/Hub/ProtocolLog/SmtpReceive`, 'RECV', 'smtpReceive', 'Hub'),
        hubSend: stream(`${logs}/Hub/ProtocolLog/SmtpSend`, 'SEND', 'smtpSend', 'Hub'),
        connect: stream(`${logs}/Hub/Connectivity`, 'CONNECTLOG', 'connectivity', 'Hub'),
        track: stream(`${logs}/MessageTracking`, 'MSGTRK', 'messageTracking', 'Hub'),
        trackMs: stream(`${logs}/MessageTracking`, 'MSGTRKMS', 'messageTracking', 'MailboxSubmission'),
        trackMd: stream(`${logs}/MessageTracking`, 'MSGTRKMD', 'messageTracking', 'MailboxDelivery'),
        imap: stream('Logging/Imap4', 'IMAP4BE', 'imap4', 'Imap4'),
        feId: 2_100_000_000_000 + index * 10_000_000_000 + this.int(0, 99_999),
        hubId: 4_810_000_000_000 + index * 10_000_000_000 + this.int(0, 99_999),
        msId: 400 + this.int(0, 900),
        mdId: 130_000 + this.int(0, 9_000),
        recordId: 167_500_000_000 + index * 1_000_000_000,
        imapSession: 0xe0,
        mdb: this.guid(),
        thumb: this.hex(40).toUpperCase(),
      };
    });
    const people = [...GIVEN.map((g, i) => `${g}.${SURNAMES[i % SURNAMES.length]}`), ...SHARED];
    this.users = people.map((p, i) => ({ address: `${p}@${ORG}`, server: this.servers[i % this.servers.length], guid: this.guid() }));
    this.schedule(start, () => this.arrive(start));
    this.nextRollOver(Math.floor(start / HOUR) + 1, start);
  }

  /** Before the roll-over at hour `h`, on every server a slow inbound session starts that ends after it. */
  private nextRollOver(h: number, start: number): void {
    // a slow session lasts at least 2.8 s (four paced commands of 700 ms or more)
    const at = h * HOUR - this.int(1000, 2500);
    if (at >= this.end) return;
    if (at < start) return this.nextRollOver(h + 1, start);
    this.schedule(at, () => {
      if (this.stopped) return;
      this.acrossTheHour(at);
      this.nextRollOver(h + 1, start);
    });
  }

  *run(): Generator<GeneratedFile> {
    for (;;) {
      const task = this.tasks.pop();
      if (!task) break;
      this.flush(task.time);
      yield* this.take();
      task.run();
    }
    this.flush(Infinity);
    for (const s of this.streams) this.finish(s);
    yield* this.take();
  }

  private *take(): Generator<GeneratedFile> {
    while (this.done.length > 0) yield this.done.shift()!;
  }

  // --- randomness -----------------------------------------------------------------------------

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }

  private chance(p: number): boolean {
    return this.r() < p;
  }

  private pick<T>(a: readonly T[]): T {
    return pick(this.r, a);
  }

  private hex(n: number): string {
    let s = '';
    while (s.length < n) s += Math.floor(this.r() * 0x10000).toString(16).padStart(4, '0');
    return s.slice(0, n);
  }

  private guid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${this.pick(['8', '9', 'a', 'b'])}${this.hex(3)}-${this.hex(12)}`;
  }

  /** Message sizes: log-normal, mostly 5–80 KB, a few of several MB. */
  private messageSize(): number {
    const n = Math.sqrt(-2 * Math.log(1 - this.r())) * Math.cos(2 * Math.PI * this.r());
    return Math.max(1200, Math.min(25 * MB, Math.round(Math.exp(9.9 + 1.2 * n))));
  }

  private sid(): string {
    this.sessionCounter += this.int(1, 3);
    return '08DC' + this.sessionCounter.toString(16).toUpperCase().padStart(12, '0');
  }

  // --- time -----------------------------------------------------------------------------------

  /** `yyyy-MM-ddTHH:mm:ss.fffZ`, the minute cached (one in a few hundred lines builds a Date). */
  stamp(t: number): string {
    const m = Math.floor(t / 60000);
    if (m !== this.minute) {
      this.minute = m;
      this.minutePrefix = new Date(m * 60000).toISOString().slice(0, 17);
    }
    const ms = t - m * 60000;
    const s = Math.floor(ms / 1000);
    const f = ms - s * 1000;
    return `${this.minutePrefix}${s < 10 ? '0' : ''}${s}.${f < 10 ? '00' : f < 100 ? '0' : ''}${f}Z`;
  }

  private schedule(time: number, run: () => void): void {
    this.tasks.push({ time, order: this.order++, run });
  }

  // --- lines and files ------------------------------------------------------------------------

  push(s: Stream, time: number, text: string, sid: string | undefined, first: boolean): Line {
    const line: Line = { time, order: this.order++, text, sid, first, last: false, refs: undefined };
    s.lines.push(line);
    return line;
  }

  /** Writes every line earlier than `upTo` into its file: nothing earlier can be made any more. */
  private flush(upTo: number): void {
    for (const s of this.streams) {
      for (let l = s.lines.peek(); l && l.time < upTo; l = s.lines.peek()) this.append(s, s.lines.pop()!);
      // a file whose hour (day) is over gets nothing more
      if (s.file && (s.file.key + 1) * (s.daily ? DAY : HOUR) <= upTo) this.finish(s);
    }
  }

  private append(s: Stream, line: Line): void {
    const key = Math.floor(line.time / (s.daily ? DAY : HOUR));
    let f = s.file;
    if (f && f.key !== key) {
      this.finish(s);
      f = undefined;
    }
    if (!f) f = this.open(s, key, line.time);
    const start = f.bytes;
    write(f, line.text);
    reserve(f, 2);
    f.buf[f.bytes++] = 13;
    f.buf[f.bytes++] = 10;
    if (f.records > 0 && f.bytes > this.limit) {
      // the line would pass the limit: it begins the next file of the hour
      const old = f.buf;
      const end = f.bytes;
      f.bytes = start;
      this.finish(s);
      f = this.open(s, key, line.time);
      reserve(f, end - start);
      f.bytes += old.copy(f.buf, f.bytes, start, end);
    }
    this.generated += f.bytes - start;
    if (this.generated >= this.target) this.stopped = true;
    if (line.refs) {
      for (const { hop, field } of line.refs) {
        if (field !== 'line') hop[field] = { path: f.path, line: f.lines };
        else {
          hop.path = f.path;
          hop.line = f.lines;
          hop.time = line.time;
        }
      }
    }
    f.lines++;
    f.records++;
    f.last = line.time;
    const sid = line.sid;
    if (sid !== undefined) {
      if (!f.sessions.has(sid)) {
        f.sessions.add(sid);
        if (!line.first) f.openAtStart.push(sid);
      }
      if (line.first) s.open.add(sid);
      if (line.last) s.open.delete(sid);
    }
  }

  private open(s: Stream, key: number, time: number): OpenFile {
    s.part = key === s.lastKey ? s.part + 1 : 1;
    s.lastKey = key;
    const d = new Date(key * (s.daily ? DAY : HOUR)).toISOString();
    const stamp = d.slice(0, 4) + d.slice(5, 7) + d.slice(8, 10) + (s.daily ? '' : d.slice(11, 13));
    const bom = s.kind === 'smtpReceive' || s.kind === 'smtpSend' || s.kind === 'messageTracking' ? '\ufeff' : '';
    const f: OpenFile = {
      path: `${s.folder}/${s.prefix}${stamp}-${s.part}.LOG`, key, buf: Buffer.allocUnsafe(Math.max(64 * 1024, Math.ceil(Math.min(this.limit, s.lastSize) * 1.25))), bytes: 0,
      lines: 5, records: 0, sessions: new Set(), openAtStart: [], first: time, last: time,
    };
    write(f, bom + header(s.kind, this.stamp(time)));
    this.generated += f.bytes;
    s.file = f;
    return f;
  }

  private finish(s: Stream): void {
    const f = s.file;
    if (!f) return;
    s.file = undefined;
    s.lastSize = f.bytes;
    if (s.omitted) return;
    const openAtEnd: string[] = [];
    for (const id of s.open) if (f.sessions.has(id)) openAtEnd.push(id);
    const sessions = s.kind === 'messageTracking' ? 0 : f.sessions.size;
    // the used part; copied when the doubling left much spare room, so that it is not kept
    const used = f.buf.subarray(0, f.bytes);
    const data = f.bytes < f.buf.length * 0.75 ? Buffer.from(used) : used;
    this.done.push(new GeneratedFile(f.path, data, s.server, s.kind, s.service, f.records, sessions, f.openAtStart, openAtEnd, f.first, f.last));
    const sum = this.summary;
    sum.files++;
    sum.bytes += f.bytes;
    sum.records += f.records;
    sum.sessions += sessions - f.openAtStart.length;
    if (s.kind === 'messageTracking') sum.trackingEvents += f.records;
    if (!(sum.first <= f.first)) sum.first = f.first;
    if (!(sum.last >= f.last)) sum.last = f.last;
  }

  // --- ground truth ---------------------------------------------------------------------------

  private hop(m: Msg, s: Stream, line: Line, h: { linkedBy: HopLink; key: string; sessionId?: string; eventId?: string; status?: string }): Hop | undefined {
    if (!m.truth) return undefined;
    const hop: Hop = { time: line.time, server: s.server, service: s.service, logKind: s.kind, path: '', line: -1, missing: s.omitted, ...h };
    (line.refs ??= []).push({ hop, field: 'line' });
    m.truth.hops.push(hop);
    return hop;
  }

  private ref(hop: Hop | undefined, line: Line, field: 'reply' | 'link'): void {
    if (hop) (line.refs ??= []).push({ hop, field });
  }

  private message(scenario: Scenario, sender: string, recipients: string[], messageId: string, origin: number, clientIp: string): Msg {
    this.summary.messages++;
    const m: Msg = {
      messageId, nmid: `${this.hex(8)}-${this.hex(4)}-${this.hex(4)}-${this.hex(4)}-08dc${this.hex(8)}`, sender, recipients,
      subject: this.pick(SUBJECTS), size: this.messageSize(), scenario, origin, clientIp, truth: undefined,
    };
    if (this.truth) {
      m.truth = { messageId, networkMessageId: m.nmid, internalIds: [], sender, recipients, subject: m.subject, size: m.size, scenario, hops: [] };
      this.truth.push(m.truth);
    }
    return m;
  }

  private internalId(m: Msg, server: Server, service: Service): number {
    const field = service === 'FrontEnd' ? 'feId' : service === 'Hub' ? 'hubId' : service === 'MailboxSubmission' ? 'msId' : 'mdId';
    server[field] += this.int(1, 4);
    m.truth?.internalIds.push({ server: server.name, service, id: server[field] });
    return server[field];
  }

  // --- arrivals -------------------------------------------------------------------------------

  private arrive(t: number): void {
    if (this.stopped || t >= this.end) return;
    const rate = this.arrivalsPerHour * DAY_CURVE[new Date(t).getUTCHours()] / DAY_MEAN;
    const gap = Math.max(1, Math.round(-Math.log(1 - this.r()) * HOUR / rate));
    this.schedule(t + gap, () => this.arrive(t + gap));
    let w = this.r() * ARRIVALS.reduce((n, [k, x]) => n + (k === 'imap' && !this.imap ? 0 : x), 0);
    let kind: Arrival = 'inboundDelivered';
    for (const [k, x] of ARRIVALS) {
      if (k === 'imap' && !this.imap) continue;
      w -= x;
      if (w < 0) {
        kind = k;
        break;
      }
    }
    this.start(kind, t);
  }

  private acrossTheHour(t: number): void {
    for (const fe of this.servers) {
      const others = this.servers.filter((s) => s !== fe);
      this.inbound(t, fe, others.length > 0 ? this.pick(others) : fe, true);
    }
  }

  private start(kind: Arrival, t: number): void {
    const any = () => this.pick(this.servers);
    switch (kind) {
      case 'inboundDelivered': return this.inbound(t, any(), any(), false);
      case 'relayedOut': return this.relayed(t, any(), any());
      case 'submittedOut': return this.submitted(t, any(), any());
      case 'sentOut':
      case 'internalDelivered':
      case 'deferredThenSent':
      case 'failed':
        return this.fromMailbox(t, kind);
      case 'rejectedRelay': return this.rejectedRelay(t, any());
      case 'authFailed': return this.authFailed(t, any());
      case 'dropped': return this.dropped(t, any());
      case 'probe': return this.probe(t, any());
      case 'tlsFailed': return this.tlsFailed(t, any());
      case 'connectFailed': return this.connectFailed(t, any());
      case 'imap': return this.imapSession(t, any(), any());
    }
  }

  private internalRecipients(max: number): string[] {
    const n = this.int(1, max);
    const out: string[] = [];
    while (out.length < n) {
      const u = this.pick(this.users).address;
      if (!out.includes(u)) out.push(u);
    }
    return out;
  }

  private externalRecipients(p: Partner): string[] {
    const n = this.chance(0.8) ? 1 : 2;
    const out: string[] = [];
    while (out.length < n) {
      const u = `${this.pick(p.users)}@${p.domain}`;
      if (!out.includes(u)) out.push(u);
      if (p.users.length < 2) break;
    }
    return out;
  }

  private internetMessageId(p: Partner, t: number): string {
    const n = ++this.messageCounter;
    if (p.style === 'exo') return `<${this.hex(8).toUpperCase()}${n}@${p.outHelo.split('.')[0]}.prod.outlook.com>`;
    if (p.style === 'postfix') return `<${this.stamp(t).replace(/\D/g, '').slice(0, 14)}.${this.hex(6).toUpperCase()}.${n}@${p.outHelo}>`;
    return `<${this.hex(32)}${n}@${p.outHelo}>`;
  }

  private exchangeMessageId(server: Server): string {
    return `<${this.hex(28)}${(++this.messageCounter).toString(16).padStart(4, '0')}@${server.fqdn}>`;
  }

  // --- journeys -------------------------------------------------------------------------------

  /** Internet → FrontEnd on `fe` → Hub on `hub` → mailbox delivery. `slow`: paced to cross the hour. */
  private inbound(t: number, fe: Server, hub: Server, slow: boolean): void {
    const p = this.pick(PARTNERS);
    const client: Client = { kind: 'internet', ip: p.outIp, helo: p.outHelo, tls: p.tls, far: true };
    const count = this.chance(0.1) ? 2 : 1;
    const msgs: Msg[] = [];
    for (let i = 0; i < count; i++) {
      const sender = `${this.pick(p.users)}@${p.domain}`;
      msgs.push(this.message('inboundDelivered', sender, this.internalRecipients(3), this.internetMessageId(p, t), t, p.outIp));
    }
    this.frontEnd(t, fe, hub, client, msgs, slow);
  }

  private relayed(t: number, fe: Server, hub: Server): void {
    const c = this.pick(RELAY_CLIENTS);
    const p = this.pick(PARTNERS);
    const m = this.message('relayedOut', c.sender, this.externalRecipients(p), `<${this.hex(16)}.${++this.messageCounter}@${c.helo.includes('.') ? c.helo : `${c.helo}.${ORG}`}>`, t, c.ip);
    m.partner = p;
    this.frontEnd(t, fe, hub, { kind: 'relay', ip: c.ip, helo: c.helo, tls: c.tls, far: false }, [m], false);
  }

  private submitted(t: number, fe: Server, hub: Server): void {
    const u = this.pick(this.users.slice(0, GIVEN.length));
    const p = this.pick(PARTNERS);
    const home = this.chance(0.3);
    const ip = home ? `203.0.113.${this.int(10, 240)}` : `10.0.2.${this.int(10, 250)}`;
    const m = this.message('submittedOut', u.address, this.externalRecipients(p), this.exchangeMessageId(hub), t, ip);
    m.partner = p;
    const client: Client = { kind: 'client', ip, helo: home ? `[${ip}]` : `DESKTOP-${this.hex(7).toUpperCase()}`, tls: '1_2', user: `CONTOSO\\${u.address.split('@')[0]}`, far: home };
    this.frontEnd(t, fe, hub, client, [m], false);
  }

  /**
   * A FrontEnd receive session (Internet on `Default Frontend`, relay clients on `Relay`, authenticated
   * clients on `Client Frontend` port 587) whose messages are proxied to `hub` in one FrontEnd send session.
   */
  private frontEnd(t0: number, fe: Server, hub: Server, c: Client, msgs: Msg[], slow: boolean): void {
    const names = { internet: `Default Frontend ${fe.name}`, relay: `Relay ${fe.name}`, client: `Client Frontend ${fe.name}` };
    const rs = new SmtpLog(this, fe.feRecv, `${fe.name}\\${names[c.kind]}`, this.sid(), `${fe.ip}:${c.kind === 'client' ? 587 : 25}`, `${c.ip}:${this.int(1025, 65000)}`, t0);
    const pace = () => (slow ? this.int(700, 2600) : c.far ? this.int(15, 350) : this.int(1, 30));
    let t = t0;
    this.greet(rs, fe, c, t, c.kind === 'relay' ? PERMS.relay : c.kind === 'client' ? 'None' : PERMS.anonymous);
    t = rs.time;
    if (c.tls) t = this.serverTls(rs, fe, c, t + pace(), c.kind === 'client' ? 'client' : 'frontend');
    if (c.user) {
      rs.log(t += pace(), '<', 'AUTH LOGIN');
      rs.log(t += 1, '>', '334 <authentication response>');
      rs.log(t += pace(), '>', '334 <authentication response>');
      rs.log(t += this.int(5, 60), '*', PERMS.users, 'Set Session Permissions');
      rs.log(t, '*', c.user, 'authenticated');
      rs.log(t, '>', '235 2.7.0 Authentication successful');
    }
    let proxy: Proxy | undefined;
    msgs.forEach((m, i) => {
      rs.log(t += pace(), '<', `MAIL FROM:<${m.sender}> SIZE=${m.size}`);
      const key = `${rs.id};${this.stamp(rs.start)};${i + 1}`;
      const hop = this.hop(m, fe.feRecv, rs.log(t, '*', key, 'receiving message'), { linkedBy: 'messageId', key, sessionId: rs.id });
      rs.log(t += 1, '>', '250 2.1.0 Sender OK');
      for (const to of m.recipients) {
        rs.log(t += pace(), '<', `RCPT TO:<${to}>`);
        rs.log(t += 1, '>', '250 2.1.5 Recipient OK');
      }
      const chunking = c.kind !== 'relay' || this.chance(0.3);
      if (chunking) rs.log(t += pace(), '<', `BDAT ${m.size} LAST`);
      else {
        rs.log(t += pace(), '<', 'DATA');
        rs.log(t += 1, '>', '354 Start mail input; end with <CRLF>.<CRLF>');
      }
      const transfer = Math.round(m.size / (c.far ? this.int(200, 4000) : this.int(5000, 40000)));
      t += transfer;
      rs.log(t += 1, '*', '', `Proxy destination(s) obtained from OnProxyInboundMessage event. Correlation Id:${this.guid()}`);
      proxy ??= this.openProxy(t + 1, fe, hub, c.kind === 'client', rs.id);
      t = this.proxyMessage(proxy, m, i + 1, Math.max(t + 1, proxy.time));
      const id = this.internalId(m, fe, 'FrontEnd');
      const secs = Math.max(0.001, transfer / 1000);
      const reply = `250 2.6.0 ${m.messageId} [InternalId=${id}, Hostname=${fe.fqdn}] ${m.size} bytes in ${secs.toFixed(3)}, ${(m.size / 1024 / secs).toFixed(3)} KB/sec Queued mail for delivery`;
      this.ref(hop, rs.log(t += 1, '>', reply), 'reply');
    });
    rs.log(t += pace(), '<', 'QUIT');
    rs.log(t += 1, '>', CLOSING);
    rs.log(t, '-', '', 'Local');
    rs.end();
    if (proxy) this.closeProxy(proxy, t + 1);
  }

  /** Connect, permissions, banner, EHLO. */
  private greet(rs: SmtpLog, server: Server, c: Client, t: number, perms: string): void {
    rs.log(t, '+');
    rs.log(t, '*', perms, 'Set Session Permissions');
    rs.log(t += 1, '>', `220 ${server.fqdn} Microsoft ESMTP MAIL Service ready at ${bannerDate(t)}`);
    rs.log(t += c.far ? this.int(20, 400) : this.int(1, 20), '<', `EHLO ${c.helo}`);
    rs.log(t += 1, '>', ehloReply(server, c.ip, c.kind === 'client' ? 'client' : 'frontend', false));
  }

  /** STARTTLS on a FrontEnd connector: certificate, negotiation, the second EHLO. */
  private serverTls(rs: SmtpLog, server: Server, c: Client, t: number, flavour: 'frontend' | 'client'): number {
    rs.log(t, '<', 'STARTTLS');
    rs.log(t += 1, '>', '220 2.0.0 SMTP server ready');
    rs.log(t += 1, '*', ` CN=mail.${ORG}, O=Contoso Ltd, C=US CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US 0A1B2C3D4E5F60718293A4B5C6D7E8F9 ${PUBLIC_CERT_THUMB} 2024-01-17T00:00:00.000Z 2025-01-16T23:59:59.000Z mail.${ORG};autodiscover.${ORG}`, CERT_CONTEXT);
    rs.log(t += this.int(5, 120), '*', '', tlsText(c.tls ?? '1_2', 'SERVER'));
    rs.log(t += c.far ? this.int(20, 300) : this.int(1, 20), '<', `EHLO ${c.helo}`);
    if (c.far) {
      rs.log(t, '*', '', "Client certificate chain validation status: 'EmptyCertificate'");
      rs.log(t, '*', '', "TlsDomainCapabilities='None'; Status='NoRemoteCertificate'");
    }
    rs.log(t += 1, '>', ehloReply(server, c.ip, flavour, true));
    return t;
  }

  /** The FrontEnd send session to the Hub and the Hub's receive session, through X-EXPS authentication. */
  private openProxy(t: number, fe: Server, hub: Server, client: boolean, inbound: string): Proxy {
    const port = client ? 465 : 2525;
    const ps = new SmtpLog(this, fe.feSend, client ? 'Client Proxy Send Connector' : 'Inbound Proxy Internal Send Connector', this.sid(), '', `${hub.ip}:${port}`, t);
    ps.log(t, '*', 'None', 'Set Session Permissions');
    const link = ps.log(t, '*', '', `Proxying inbound session with session id ${inbound}`);
    ps.log(t, '*', '', 'attempting to connect');
    const local = `${fe.ip}:${this.int(20000, 65000)}`;
    ps.local = local;
    ps.log(t += 1, '+');
    const hs = new SmtpLog(this, hub.hubRecv, `${hub.name}\\${client ? 'Client Proxy' : 'Default'} ${hub.name}`, this.sid(), `${hub.ip}:${port}`, local, t);
    t = this.hubHandshake(hs, ps, hub, fe, t);
    return { ps, hs, fe, hub, link, time: t };
  }

  /**
   * The Hub's side of an SMTP session from another Exchange server (FrontEnd proxy or mailbox
   * submission): banner, EHLO, X-ANONYMOUSTLS, X-EXPS. `client` is the peer's own log, if collected.
   */
  private hubHandshake(hs: SmtpLog, client: SmtpLog | undefined, hub: Server, peer: Server, t: number): number {
    const say = (from: SmtpLog | undefined, to: SmtpLog | undefined, text: string) => {
      from?.log(t, '>', text);
      t += 1;
      to?.log(t, '<', text);
      t += 1;
    };
    hs.log(t, '+');
    hs.log(t, '*', 'None', 'Set Session Permissions');
    say(hs, client, `220 ${hub.fqdn} Microsoft ESMTP MAIL Service ready at ${bannerDate(t)}`);
    say(client, hs, `EHLO ${peer.fqdn}`);
    say(hs, client, ehloReply(hub, peer.ip, 'hub', false));
    say(client, hs, 'X-ANONYMOUSTLS');
    say(hs, client, '220 2.0.0 SMTP server ready');
    hs.log(t, '*', ` CN=${hub.name} CN=${hub.name} 5E1A9D0B7C3F2A4B ${hub.thumb} 2023-11-02T09:14:51.000Z 2028-11-02T09:14:51.000Z ${hub.name};${hub.fqdn}`, CERT_CONTEXT);
    hs.log(t += this.int(2, 15), '*', '', tlsText('1_2', 'SERVER'));
    client?.log(t, '*', '', 'Received certificate');
    client?.log(t, '*', hub.thumb, 'Certificate thumbprint');
    client?.log(t, '*', '', tlsText('1_2', 'CLIENT'));
    say(client, hs, `EHLO ${peer.fqdn}`);
    say(hs, client, ehloReply(hub, peer.ip, 'hub', true));
    say(client, hs, 'X-EXPS GSSAPI');
    hs.log(t += this.int(2, 12), '*', PERMS.servers, 'Set Session Permissions');
    hs.log(t, '*', `CONTOSO\\${peer.name}$`, 'authenticated');
    say(hs, client, '235 <authentication response>');
    return t + 1;
  }

  /** One message through an open proxy (or mailbox-submission) session; returns when the FrontEnd has the Hub's reply. */
  private proxyMessage(p: Proxy, m: Msg, n: number, t: number): number {
    const { ps, hs, hub } = p;
    const mailFrom = `MAIL FROM:<${m.sender}> SIZE=${m.size}`;
    const mf = ps.log(t, '>', mailFrom);
    const sendHop = this.hop(m, p.fe.feSend, mf, { linkedBy: 'proxiedSession', key: `MAIL FROM:<${m.sender}>`, sessionId: ps.id });
    this.ref(sendHop, p.link, 'link');
    t = this.hubMessage(hs, ps, hub, m, n, t + 1, (line) => this.ref(sendHop, line, 'reply'));
    p.time = t;
    return t;
  }

  /**
   * The Hub's side of one message (MAIL FROM already sent by `client` if logged): `receiving message`,
   * RCPT, BDAT, the `250 2.6.0` reply, then the tracking RECEIVE and the routing onward.
   */
  private hubMessage(hs: SmtpLog, client: SmtpLog | undefined, hub: Server, m: Msg, n: number, t: number, onReply: (line: Line) => void): number {
    hs.log(t, '<', `MAIL FROM:<${m.sender}> SIZE=${m.size}`);
    const key = `${hs.id};${this.stamp(hs.start)};${n}`;
    const hop = this.hop(m, hub.hubRecv, hs.log(t, '*', key, 'receiving message'), { linkedBy: 'sourceContext', key, sessionId: hs.id });
    hs.log(t += 1, '>', '250 2.1.0 Sender OK');
    client?.log(t += 1, '<', '250 2.1.0 Sender OK');
    for (const to of m.recipients) {
      client?.log(t += 1, '>', `RCPT TO:<${to}>`);
      hs.log(t += 1, '<', `RCPT TO:<${to}>`);
      hs.log(t += 1, '>', '250 2.1.5 Recipient OK');
      client?.log(t += 1, '<', '250 2.1.5 Recipient OK');
    }
    client?.log(t += 1, '>', `BDAT ${m.size} LAST`);
    hs.log(t += 1, '<', `BDAT ${m.size} LAST`);
    const transfer = Math.max(1, Math.round(m.size / this.int(20000, 120000)));
    t += transfer;
    const id = this.internalId(m, hub, 'Hub');
    m.hubId = id;
    const secs = transfer / 1000;
    const reply = `250 2.6.0 ${m.messageId} [InternalId=${id}, Hostname=${hub.fqdn}] ${m.size} bytes in ${secs.toFixed(3)}, ${(m.size / 1024 / secs).toFixed(3)} KB/sec Queued mail for delivery`;
    this.ref(hop, hs.log(t, '>', reply), 'reply');
    if (client) onReply(client.log(t += 1, '<', reply));
    // the tracking RECEIVE, source-context = the receive session's key
    const peerIp = hs.remote.slice(0, hs.remote.lastIndexOf(':'));
    const peer = this.servers.find((s) => s.ip === peerIp);
    const at = t + this.int(0, 3);
    const row = this.track(hub.track, at, {
      clientIp: peerIp, clientHost: peer?.fqdn ?? '', serverIp: hub.ip, serverHost: hub.name, sourceContext: key,
      connector: hs.connector, source: 'SMTP', event: 'RECEIVE', internalId: id, m, recipients: m.recipients, status: '',
      messageInfo: '', direction: m.scenario === 'inboundDelivered' ? 'Incoming' : 'Originating', originalClientIp: m.clientIp,
      customData: `S:ProxyHop1=${peer?.fqdn ?? peerIp}(${peerIp});S:DeliveryPriority=Normal;S:AccountForest=${ORG}`,
    });
    this.hop(m, hub.track, row, { linkedBy: 'sourceContext', key, eventId: 'RECEIVE' });
    if (m.scenario === 'inboundDelivered' && this.chance(0.5)) {
      const info = this.track(hub.track, at + this.int(1, 40), {
        clientIp: '', clientHost: hub.name, serverIp: '', serverHost: '', sourceContext: '', connector: '', source: 'AGENT', event: 'AGENTINFO',
        internalId: id, m, recipients: m.recipients, status: '', messageInfo: '', direction: 'Incoming', originalClientIp: m.clientIp,
        customData: `S:CompCost=|ETR=0;S:DeliveryPriority=Normal;S:SCL=${this.int(-1, 4)};S:PCL=0;S:AccountForest=${ORG}`,
      });
      this.hop(m, hub.track, info, { linkedBy: 'messageId', key: m.messageId, eventId: 'AGENTINFO' });
    }
    this.route(hub, m, at + 50);
    return t;
  }

  private closeProxy(p: Proxy, t: number): void {
    const { ps, hs } = p;
    t = Math.max(t, p.time);
    ps.log(t, '>', 'QUIT');
    hs.log(t += 1, '<', 'QUIT');
    hs.log(t += 1, '>', CLOSING);
    ps.log(t += 1, '<', CLOSING);
    ps.log(t, '-', '', 'Local');
    hs.log(t, '-', '', 'Remote');
    ps.end();
    hs.end();
  }

  /** Mailbox submission on the sender's server → a Hub → mailbox delivery or the Internet. */
  private fromMailbox(t: number, scenario: 'sentOut' | 'internalDelivered' | 'deferredThenSent' | 'failed'): void {
    const user = this.pick(this.users.slice(0, GIVEN.length));
    const mbx = user.server;
    const hub = this.chance(0.5) ? mbx : this.pick(this.servers);
    const internal = scenario === 'internalDelivered';
    const p = internal ? undefined : this.pick(scenario === 'deferredThenSent' || scenario === 'failed' ? PARTNERS.filter((x) => x.style !== 'exchange') : PARTNERS);
    const m = this.message(scenario, user.address, p ? this.externalRecipients(p) : this.internalRecipients(4), this.exchangeMessageId(mbx), t, `10.0.2.${this.int(10, 250)}`);
    m.partner = p;
    const msId = this.internalId(m, mbx, 'MailboxSubmission');
    const ctx = `MDB:${mbx.mdb}, Mailbox:${user.guid}, Event:${this.int(10_000_000, 99_999_999)}, MessageClass:IPM.Note, CreationTime:${this.stamp(t - this.int(50, 900))}, ClientType:${this.pick(['MOMT', 'OWA', 'AirSync', 'EWS'])}, SubmissionAssistant:MailboxTransportSubmissionEmailAssistant`;
    const base = {
      clientIp: mbx.ip, clientHost: mbx.fqdn, serverIp: '', sourceContext: ctx, connector: '', source: 'STOREDRIVER', internalId: msId, m,
      recipients: m.recipients, messageInfo: '', direction: 'Originating', originalClientIp: m.clientIp,
      customData: `S:MailboxDatabaseGuid=${mbx.mdb};S:DeliveryPriority=Normal;S:AccountForest=${ORG}`,
    };
    const rcv = this.track(mbx.trackMs, t, { ...base, serverHost: mbx.name, event: 'RECEIVE', status: m.recipients.map(() => 'To').join(';') });
    this.hop(m, mbx.trackMs, rcv, { linkedBy: 'messageId', key: m.messageId, eventId: 'RECEIVE' });
    t += this.int(30, 400);
    const sub = this.track(mbx.trackMs, t, { ...base, serverHost: hub.fqdn, event: 'SUBMIT', status: '' });
    this.hop(m, mbx.trackMs, sub, { linkedBy: 'messageId', key: m.messageId, eventId: 'SUBMIT' });
    // Mailbox Transport Submission → the Hub's Default connector (its own send log is not in a transport collection)
    const hs = new SmtpLog(this, hub.hubRecv, `${hub.name}\\Default ${hub.name}`, this.sid(), `${hub.ip}:2525`, `${mbx.ip}:${this.int(20000, 65000)}`, t += this.int(2, 30));
    t = this.hubHandshake(hs, undefined, hub, mbx, t);
    t = this.hubMessage(hs, undefined, hub, m, 1, t, () => undefined);
    hs.log(t += 1, '<', 'QUIT');
    hs.log(t += 1, '>', CLOSING);
    hs.log(t, '-', '', 'Remote');
    hs.end();
  }

  /** After the Hub's RECEIVE: deliver to mailboxes, or send to the Internet. */
  private route(hub: Server, m: Msg, t: number): void {
    if (m.partner) {
      this.sendAttempt(hub, m, t + this.int(100, 2500), 1);
      return;
    }
    const byServer = new Map<Server, string[]>();
    for (const r of m.recipients) {
      const s = this.users.find((u) => u.address === r)?.server ?? hub;
      byServer.set(s, [...(byServer.get(s) ?? []), r]);
    }
    // a few messages wait minutes before delivery (a busy database, a lagging copy)
    const wait = this.chance(0.03) ? this.int(60_000, 900_000) : this.int(200, 3000);
    for (const [mbx, rcpts] of byServer) this.deliver(hub, mbx, m, rcpts, t + wait + this.int(0, 400));
  }

  private deliver(hub: Server, mbx: Server, m: Msg, rcpts: string[], t: number): void {
    const id = this.internalId(m, mbx, 'MailboxDelivery');
    const row = this.track(mbx.trackMd, t, {
      clientIp: hub.ip, clientHost: hub.fqdn, serverIp: '', serverHost: mbx.name,
      sourceContext: `${this.sid()};${this.stamp(t - this.int(5, 200))};ClientSubmitTime:${this.stamp(m.origin)}`,
      connector: '', source: 'STOREDRIVER', event: 'DELIVER', internalId: id, m, recipients: rcpts, status: '',
      messageInfo: `${this.stamp(m.origin)};SRV=${mbx.fqdn}:TOTAL=${((t - m.origin) / 1000).toFixed(3)}`,
      direction: m.scenario === 'inboundDelivered' ? 'Incoming' : 'Originating', originalClientIp: m.clientIp,
      customData: `S:Mailbox=${this.guid()};S:DeliveryPriority=Normal;S:AccountForest=${ORG}`,
    });
    this.hop(m, mbx.trackMd, row, { linkedBy: 'messageId', key: m.messageId, eventId: 'DELIVER' });
  }

  /** One attempt to send to the Internet: connectivity and send sessions, then SENDEXTERNAL, DEFER (and a retry) or FAIL (and a DSN). */
  private sendAttempt(hub: Server, m: Msg, t: number, attempt: number): void {
    const p = m.partner!;
    const outcome = m.scenario === 'failed' ? 'fail' : m.scenario === 'deferredThenSent' && attempt === 1 ? 'defer' : 'ok';
    const sid = this.sid();
    const conn = new ConnLog(this, hub.connect, sid, p.domain, t);
    const plus = conn.log(t, '+', `DnsConnectorDelivery ${OUTBOUND_CONNECTOR_GUID};QueueLength=TQ=${this.int(1, 6)};RM=0;`);
    this.hop(m, hub.connect, plus, { linkedBy: 'connectivitySession', key: sid, sessionId: sid });
    const ss = new SmtpLog(this, hub.hubSend, OUTBOUND_CONNECTOR, sid, '', `${p.mxIp}:25`, t);
    const wan = () => this.int(15, 160);
    ss.log(t += 1, '*', 'SendRoutingHeaders', 'Set Session Permissions');
    ss.log(t, '*', '', 'attempting to connect');
    conn.log(t += this.int(1, 25), '>', `${p.mx}[${p.mxIp}]`);
    ss.local = `${hub.ip}:${this.int(20000, 65000)}`;
    ss.log(t += wan(), '+');
    conn.log(t, '>', `Established connection to ${p.mxIp}`);
    ss.log(t += wan(), '<', partnerBanner(p, t));
    ss.log(t += 1, '>', `EHLO ${OUTBOUND_FQDN}`);
    const ehlo = p.style === 'postfix' ? `250-${p.mx} 250-PIPELINING 250-SIZE 52428800 ${p.tls ? '250-STARTTLS ' : ''}250-ENHANCEDSTATUSCODES 250-8BITMIME 250 DSN`
      : `250-${p.mx} Hello [${PUBLIC_IP}] 250-SIZE 157286400 250-PIPELINING 250-DSN 250-ENHANCEDSTATUSCODES ${p.tls ? '250-STARTTLS ' : ''}250-8BITMIME 250-BINARYMIME 250 CHUNKING`;
    ss.log(t += wan(), '<', ehlo);
    if (p.tls) {
      ss.log(t += 1, '>', 'STARTTLS');
      ss.log(t += wan(), '<', p.style === 'postfix' ? '220 2.0.0 Ready to start TLS' : '220 2.0.0 SMTP server ready');
      ss.log(t += this.int(5, 80), '*', '', 'Received certificate');
      // the partner's certificate is the same from one session to the next (the random draw is kept so that the rest of the collection does not change)
      void this.hex(40);
      ss.log(t, '*', partnerThumbprint(p), 'Certificate thumbprint');
      ss.log(t, '*', '', tlsText(p.tls, 'CLIENT'));
      ss.log(t += 1, '>', `EHLO ${OUTBOUND_FQDN}`);
      ss.log(t += wan(), '<', ehlo.replace('250-STARTTLS ', ''));
    }
    hub.recordId += this.int(1, 9);
    ss.log(t += 1, '*', '', `sending message with RecordId ${hub.recordId} and InternetMessageId ${m.messageId}`);
    const mf = ss.log(t, '>', `MAIL FROM:<${m.sender}> SIZE=${m.size}`);
    const hop = this.hop(m, hub.hubSend, mf, { linkedBy: 'sendMatch', key: `MAIL FROM:<${m.sender}>`, sessionId: sid });
    ss.log(t += wan(), '<', p.style === 'postfix' ? '250 2.1.0 Ok' : '250 2.1.0 Sender OK');
    const statuses: string[] = [];
    let replyLine: Line | undefined;
    for (const to of m.recipients) {
      ss.log(t += 1, '>', `RCPT TO:<${to}>`);
      const reply = outcome === 'ok' ? (p.style === 'postfix' ? '250 2.1.5 Ok' : '250 2.1.5 Recipient OK')
        : outcome === 'defer' ? (p.style === 'postfix' ? `450 4.2.0 <${to}>: Recipient address rejected: Greylisted, please try again later` : `451 4.7.500 Server busy. Please try again later from [${PUBLIC_IP}]. (S77719)`)
          : (p.style === 'postfix' ? `550 5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table` : `550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient ${to} not found by SMTP address lookup`);
      replyLine = ss.log(t += wan(), '<', reply);
      statuses.push(reply);
    }
    let final = statuses[statuses.length - 1];
    if (outcome === 'ok') {
      ss.log(t += 1, '>', `BDAT ${m.size} LAST`);
      t += Math.round(m.size / this.int(500, 8000));
      final = p.style === 'postfix' ? `250 2.0.0 Ok: queued as ${this.hex(10).toUpperCase()}`
        : `250 2.6.0 ${m.messageId} [InternalId=${this.int(10_000_000, 99_999_999)}${this.int(1000, 9999)}, Hostname=${p.style === 'exo' ? `AM${this.int(4, 9)}PR0${this.int(1, 9)}MB${this.int(1000, 9999)}.eurprd0${this.int(1, 9)}.prod.outlook.com` : p.mx}] ${m.size} bytes in ${(this.r() * 2).toFixed(3)}, ${(this.r() * 900 + 10).toFixed(3)} KB/sec Queued mail for delivery`;
      replyLine = ss.log(t += wan(), '<', final);
    }
    if (hop) {
      hop.status = final;
      this.ref(hop, replyLine!, 'reply');
    }
    ss.log(t += 1, '>', 'QUIT');
    ss.log(t += wan(), '<', p.style === 'postfix' ? '221 2.0.0 Bye' : CLOSING);
    ss.log(t, '-', '', 'Local');
    ss.end();
    conn.log(t += 1, '-', outcome === 'ok' ? `Messages: 1 Bytes: ${m.size}` : `Messages: 0 Bytes: 0 (${outcome === 'defer' ? 'Retry' : 'Fail'} : ${final})`);
    conn.end();
    const at = t + this.int(1, 20);
    const common = {
      clientIp: hub.ip, clientHost: hub.fqdn, serverIp: p.mxIp, serverHost: p.mx, connector: OUTBOUND_CONNECTOR, source: 'SMTP',
      internalId: m.hubId ?? 0, m, recipients: m.recipients, direction: 'Originating', originalClientIp: m.clientIp,
      customData: `S:DeliveryPriority=Normal;S:AccountForest=${ORG}`,
    };
    if (outcome === 'ok') {
      const row = this.track(hub.track, at, {
        ...common, sourceContext: `${final};ClientSubmitTime:${this.stamp(m.origin)}`, event: 'SENDEXTERNAL', status: statuses.join(';'),
        messageInfo: `${this.stamp(m.origin)};SRV=${hub.fqdn}:TOTAL=${((at - m.origin) / 1000).toFixed(3)}`,
      });
      this.hop(m, hub.track, row, { linkedBy: 'messageId', key: m.messageId, eventId: 'SENDEXTERNAL', status: statuses.join(';') });
      return;
    }
    if (outcome === 'defer') {
      const status = statuses.map((r) => `451 4.4.0 Primary target IP address responded with: "${r}." Attempted failover to alternate host, but that did not succeed. Either there are no alternate hosts, or delivery failed to all alternate hosts. The last endpoint attempted was ${p.mxIp}:25`).join(';');
      const row = this.track(hub.track, at, { ...common, sourceContext: '', event: 'DEFER', status, messageInfo: '' });
      this.hop(m, hub.track, row, { linkedBy: 'messageId', key: m.messageId, eventId: 'DEFER', status });
      const retry = at + this.int(5, 10) * 60_000 + this.int(0, 59_999);
      this.schedule(retry, () => this.sendAttempt(hub, m, retry, attempt + 1));
      return;
    }
    const fail = this.track(hub.track, at, { ...common, sourceContext: '', event: 'FAIL', status: statuses.join(';'), messageInfo: '' });
    this.hop(m, hub.track, fail, { linkedBy: 'messageId', key: m.messageId, eventId: 'FAIL', status: statuses.join(';') });
    // the DSN to the sender: a message of its own, referring to this one
    const sender = this.users.find((u) => u.address === m.sender)!;
    const ndr = this.message('ndr', DSN_SENDER, [m.sender], this.exchangeMessageId(hub), at + 1, hub.ip);
    ndr.subject = `Undeliverable: ${m.subject}`;
    ndr.size = m.size + this.int(3000, 9000);
    if (ndr.truth) {
      ndr.truth.subject = ndr.subject;
      ndr.truth.size = ndr.size;
      ndr.truth.reportsOn = m.messageId;
    }
    const ndrId = this.internalId(ndr, hub, 'Hub');
    ndr.hubId = ndrId;
    const dsn = this.track(hub.track, at + 1, {
      clientIp: '', clientHost: '', serverIp: '', serverHost: hub.name, sourceContext: '', connector: '', source: 'DSN', event: 'DSN',
      internalId: ndrId, m: ndr, recipients: [m.sender], status: '', reference: m.messageId, messageInfo: '', direction: 'Originating',
      originalClientIp: '', customData: `S:DeliveryPriority=Normal;S:AccountForest=${ORG}`,
    });
    this.hop(m, hub.track, dsn, { linkedBy: 'reference', key: m.messageId, eventId: 'DSN' });
    this.hop(ndr, hub.track, dsn, { linkedBy: 'messageId', key: ndr.messageId, eventId: 'DSN' });
    this.deliver(hub, sender.server, ndr, [m.sender], at + this.int(300, 2500));
  }

  // --- noise ----------------------------------------------------------------------------------

  private internetSession(t: number, fe: Server, ip: string, helo: string): SmtpLog {
    const rs = new SmtpLog(this, fe.feRecv, `${fe.name}\\Default Frontend ${fe.name}`, this.sid(), `${fe.ip}:25`, `${ip}:${this.int(1025, 65000)}`, t);
    this.greet(rs, fe, { kind: 'internet', ip, helo, tls: null, far: true }, t, PERMS.anonymous);
    return rs;
  }

  private rejectedRelay(t: number, fe: Server): void {
    const ip = `203.0.113.${this.int(1, 249)}`;
    const rs = this.internetSession(t, fe, ip, this.chance(0.3) ? `[${ip}]` : `bulk${this.int(1, 99)}.example.net`);
    t = rs.time;
    if (this.chance(0.4)) t = this.serverTls(rs, fe, { kind: 'internet', ip, helo: `bulk.example.net`, tls: this.pick(['1_0', '1_2'] as TlsVersion[]), far: true }, t + this.int(20, 300), 'frontend');
    rs.log(t += this.int(20, 300), '<', `MAIL FROM:<${this.pick(['promo', 'info', 'no-reply', 'winner'])}@example.net>`);
    rs.log(t, '*', `${rs.id};${this.stamp(rs.start)};1`, 'receiving message');
    rs.log(t += 1, '>', '250 2.1.0 Sender OK');
    for (let i = this.int(1, 3); i > 0; i--) {
      rs.log(t += this.int(20, 300), '<', `RCPT TO:<${this.pick(['victim', 'user', 'sales', 'office'])}${this.int(1, 999)}@example.org>`);
      if (this.chance(0.3)) {
        rs.log(t += 1, '*', `Tarpit for '0.00:00:05' due to '${RELAY_DENIED}'`);
        t += 5000;
      }
      rs.log(t += 1, '>', RELAY_DENIED);
    }
    if (this.chance(0.5)) {
      rs.log(t += this.int(20, 300), '<', 'QUIT');
      rs.log(t += 1, '>', CLOSING);
      rs.log(t, '-', '', 'Local');
    } else rs.log(t += this.int(20, 3000), '-', '', 'Remote(ConnectionReset)');
    rs.end();
  }

  private authFailed(t: number, fe: Server): void {
    const h = this.pick(HOSTILE);
    const rs = this.internetSession(t, fe, h.ip, h.helo);
    t = rs.time;
    if (this.chance(0.25)) {
      // no TLS: LOGIN is not offered
      rs.log(t += this.int(20, 300), '<', 'AUTH LOGIN');
      rs.log(t += 1, '>', '504 5.7.4 Unrecognized authentication type');
      rs.log(t += this.int(20, 900), '-', '', 'Remote');
      rs.end();
      return;
    }
    t = this.serverTls(rs, fe, { kind: 'internet', ip: h.ip, helo: h.helo, tls: this.pick(['1_0', '1_1', '1_2'] as TlsVersion[]), far: true }, t + this.int(20, 300), 'frontend');
    for (let i = this.int(1, 3); i > 0; i--) {
      rs.log(t += this.int(20, 300), '<', 'AUTH LOGIN');
      rs.log(t += 1, '>', '334 <authentication response>');
      rs.log(t += this.int(20, 300), '>', '334 <authentication response>');
      rs.log(t += this.int(20, 300), '*', '', 'Inbound AUTH LOGIN failed because of LogonDenied');
      rs.log(t, '*', '', `User Name: ${this.pick(TRIED_USERS)}`);
      rs.log(t, '*', `Tarpit for '0.00:00:05' due to '${AUTH_FAILED}'`);
      rs.log(t += 5000, '>', AUTH_FAILED);
    }
    rs.log(t += this.int(10, 500), '-', '', 'Remote(ConnectionReset)');
    rs.end();
  }

  private dropped(t: number, fe: Server): void {
    const ip = `203.0.113.${this.int(1, 249)}`;
    const rs = this.internetSession(t, fe, ip, `[${ip}]`);
    rs.log(rs.time + this.int(50, 8000), '-', '', 'Remote(ConnectionReset)');
    rs.end();
  }

  /** The load balancer's health check: EHLO and QUIT. */
  private probe(t: number, fe: Server): void {
    const rs = new SmtpLog(this, fe.feRecv, `${fe.name}\\Default Frontend ${fe.name}`, this.sid(), `${fe.ip}:25`, `${LOAD_BALANCER}:${this.int(1025, 65000)}`, t);
    this.greet(rs, fe, { kind: 'internet', ip: LOAD_BALANCER, helo: 'lb-healthcheck', tls: null, far: false }, t, PERMS.anonymous);
    t = rs.time;
    rs.log(t += 1, '<', 'QUIT');
    rs.log(t += 1, '>', CLOSING);
    rs.log(t, '-', '', 'Local');
    rs.end();
  }

  private tlsFailed(t: number, fe: Server): void {
    const ip = `203.0.113.${this.int(1, 249)}`;
    const rs = this.internetSession(t, fe, ip, `mail${this.int(1, 20)}.example.com`);
    t = rs.time;
    rs.log(t += this.int(20, 300), '<', 'STARTTLS');
    rs.log(t += 1, '>', '220 2.0.0 SMTP server ready');
    rs.log(t += 1, '*', '', 'TLS negotiation failed with error UnknownCredentials');
    rs.log(t += 1, '-', '', 'Local');
    rs.end();
  }

  /** A queued message for a domain whose MX no longer answers: the connection times out. */
  private connectFailed(t: number, hub: Server): void {
    const sid = this.sid();
    const conn = new ConnLog(this, hub.connect, sid, DEAD.domain, t);
    conn.log(t, '+', `DnsConnectorDelivery ${OUTBOUND_CONNECTOR_GUID};QueueLength=TQ=${this.int(1, 30)};RM=0;`);
    const ss = new SmtpLog(this, hub.hubSend, OUTBOUND_CONNECTOR, sid, '', `${DEAD.ip}:25`, t);
    ss.log(t += 1, '*', 'SendRoutingHeaders', 'Set Session Permissions');
    ss.log(t, '*', '', 'attempting to connect');
    conn.log(t += this.int(1, 25), '>', `${DEAD.mx}[${DEAD.ip}]`);
    t += 21_000;
    ss.log(t, '*', '', `Failed to connect. Winsock error code: 10060, Win32 error code: 10060, Destination domain: ${DEAD.domain}, Error Message: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond ${DEAD.ip}:25.`);
    ss.end();
    conn.log(t, '>', `Failed connection to ${DEAD.ip}:25 (TimedOut:0000274C)`);
    conn.log(t += 1, '-', 'Messages: 0 Bytes: 0 (Retry : Failed to connect)');
    conn.end();
  }

  /** An IMAP4 client through the FrontEnd `fe` to its mailbox on `mbx` (the back-end log). */
  private imapSession(t: number, fe: Server, mbx: Server): void {
    const users = this.users.filter((u) => u.server === mbx);
    const user = (users.length > 0 ? this.pick(users) : this.users[0]).address;
    const session = new ImapLog(this, mbx.imap, hex16(++mbx.imapSession), `${mbx.ip}:1993`, `${fe.ip}:${this.int(20000, 65000)}`, t);
    const log = (who: string, cmd: string, params: string, ctx: string) => {
      session.log(t, who, `${this.int(0, 40)},${this.int(0, 120)},${this.int(10, 900)}`, cmd, params, ctx);
      t += this.int(1, 400);
    };
    log('', 'OpenSession', '', '');
    log('', 'capability', '', 'R=ok');
    const name = user.split('@')[0];
    if (this.chance(0.12)) {
      log(name, 'login', `${user} *****`, 'R="a1 NO LOGIN failed.";ErrMsg=AuthFailed:LogonDenied');
    } else {
      log(name, 'login', `${user} *****`, 'R=ok');
      log(name, 'select', 'INBOX', 'R=ok');
      for (let i = this.int(1, 4); i > 0; i--) log(name, 'fetch', `${this.int(1, 900)}:* (UID FLAGS)`, 'R=ok');
      log(name, 'logout', '', 'R=ok');
    }
    log(name, 'CloseSession', '', '');
    session.end();
  }

  // --- message tracking rows ------------------------------------------------------------------

  private track(s: Stream, t: number, f: TrackFields): Line {
    const m = f.m;
    const text = [
      this.stamp(t), f.clientIp, f.clientHost, f.serverIp, f.serverHost, csv(f.sourceContext), csv(f.connector), f.source, f.event,
      String(f.internalId), csv(m.messageId), m.nmid, csv(f.recipients.join(';')), csv(f.status), String(m.size), String(f.recipients.length),
      '', csv(f.reference ?? ''), csv(m.subject), csv(m.sender), csv(m.sender), csv(f.messageInfo), f.direction, '', f.originalClientIp, '',
      csv(f.customData), 'Email', this.guid(), SCHEMA,
    ].join(',');
    return this.push(s, t, text, undefined, false);
  }
}

interface TrackFields {
  clientIp: string;
  clientHost: string;
  serverIp: string;
  serverHost: string;
  sourceContext: string;
  connector: string;
  source: string;
  event: string;
  internalId: number;
  m: Msg;
  recipients: string[];
  status: string;
  reference?: string;
  messageInfo: string;
  direction: string;
  originalClientIp: string;
  customData: string;
}

interface Proxy {
  ps: SmtpLog;
  hs: SmtpLog;
  fe: Server;
  hub: Server;
  /** The `Proxying inbound session …` line. */
  link: Line;
  /** When the proxy session is free for the next command. */
  time: number;
}

/** Room in `f` for `n` more bytes. */
function reserve(f: OpenFile, n: number): void {
  if (f.bytes + n <= f.buf.length) return;
  const grown = Buffer.allocUnsafe(Math.max(f.buf.length * 2, f.bytes + n));
  f.buf.copy(grown, 0, 0, f.bytes);
  f.buf = grown;
}

/** Appends `text` to `f` as UTF-8. */
function write(f: OpenFile, text: string): void {
  reserve(f, text.length * 3);
  f.bytes += f.buf.write(text, f.bytes, 'utf8');
}

/** One session of a protocol or connectivity log: its lines in time order, the first and last marked for the roll-over bookkeeping. */
class SessionLog {
  /** Time of the last line. */
  time: number;
  private lastLine: Line | undefined;

  constructor(protected readonly sim: Simulation, private readonly stream: Stream, readonly id: string, readonly start: number) {
    this.time = start;
  }

  /** `t`, or the time of the last line if that is later: a session's times never go back. */
  protected at(t: number): number {
    if (t > this.time) this.time = t;
    return this.time;
  }

  protected emit(t: number, text: string): Line {
    const line = this.sim.push(this.stream, t, text, this.id, this.lastLine === undefined);
    this.lastLine = line;
    return line;
  }

  end(): void {
    if (this.lastLine) this.lastLine.last = true;
  }
}

class SmtpLog extends SessionLog {
  private seq = 0;

  constructor(sim: Simulation, stream: Stream, readonly connector: string, id: string, public local: string, readonly remote: string, start: number) {
    super(sim, stream, id, start);
  }

  log(t: number, event: string, data = '', context = ''): Line {
    t = this.at(t);
    return this.emit(t, `${this.sim.stamp(t)},${this.connector},${this.id},${this.seq++},${this.local},${this.remote},${event},${data && csv(data)},${context && csv(context)}`);
  }
}

class ConnLog extends SessionLog {
  constructor(sim: Simulation, stream: Stream, id: string, private readonly destination: string, start: number) {
    super(sim, stream, id, start);
  }

  log(t: number, direction: string, description: string): Line {
    t = this.at(t);
    return this.emit(t, `${this.sim.stamp(t)},${this.id},SMTP,${this.destination},${direction},${csv(description)}`);
  }
}

/** IMAP4 back end: `dateTime,sessionId,seqNumber,sIp,cIp,user,duration,rqsize,rpsize,command,parameters,context` and the empty `puid` 2016 adds. */
class ImapLog extends SessionLog {
  private seq = 0;

  constructor(sim: Simulation, stream: Stream, id: string, private readonly server: string, private readonly client: string, start: number) {
    super(sim, stream, id, start);
  }

  log(t: number, user: string, sizes: string, command: string, parameters: string, context: string): Line {
    t = this.at(t);
    return this.emit(t, `${this.sim.stamp(t)},${this.id},${this.seq++},${this.server},${this.client},${user},${sizes},${command},${csv(parameters)},${csv(context)},`);
  }
}

function bannerDate(t: number): string {
  return new Date(t).toUTCString().replace(/ 0(\d) /, ' $1 ').replace(' GMT', ' +0000');
}

function ehloReply(server: Server, ip: string, flavour: 'frontend' | 'client' | 'hub', secured: boolean): string {
  const head = `250  ${server.fqdn} Hello [${ip}] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES`;
  switch (flavour) {
    case 'frontend':
      return `${head} ${secured ? 'AUTH NTLM LOGIN' : 'STARTTLS X-ANONYMOUSTLS AUTH NTLM'} 8BITMIME BINARYMIME CHUNKING SMTPUTF8`;
    case 'client':
      return `${head} ${secured ? 'AUTH GSSAPI NTLM LOGIN' : 'STARTTLS AUTH GSSAPI NTLM'} 8BITMIME BINARYMIME CHUNKING SMTPUTF8`;
    case 'hub':
      return `${head} ${secured ? 'AUTH NTLM X-EXPS EXCHANGEAUTH GSSAPI NTLM X-EXCHANGEAUTH SHA256' : 'STARTTLS X-ANONYMOUSTLS AUTH NTLM X-EXPS GSSAPI NTLM'} 8BITMIME BINARYMIME CHUNKING XEXCH50 XRDST XSHADOWREQUEST XPROXY XPROXYFROM X-MESSAGECONTEXT`;
  }
}

/** A partner MX's certificate thumbprint: 40 hexadecimal digits drawn from its name. */
function partnerThumbprint(p: Partner): string {
  let h = 0x811c9dc5, out = '';
  while (out.length < 40) {
    for (let i = 0; i < p.mx.length; i++) h = Math.imul(h ^ p.mx.charCodeAt(i), 0x01000193);
    out += (h >>> 0).toString(16).toUpperCase().padStart(8, '0');
  }
  return out.slice(0, 40);
}

function partnerBanner(p: Partner, t: number): string {
  return p.style === 'postfix' ? `220 ${p.mx} ESMTP Postfix` : `220 ${p.mx} Microsoft ESMTP MAIL Service ready at ${bannerDate(t)}`;
}

/** The generator's fixed cast and texts, for tests that work out from them what the collection must show. */
export const COLLECTION_CAST = {
  org: ORG,
  partners: PARTNERS,
  /** Addresses that hammer AUTH (every AUTH they send fails), and the accounts they try. */
  hostile: HOSTILE,
  triedUsers: TRIED_USERS,
  /** Internal clients of the anonymous `Relay SERVER` connectors. */
  relayClients: RELAY_CLIENTS,
  publicCertificateThumbprint: PUBLIC_CERT_THUMB,
  relayDenied: RELAY_DENIED,
  authFailed: AUTH_FAILED,
} as const;
