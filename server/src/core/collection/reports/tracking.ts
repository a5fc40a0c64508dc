/**
 * What message tracking adds to the session reports: a message's size (total-bytes) and recipients,
 * by message id, and the organisation's own domains. Read over every tracking event of the collection
 * (a message's size is a fact of the message, wherever it was tracked), not only those a report covers.
 */
import type { CollectionIndex } from '../collection';
import { AuthState, E, EL, KIND_CODES, S, SL } from '../schema';
import { NONE } from '../table';
import { EventTable, Interner, domainOf, scanEvents } from './common';

/** Per table, the id in `ids` of each text (-1: not there), worked out once per text. */
class Lookup {
  private table: EventTable | undefined;
  private memo = new Int32Array(0);
  private texts: readonly string[] = [];

  constructor(private readonly ids: Interner) {}

  of(table: EventTable, id: number): number {
    if (table !== this.table) {
      this.table = table;
      this.texts = table.texts();
      this.memo = new Int32Array(this.texts.length).fill(-2);
    }
    let k = this.memo[id];
    if (k === -2) k = this.memo[id] = id === NONE ? -1 : this.ids.find(this.texts[id]);
    return k;
  }
}

/** The size of each message of `messageIds` (by id) from its tracking events' total-bytes (the largest); NaN when untracked. */
export function trackedSizes(index: CollectionIndex, messageIds: Interner): Float64Array {
  const sizes = new Float64Array(messageIds.size).fill(NaN);
  if (messageIds.size === 0) return sizes;
  const lookup = new Lookup(messageIds);
  let table: EventTable | undefined;
  let ids: ArrayLike<number> = [], size: ArrayLike<number> = [];
  scanEvents(index, undefined, (t, r) => {
    if (t !== table) {
      table = t;
      ids = t.column(E.messageId);
      size = t.column(E.size);
    }
    if (size[r] === 0) return;
    const m = lookup.of(t, ids[r]);
    if (m < 0) return;
    const bytes = size[r] - 1;
    if (!(sizes[m] >= bytes)) sizes[m] = bytes;
  });
  return sizes;
}

/** What message tracking says of a message: its sender and recipients (ids of the caller's addresses, lower-cased). */
export interface TrackedMessage {
  sender?: number;
  recipients: Set<number>;
}

/**
 * The sender and recipients message tracking gives for the messages of `wanted` (ids of `messageIds`),
 * as ids of `addresses` (lower-cased addresses); a message tracking does not know is absent.
 */
export function trackedMessages(index: CollectionIndex, messageIds: Interner, wanted: ReadonlySet<number>, addresses: Interner): Map<number, TrackedMessage> {
  const out = new Map<number, TrackedMessage>();
  if (wanted.size === 0) return out;
  const lookup = new Lookup(messageIds);
  let table: EventTable | undefined;
  let ids: ArrayLike<number> = [], senders: ArrayLike<number> = [];
  scanEvents(index, undefined, (t, r) => {
    if (t !== table) {
      table = t;
      ids = t.column(E.messageId);
      senders = t.column(E.sender);
    }
    const m = lookup.of(t, ids[r]);
    if (m < 0 || !wanted.has(m)) return;
    let known = out.get(m);
    if (!known) out.set(m, (known = { recipients: new Set() }));
    if (known.sender === undefined && senders[r] !== NONE) known.sender = addresses.id(t.text(senders[r])!.toLowerCase());
    for (const id of t.list(EL.recipients, r)) known.recipients.add(addresses.id(t.text(id)!.toLowerCase()));
  });
  return out;
}

const RECEIVE = KIND_CODES.indexOf('smtpReceive');

export interface OrganisationDomains {
  domains: Set<string>;
  /** Where they came from: given by the caller, message tracking, receive sessions, or nowhere. */
  source: 'given' | 'tracking' | 'sessions' | 'none';
}

/**
 * The organisation's own domains. Given ones are taken as they are. Otherwise they are read from
 * message tracking: the recipients of DELIVER events (delivered to a mailbox here) and the senders of
 * mailbox submissions (RECEIVE and SUBMIT from STOREDRIVER). A collection without message tracking
 * falls back to the recipients of anonymous sessions on `Default Frontend` connectors that delivered
 * and were refused nothing (no 5xx reply): the Internet can only send to accepted domains.
 */
export function organisationDomains(index: CollectionIndex, given?: readonly string[]): OrganisationDomains {
  if (given && given.length > 0) return { domains: new Set(given.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter(Boolean)), source: 'given' };
  const domains = new Set<string>();
  let table: EventTable | undefined;
  let kinds = new Int8Array(0);
  let events: ArrayLike<number> = [], sources: ArrayLike<number> = [], senders: ArrayLike<number> = [];
  scanEvents(index, undefined, (t, r) => {
    if (t !== table) {
      table = t;
      events = t.column(E.eventId);
      sources = t.column(E.source);
      senders = t.column(E.sender);
      const texts = t.texts();
      // per text: 1 DELIVER, 2 RECEIVE or SUBMIT, 4 STOREDRIVER
      kinds = new Int8Array(texts.length);
      for (let i = 1; i < texts.length; i++) {
        const x = texts[i];
        kinds[i] = x === 'DELIVER' ? 1 : x === 'RECEIVE' || x === 'SUBMIT' ? 2 : x.toUpperCase() === 'STOREDRIVER' ? 4 : 0;
      }
    }
    const e = kinds[events[r]];
    if (e === 1) {
      for (const id of t.list(EL.recipients, r)) {
        const d = domainOf(t.text(id)!);
        if (d) domains.add(d);
      }
    } else if (e === 2 && kinds[sources[r]] === 4 && senders[r] !== NONE) {
      const d = domainOf(t.text(senders[r])!);
      if (d) domains.add(d);
    }
  });
  if (domains.size > 0) return { domains, source: 'tracking' };
  for (const ref of index.sessions()) {
    const t = ref.table, r = ref.row;
    if (t.column(S.kind)[r] !== RECEIVE || t.column(S.messages)[r] === 0 || t.column(S.auth)[r] !== AuthState.None) continue;
    const connector = t.text(t.column(S.connector)[r]);
    if (!connector || !/\\Default Frontend /i.test(connector)) continue;
    if (Array.from(t.list(SL.replies, r), (id) => t.text(id)!).some((c) => c.startsWith('5'))) continue;
    for (const id of t.list(SL.recipients, r)) {
      const d = domainOf(t.text(id)!);
      if (d) domains.add(d);
    }
  }
  return { domains, source: domains.size > 0 ? 'sessions' : 'none' };
}
