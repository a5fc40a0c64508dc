/**
 * What message tracking adds to the session reports: a message's size (total-bytes), sender and
 * recipients, by message id, and the organisation's own domains. Read over every tracking event of the
 * collection (a message's size is a fact of the message, wherever it was tracked), not only those a
 * report covers. Message ids are keys of the `text` space, addresses of the `address` space.
 */
import type { CollectionIndex } from '../collection';
import { AuthState, E, EL, S, SL } from '../schema';
import { NONE } from '../table';
import { EventTable, TextKeys, listOf, scanEventTables, scanSessions } from './common';

/** Per message key (of the `text` space), the size message tracking gives it (the largest total-bytes of its events); NaN when untracked. */
export function trackedSizes(index: CollectionIndex): Float64Array {
  const messageKeys = new TextKeys(index, 'text');
  let sizes = new Float64Array(Math.max(1024, messageKeys.space.size)).fill(NaN);
  scanEventTables(index, undefined, (t: EventTable) => {
    const ids = t.column(E.messageId), size = t.column(E.size);
    for (let r = 0; r < t.rows; r++) {
      if (size[r] === 0 || ids[r] === NONE) continue;
      const m = messageKeys.of(t, ids[r]);
      if (m < 0) continue;
      if (m >= sizes.length) {
        const bigger = new Float64Array(Math.max(m + 1, sizes.length * 2)).fill(NaN);
        bigger.set(sizes);
        sizes = bigger;
      }
      const bytes = size[r] - 1;
      if (!(sizes[m] >= bytes)) sizes[m] = bytes;
    }
  });
  return sizes;
}

/** What message tracking says of a message: its sender and recipients (keys of the `address` space). */
export interface TrackedMessage {
  sender?: number;
  recipients: Set<number>;
}

/** The sender and recipients message tracking gives for the messages of `wanted` (message keys); a message tracking does not know is absent. */
export function trackedMessages(index: CollectionIndex, wanted: ReadonlySet<number>): Map<number, TrackedMessage> {
  const out = new Map<number, TrackedMessage>();
  if (wanted.size === 0) return out;
  const messageKeys = new TextKeys(index, 'text');
  const addressKeys = new TextKeys(index, 'address');
  scanEventTables(index, undefined, (t: EventTable) => {
    const ids = t.column(E.messageId), senders = t.column(E.sender);
    const recipients = listOf(t, EL.recipients);
    for (let r = 0; r < t.rows; r++) {
      if (ids[r] === NONE) continue;
      const m = messageKeys.of(t, ids[r]);
      if (!wanted.has(m)) continue;
      let known = out.get(m);
      if (!known) out.set(m, (known = { recipients: new Set() }));
      if (known.sender === undefined && senders[r] !== NONE) known.sender = addressKeys.of(t, senders[r]);
      for (let k = recipients.starts[r], end = recipients.starts[r + 1]; k < end; k++) known.recipients.add(addressKeys.of(t, recipients.values[k]));
    }
  });
  return out;
}

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
  const plain = new TextKeys(index, 'text');
  const domainKeys = new TextKeys(index, 'domain');
  const key = (x: string) => plain.space.id(x);
  const deliver = key('DELIVER'), receive = key('RECEIVE'), submit = key('SUBMIT'), storeDriver = key('STOREDRIVER');
  const found = new Set<number>();
  scanEventTables(index, undefined, (t: EventTable) => {
    const events = t.column(E.eventId), sources = t.column(E.source), senders = t.column(E.sender);
    const recipients = listOf(t, EL.recipients);
    for (let r = 0; r < t.rows; r++) {
      const e = plain.of(t, events[r]);
      if (e === deliver) {
        for (let k = recipients.starts[r], end = recipients.starts[r + 1]; k < end; k++) found.add(domainKeys.of(t, recipients.values[k]));
      } else if ((e === receive || e === submit) && senders[r] !== NONE && plain.of(t, sources[r]) === storeDriver) {
        found.add(domainKeys.of(t, senders[r]));
      }
    }
  });
  found.delete(-1);
  if (found.size > 0) return { domains: new Set([...found].map((d) => domainKeys.values[d])), source: 'tracking' };
  const five = new Set<number>();
  const replyKeys = new TextKeys(index, 'text');
  scanSessions({ index, match: () => true, top: 0, uriOf: (p) => p }, ['smtpReceive'], (t) => {
    const messages = t.column(S.messages), auth = t.column(S.auth), connector = t.column(S.connector);
    const replies = listOf(t, SL.replies), recipients = listOf(t, SL.recipients);
    const texts = t.texts();
    return (r) => {
      if (messages[r] === 0 || auth[r] !== AuthState.None || !/\\Default Frontend /i.test(texts[connector[r]])) return;
      for (let k = replies.starts[r], end = replies.starts[r + 1]; k < end; k++) {
        const c = replyKeys.of(t, replies.values[k]);
        if (c >= 0 && (five.has(c) || replyKeys.values[c].startsWith('5'))) {
          five.add(c);
          return;
        }
      }
      for (let k = recipients.starts[r], end = recipients.starts[r + 1]; k < end; k++) found.add(domainKeys.of(t, recipients.values[k]));
    };
  });
  found.delete(-1);
  return { domains: new Set([...found].map((d) => domainKeys.values[d])), source: found.size > 0 ? 'sessions' : 'none' };
}
