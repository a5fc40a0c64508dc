/**
 * `senders`, `recipients` and `domains`: the top lists of SMTP sessions by address and by domain. A
 * row counts its sessions, its distinct messages (the message ids its sessions accepted or sent, each
 * counted once however many hops it made) and their bytes (message tracking's total-bytes, where the
 * message is tracked).
 */
import type { ReportColumn, ReportRow, ReportTable } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { S, SL } from '../schema';
import { NONE } from '../table';
import { Interner, TextKeys, column, compareText, domainOf, rowWhere, scanSessions, table } from './common';
import { trackedMessages, trackedSizes } from './tracking';
import type { ReportBody, ReportInput } from './types';

/** The null sender `MAIL FROM:<>`, as shown. */
const NULL_SENDER = '<>';

interface Row {
  key: number;
  sessions: number;
  messages: Set<number>;
}

class Rows {
  readonly map = new Map<number, Row>();

  /** The row of `key`, counting one more session. */
  session(key: number): Row {
    const row = this.row(key);
    row.sessions++;
    return row;
  }

  row(key: number): Row {
    let row = this.map.get(key);
    if (!row) this.map.set(key, (row = { key, sessions: 0, messages: new Set() }));
    return row;
  }
}

/**
 * A message of a session of several messages (a session keeps one MAIL FROM, its last, and the
 * recipients of all its messages): message tracking says whose it is. `recipient`: it counts for the
 * row only if tracking names the row's address (or domain) among its recipients; `sender`: it counts
 * for the row of its tracked sender (or domain), or for `row` when tracking does not know it.
 */
interface Pending {
  row: Row;
  message: number;
  /** The address id (addresses) or domain id (domains) of the row. */
  address: number;
  domain: boolean;
  sender: boolean;
}

interface Collected {
  addresses: Interner;
  domains: Interner;
  messageIds: Interner;
  senders: Rows;
  recipients: Rows;
  senderDomains: Rows;
  recipientDomains: Rows;
  sizes: Float64Array;
}

/** One pass over the SMTP sessions a report covers; `what` says which rows to keep. */
function collect(input: ReportInput, what: { senders?: boolean; recipients?: boolean; domains?: boolean }): Collected {
  const addresses = new Interner();
  const domains = new Interner();
  const messageIds = new Interner();
  const addressKeys = new TextKeys(addresses, (x) => (x === '' ? NULL_SENDER : x.toLowerCase()));
  const domainKeys = new TextKeys(domains, domainOf);
  const messageKeys = new TextKeys(messageIds, (x) => x);
  const c: Collected = { addresses, domains, messageIds, senders: new Rows(), recipients: new Rows(), senderDomains: new Rows(), recipientDomains: new Rows(), sizes: new Float64Array(0) };
  const pending: Pending[] = [];
  const ids: number[] = [];
  const seenDomains = new Set<number>();
  scanSessions(input, ['smtpReceive', 'smtpSend'], (tb, r) => {
    ids.length = 0;
    for (const id of tb.list(SL.messageIds, r)) ids.push(messageKeys.of(tb, id));
    const from = tb.column(S.mailFrom)[r];
    if (from !== NONE) {
      if (what.senders) {
        const a = addressKeys.of(tb, from);
        const row = c.senders.session(a);
        if (ids.length === 1) row.messages.add(ids[0]);
        else for (const m of ids) pending.push({ row, message: m, address: a, domain: false, sender: true });
      }
      const d = domainKeys.of(tb, from);
      if (what.domains && d >= 0) {
        const row = c.senderDomains.session(d);
        if (ids.length === 1) row.messages.add(ids[0]);
        else for (const m of ids) pending.push({ row, message: m, address: d, domain: true, sender: true });
      }
    }
    if (!what.recipients && !what.domains) return;
    seenDomains.clear();
    for (const id of tb.list(SL.recipients, r)) {
      if (what.recipients) {
        const a = addressKeys.of(tb, id);
        const row = c.recipients.session(a);
        if (ids.length === 1) row.messages.add(ids[0]);
        else for (const m of ids) pending.push({ row, message: m, address: a, domain: false, sender: false });
      }
      const d = domainKeys.of(tb, id);
      if (what.domains && d >= 0 && !seenDomains.has(d)) {
        seenDomains.add(d);
        const row = c.recipientDomains.session(d);
        if (ids.length === 1) row.messages.add(ids[0]);
        else for (const m of ids) pending.push({ row, message: m, address: d, domain: true, sender: false });
      }
    }
  });
  if (pending.length > 0) {
    const tracked = trackedMessages(input.index, messageIds, new Set(pending.map((p) => p.message)), addresses);
    const domainOfAddress = (a: number) => {
      const d = domainOf(addresses.values[a]);
      return d === undefined ? -1 : domains.id(d);
    };
    const domainSets = new Map<number, Set<number>>();
    const recipientDomains = (m: number, set: Set<number>) => {
      let ds = domainSets.get(m);
      if (!ds) {
        domainSets.set(m, (ds = new Set()));
        for (const a of set) {
          const d = domainOfAddress(a);
          if (d >= 0) ds.add(d);
        }
      }
      return ds;
    };
    for (const p of pending) {
      const known = tracked.get(p.message);
      if (p.sender) {
        // the tracked sender's row (no session of its own when its MAIL FROM was not the session's last)
        const owner = known?.sender === undefined ? -1 : p.domain ? domainOfAddress(known.sender) : known.sender;
        const rows = p.domain ? c.senderDomains : c.senders;
        (owner < 0 || owner === p.address ? p.row : rows.row(owner)).messages.add(p.message);
        continue;
      }
      if (!known || (p.domain ? recipientDomains(p.message, known.recipients).has(p.address) : known.recipients.has(p.address))) p.row.messages.add(p.message);
    }
  }
  c.sizes = trackedSizes(input.index, messageIds);
  return c;
}

/** A top list: rows by messages, then sessions, then bytes, then name. */
function topTable(input: ReportInput, c: Collected, rows: Rows, values: readonly string[], spec: {
  id: string; title: string; keyColumn: ReportColumn; where: (value: string) => [string, string] | undefined;
}): ReportTable {
  const measured = [...rows.map.values()].map((row) => {
    let bytes = 0, tracked = 0;
    for (const m of row.messages) {
      const size = c.sizes[m];
      if (size === size) {
        bytes += size;
        tracked++;
      }
    }
    return { row, value: values[row.key], bytes, tracked };
  });
  measured.sort((a, b) => b.row.messages.size - a.row.messages.size || b.row.sessions - a.row.sessions || b.bytes - a.bytes || compareText(a.value, b.value));
  const out: ReportRow[] = measured.map(({ row, value, bytes, tracked }) => {
    const term = spec.where(value);
    return {
      cells: { [spec.keyColumn.key]: value, sessions: row.sessions, messages: row.messages.size, bytes: tracked > 0 ? bytes : null },
      where: term ? rowWhere(input, [term]) : undefined,
    };
  });
  return table(spec.id, spec.title, [
    spec.keyColumn,
    column('sessions', t('Sessions'), 'number'),
    column('messages', t('Messages'), 'number'),
    column('bytes', t('Bytes'), 'bytes'),
  ], out, input.top);
}

const COUNTED = (): string => t('Sessions counts SMTP receive and send sessions (by their last MAIL FROM); messages counts the distinct message ids those sessions accepted (250 2.6.0) or sent, each once however many hops it made (the messages of a session of several messages go to their senders and recipients as message tracking gives them); bytes adds up message tracking\'s total-bytes of those messages that are tracked (empty when none is).');

/** `from:` of a sender; the null sender has no search of its own. */
const fromTerm = (value: string): [string, string] | undefined => (value === NULL_SENDER ? undefined : ['from', value]);

export function sendersReport(input: ReportInput): ReportBody {
  const c = collect(input, { senders: true });
  return {
    report: 'senders',
    title: t('Top senders'),
    description: t('MAIL FROM addresses, most messages first.') + ' ' + COUNTED(),
    tables: [topTable(input, c, c.senders, c.addresses.values, { id: 'senders', title: t('Senders'), keyColumn: column('sender', t('Sender'), 'text'), where: fromTerm })],
    charts: [],
  };
}

export function recipientsReport(input: ReportInput): ReportBody {
  const c = collect(input, { recipients: true });
  return {
    report: 'recipients',
    title: t('Top recipients'),
    description: t('RCPT TO addresses (accepted or not), most messages first.') + ' ' + COUNTED(),
    tables: [topTable(input, c, c.recipients, c.addresses.values, { id: 'recipients', title: t('Recipients'), keyColumn: column('recipient', t('Recipient'), 'text'), where: (v) => ['to', v] })],
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
      topTable(input, c, c.senderDomains, c.domains.values, { id: 'senderDomains', title: t('Sender domains'), keyColumn: column('domain', t('Domain'), 'text'), where: (v) => ['from', `*@${v}`] }),
      topTable(input, c, c.recipientDomains, c.domains.values, { id: 'recipientDomains', title: t('Recipient domains'), keyColumn: column('domain', t('Domain'), 'text'), where: (v) => ['to', `*@${v}`] }),
    ],
    charts: [],
  };
}
