/**
 * `senders`, `recipients` and `domains`: the top lists of SMTP sessions by address and by domain. A
 * row counts its sessions (by their MAIL FROM and RCPT TO), its messages and their bytes. A message is
 * counted once however many hops it made: for the sender and recipients of the first session (of
 * those the report covers) that accepted or sent it, or, when that session carried several messages
 * (it keeps one MAIL FROM, its last, and the recipients of all), for the sender and recipients message
 * tracking gives that message. Bytes are message tracking's total-bytes, where the message is tracked.
 */
import type { ReportColumn, ReportTable } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { S, SL } from '../schema';
import { NONE } from '../table';
import { TextKeys, column, compareText, domainOf, listOf, rowWhere, scanSessions, topTable } from './common';
import { trackedMessages, trackedSizes } from './tracking';
import type { ReportBody, ReportInput } from './types';

interface Row {
  key: number;
  sessions: number;
  messages: number;
  bytes: number;
  /** Messages whose size is known. */
  tracked: number;
}

/** Rows by key (a dense key space: an array). */
class Rows {
  readonly byKey: (Row | undefined)[] = [];

  row(key: number): Row {
    return (this.byKey[key] ??= { key, sessions: 0, messages: 0, bytes: 0, tracked: 0 });
  }

  all(): Row[] {
    return this.byKey.filter((r): r is Row => r !== undefined);
  }
}

interface Collected {
  addresses: readonly string[];
  domains: readonly string[];
  senders: Rows;
  recipients: Rows;
  senderDomains: Rows;
  recipientDomains: Rows;
}

/** A message first met in a session of several messages: tracking says whose it is, else the session's own addresses. */
interface Pending {
  message: number;
  sender: number;
  recipients: number[];
}

/** One pass over the SMTP sessions a report covers; `what` says which rows to keep. */
function collect(input: ReportInput, what: { senders?: boolean; recipients?: boolean; domains?: boolean }): Collected {
  const addressKeys = new TextKeys(input.index, 'address');
  const domainKeys = new TextKeys(input.index, 'domain');
  const messageKeys = new TextKeys(input.index, 'text');
  const addresses = addressKeys.values, domains = domainKeys.values;
  const c: Collected = { addresses, domains, senders: new Rows(), recipients: new Rows(), senderDomains: new Rows(), recipientDomains: new Rows() };
  const sizes = trackedSizes(input.index);
  /** Per message key: counted already. */
  let counted = new Uint8Array(Math.max(1024, messageKeys.space.size));
  /** Per address key: its domain key (-1: none), worked out once. */
  const domainOfKey: number[] = [];
  const domainKey = (a: number) => {
    let d = domainOfKey[a];
    if (d === undefined) {
      const text = domainOf(addresses[a]);
      d = domainOfKey[a] = text === undefined ? -1 : domainKeys.space.id(text);
    }
    return d;
  };
  const seenDomains: number[] = [];
  /** Counts message `m` for a sender and recipients (address keys). */
  const attribute = (m: number, sender: number, recipients: ArrayLike<number>) => {
    const size = sizes[m];
    const known = size === size;
    const add = (row: Row) => {
      row.messages++;
      if (known) {
        row.bytes += size;
        row.tracked++;
      }
    };
    if (sender >= 0) {
      if (what.senders) add(c.senders.row(sender));
      const d = domainKey(sender);
      if (what.domains && d >= 0) add(c.senderDomains.row(d));
    }
    seenDomains.length = 0;
    for (let i = 0; i < recipients.length; i++) {
      const a = recipients[i];
      if (what.recipients) add(c.recipients.row(a));
      const d = domainKey(a);
      if (what.domains && d >= 0 && !seenDomains.includes(d)) {
        seenDomains.push(d);
        add(c.recipientDomains.row(d));
      }
    }
  };
  const pending: Pending[] = [];
  const rcpts: number[] = [];
  scanSessions(input, ['smtpReceive', 'smtpSend'], (tb) => {
    const fromCol = tb.column(S.mailFrom);
    const messageIds = listOf(tb, SL.messageIds), recipients = listOf(tb, SL.recipients);
    return (r) => {
      const from = fromCol[r] === NONE ? -1 : addressKeys.of(tb, fromCol[r]);
      rcpts.length = 0;
      for (let k = recipients.starts[r], end = recipients.starts[r + 1]; k < end; k++) rcpts.push(addressKeys.of(tb, recipients.values[k]));
      // the session, for its MAIL FROM and each RCPT TO (a domain once)
      if (from >= 0) {
        if (what.senders) c.senders.row(from).sessions++;
        const d = domainKey(from);
        if (what.domains && d >= 0) c.senderDomains.row(d).sessions++;
      }
      seenDomains.length = 0;
      for (const a of rcpts) {
        if (what.recipients) c.recipients.row(a).sessions++;
        const d = domainKey(a);
        if (what.domains && d >= 0 && !seenDomains.includes(d)) {
          seenDomains.push(d);
          c.recipientDomains.row(d).sessions++;
        }
      }
      // its messages, each where it is first met
      const m0 = messageIds.starts[r], m1 = messageIds.starts[r + 1];
      for (let k = m0; k < m1; k++) {
        const m = messageKeys.of(tb, messageIds.values[k]);
        if (m < 0) continue;
        if (m >= counted.length) {
          const bigger = new Uint8Array(Math.max(m + 1, counted.length * 2));
          bigger.set(counted);
          counted = bigger;
        }
        if (counted[m] === 1) continue;
        counted[m] = 1;
        if (m1 - m0 === 1) attribute(m, from, rcpts);
        else pending.push({ message: m, sender: from, recipients: rcpts.slice() });
      }
    };
  });
  if (pending.length > 0) {
    const tracked = trackedMessages(input.index, new Set(pending.map((p) => p.message)));
    for (const p of pending) {
      const known = tracked.get(p.message);
      if (known) attribute(p.message, known.sender ?? p.sender, [...known.recipients]);
      else attribute(p.message, p.sender, p.recipients);
    }
  }
  return c;
}

/** A top list: rows by messages, then sessions, then bytes, then name. */
function topList(input: ReportInput, rows: Rows, values: readonly string[], spec: {
  id: string; title: string; keyColumn: ReportColumn; where: (value: string) => [string, string];
}): ReportTable {
  const ordered = rows.all().sort((a, b) => b.messages - a.messages || b.sessions - a.sessions || b.bytes - a.bytes || compareText(values[a.key], values[b.key]));
  return topTable(spec.id, spec.title, [
    spec.keyColumn,
    column('sessions', t('Sessions'), 'number'),
    column('messages', t('Messages'), 'number'),
    column('bytes', t('Bytes'), 'bytes'),
  ], ordered, input.top, (row) => ({
    cells: { [spec.keyColumn.key]: values[row.key], sessions: row.sessions, messages: row.messages, bytes: row.tracked > 0 ? row.bytes : null },
    where: rowWhere(input, [spec.where(values[row.key])]),
  }));
}

const COUNTED = (): string => t('Sessions counts SMTP receive and send sessions by their MAIL FROM (the last one of a session) and RCPT TO; messages counts the distinct message ids those sessions accepted (250 2.6.0) or sent, each once however many hops it made, for the sender and recipients of the first session that carried it (of a session of several messages, as message tracking gives them); bytes adds up message tracking\'s total-bytes of those messages that are tracked (empty when none is).');

export function sendersReport(input: ReportInput): ReportBody {
  const c = collect(input, { senders: true });
  return {
    report: 'senders',
    title: t('Top senders'),
    description: t('MAIL FROM addresses, most messages first.') + ' ' + COUNTED(),
    tables: [topList(input, c.senders, c.addresses, { id: 'senders', title: t('Senders'), keyColumn: column('sender', t('Sender'), 'text'), where: (v) => ['from', v] })],
    charts: [],
  };
}

export function recipientsReport(input: ReportInput): ReportBody {
  const c = collect(input, { recipients: true });
  return {
    report: 'recipients',
    title: t('Top recipients'),
    description: t('RCPT TO addresses (accepted or not), most messages first.') + ' ' + COUNTED(),
    tables: [topList(input, c.recipients, c.addresses, { id: 'recipients', title: t('Recipients'), keyColumn: column('recipient', t('Recipient'), 'text'), where: (v) => ['to', v] })],
    charts: [],
  };
}

export function domainsReport(input: ReportInput): ReportBody {
  const c = collect(input, { domains: true });
  return {
    report: 'domains',
    title: t('Top domains'),
    description: t('The domains of MAIL FROM and of RCPT TO addresses, most messages first; a session counts once per domain.') + ' ' + COUNTED(),
    tables: [
      topList(input, c.senderDomains, c.domains, { id: 'senderDomains', title: t('Sender domains'), keyColumn: column('domain', t('Domain'), 'text'), where: (v) => ['from', `*@${v}`] }),
      topList(input, c.recipientDomains, c.domains, { id: 'recipientDomains', title: t('Recipient domains'), keyColumn: column('domain', t('Domain'), 'text'), where: (v) => ['to', `*@${v}`] }),
    ],
    charts: [],
  };
}
