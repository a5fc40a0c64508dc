/**
 * `latency`: per message, the time from its first RECEIVE in message tracking (a mailbox submission or
 * an SMTP receive, on whichever server came first) to its last DELIVER or SENDEXTERNAL (or, when it
 * has neither, its last SEND to another server of the organisation) — what CSS-Exchange's
 * `Measure-EmailDelayInMTL` computes, across servers, by message id. The summary has count, p50, p90,
 * p95, p99 and max in seconds (nearest-rank percentiles); tables per hour (of the first RECEIVE) and
 * per server (where it was first received), the slowest messages (each row opens its trace), and a
 * chart of p50 and p95 per hour.
 *
 * Read column by column: per tracking table, its event ids are classified once per text, its message
 * ids turned once per text into ids that hold across tables; no row becomes an object. A `where`
 * narrows the report to the messages the matching sessions accepted or sent (their message ids).
 */
import type { ReportCell, ReportChart, ReportColumn, ReportRow, ReportTable } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { E, EL, SL } from '../schema';
import { NONE, UintArray } from '../table';
import type { EventTable } from '../textLookup';
import type { ReportBody, ReportInput } from './types';


const HOUR = 3_600_000;

/** Event classes: the start of a message, its end, a hand-over inside the organisation. */
const enum Kind { Other = 0, Receive = 1, End = 2, Send = 3 }

function classify(eventId: string): Kind {
  switch (eventId.toUpperCase()) {
    case 'RECEIVE': return Kind.Receive;
    case 'DELIVER':
    case 'SENDEXTERNAL': return Kind.End;
    case 'SEND': return Kind.Send;
    default: return Kind.Other;
  }
}

/** A 32-bit FNV-1a hash of a text (with its length). */
function hash32(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Per message (an id across tables): its first RECEIVE and where, its last end and last SEND. */
class Messages {
  readonly names: string[] = [];
  /**
   * Open addressing over the texts' hashes (a Map of strings costs several times more per message id,
   * and a report meets each id once per tracking table): slot → message + 1, and the slot's hash.
   */
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  first: Float64Array = new Float64Array(1024).fill(NaN);
  /** File of the first RECEIVE (index in the collection). */
  firstFile: Int32Array = new Int32Array(1024).fill(-1);
  /** Table (index in `tables`) and row of the first RECEIVE. */
  firstTable: Int32Array = new Int32Array(1024);
  firstRow: Int32Array = new Int32Array(1024);
  readonly tables: EventTable[] = [];
  end: Float64Array = new Float64Array(1024).fill(NaN);
  endKind: Uint8Array = new Uint8Array(1024);
  send: Float64Array = new Float64Array(1024).fill(NaN);

  id(text: string): number {
    const h = hash32(text);
    let mask = this.slots.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (let v = this.slots[slot]; v !== 0; v = this.slots[slot]) {
      if (this.hashes[slot] === h && this.names[v - 1] === text) return v - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.names.length;
    this.names.push(text);
    this.slots[slot] = id + 1;
    this.hashes[slot] = h;
    if (id >= this.first.length) this.grow();
    if (this.names.length * 2 > this.slots.length) {
      // twice the slots, every message placed again
      const size = this.slots.length * 2;
      const slots = new Int32Array(size), hashes = new Int32Array(size);
      mask = size - 1;
      for (let s = 0; s < this.slots.length; s++) {
        const v = this.slots[s];
        if (v === 0) continue;
        const hv = this.hashes[s];
        let at = (hv ^ (hv >>> 15)) & mask;
        while (slots[at] !== 0) at = (at + 1) & mask;
        slots[at] = v;
        hashes[at] = hv;
      }
      this.slots = slots;
      this.hashes = hashes;
    }
    return id;
  }

  private grow(): void {
    const n = this.first.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n).fill(NaN);
      b.set(a);
      return b;
    };
    this.first = f64(this.first);
    this.end = f64(this.end);
    this.send = f64(this.send);
    const files = new Int32Array(n).fill(-1);
    files.set(this.firstFile);
    this.firstFile = files;
    const rows = new Int32Array(n);
    rows.set(this.firstRow);
    this.firstRow = rows;
    const tables = new Int32Array(n);
    tables.set(this.firstTable);
    this.firstTable = tables;
    const kinds = new Uint8Array(n);
    kinds.set(this.endKind);
    this.endKind = kinds;
  }
}

/** The nearest-rank percentile `p` (0–100) of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

interface Stats {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(values: ArrayLike<number>): Stats {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1] : NaN,
  };
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** The message ids the sessions a search selects accepted or sent. */
function matchedMessages(input: ReportInput): Set<string> {
  const out = new Set<string>();
  for (const ref of input.index.sessions()) {
    const path = input.index.file(ref.file)?.path;
    if (input.files && path !== undefined && !input.files(path)) continue;
    const ids = ref.table.list(SL.messageIds, ref.row);
    if (ids.length === 0 || !input.match(ref)) continue;
    for (const id of ids) {
      const text = ref.table.text(id);
      if (text !== undefined) out.add(text);
    }
  }
  return out;
}

export function latencyReport(input: ReportInput): ReportBody {
  const { index } = input;
  const narrowed = input.where?.trim() ? matchedMessages(input) : undefined;
  const m = new Messages();
  for (const [i, file] of index.files()) {
    if (input.files && !input.files(file.path)) continue;
    for (const part of file.parts) {
      const table = part.events;
      if (table.rows === 0) continue;
      const texts = table.texts();
      const tableIndex = m.tables.push(table) - 1;
      // per text id of the table: its event class (of the ids the event column uses), its message id
      const kinds = new Int8Array(texts.length).fill(-1);
      const messageOf = new Int32Array(texts.length).fill(-2);
      const events = table.column(E.eventId) as UintArray, mids = table.column(E.messageId) as UintArray;
      const times = table.column(E.time);
      for (let r = 0; r < table.rows; r++) {
        let kind = kinds[events[r]];
        if (kind < 0) kind = kinds[events[r]] = classify(texts[events[r]]);
        const time = times[r];
        if (kind === Kind.Other || mids[r] === NONE || time !== time) continue;
        let msg = messageOf[mids[r]];
        if (msg === -2) {
          const text = texts[mids[r]];
          msg = messageOf[mids[r]] = narrowed && !narrowed.has(text) ? -1 : m.id(text);
        }
        if (msg < 0) continue;
        if (kind === Kind.Receive) {
          if (!(time >= m.first[msg])) {
            m.first[msg] = time;
            m.firstFile[msg] = i;
            m.firstTable[msg] = tableIndex;
            m.firstRow[msg] = r;
          }
        } else if (kind === Kind.End) {
          if (!(time <= m.end[msg])) m.end[msg] = time;
        } else if (!(time <= m.send[msg])) m.send[msg] = time;
      }
    }
  }

  // the measured messages, in arrays: message, latency, hour of the first RECEIVE, its server (index in `serverNames`)
  const n = m.names.length;
  const msgs = new Int32Array(n), latency = new Float64Array(n), hours = new Float64Array(n), serverOf = new Int32Array(n);
  const serverNames: string[] = [];
  const serverOfFile = new Map<number, number>();
  let count = 0, pending = 0;
  for (let msg = 0; msg < n; msg++) {
    const first = m.first[msg];
    if (first !== first) continue;
    const end = m.end[msg] === m.end[msg] ? m.end[msg] : m.send[msg];
    if (end !== end || end < first) {
      pending++;
      continue;
    }
    const file = m.firstFile[msg];
    let server = serverOfFile.get(file);
    if (server === undefined) {
      const name = index.factsOf(file).server;
      server = serverNames.indexOf(name);
      if (server < 0) server = serverNames.push(name) - 1;
      serverOfFile.set(file, server);
    }
    msgs[count] = msg;
    latency[count] = end - first;
    hours[count] = Math.floor(first / HOUR) * HOUR;
    serverOf[count] = server;
    count++;
  }

  const all = stats(latency.subarray(0, count));
  const summary: Record<string, number> = count > 0
    ? { count: all.count, p50: seconds(all.p50), p90: seconds(all.p90), p95: seconds(all.p95), p99: seconds(all.p99), max: seconds(all.max) }
    : { count: 0 };

  const statColumns: ReportColumn[] = [
    { key: 'count', title: t('Messages'), type: 'number' },
    { key: 'p50', title: t('p50'), type: 'duration' },
    { key: 'p90', title: t('p90'), type: 'duration' },
    { key: 'p95', title: t('p95'), type: 'duration' },
    { key: 'p99', title: t('p99'), type: 'duration' },
    { key: 'max', title: t('Longest'), type: 'duration' },
  ];
  const statCells = (s: Stats): Record<string, ReportCell> => ({ count: s.count, p50: s.p50, p90: s.p90, p95: s.p95, p99: s.p99, max: s.max });
  /** The latencies by a key of each measured message. */
  const group = (key: (k: number) => number): Map<number, number[]> => {
    const map = new Map<number, number[]>();
    for (let k = 0; k < count; k++) {
      const g = key(k);
      let list = map.get(g);
      if (!list) map.set(g, (list = []));
      list.push(latency[k]);
    }
    return map;
  };
  const hourStats = [...group((k) => hours[k])].sort((a, b) => a[0] - b[0]).map(([hour, values]) => ({ hour, s: stats(values) }));
  const byServer = [...group((k) => serverOf[k])].map(([s, values]) => ({ server: serverNames[s], values })).sort((a, b) => (a.server < b.server ? -1 : a.server > b.server ? 1 : 0));

  const tables: ReportTable[] = [
    {
      id: 'byHour',
      title: t('By hour of the first RECEIVE'),
      columns: [{ key: 'hour', title: t('Hour (UTC)'), type: 'time' }, ...statColumns],
      rows: hourStats.map(({ hour, s }) => ({ cells: { hour, ...statCells(s) } })),
      total: hourStats.length,
    },
    {
      id: 'byServer',
      title: t('By server of the first RECEIVE'),
      columns: [{ key: 'server', title: t('Server'), type: 'text' }, ...statColumns],
      rows: byServer.map(({ server, values }) => ({ cells: { server: server || t('(unknown server)'), ...statCells(stats(values)) } })),
      total: byServer.length,
    },
  ];

  // the slowest: those at or above the top-th longest latency, sorted (not every message)
  const top = Math.max(0, input.top);
  const longest = latency.slice(0, count).sort().reverse();
  const bar = top > 0 && count > 0 ? longest[Math.min(top, count) - 1] : Infinity;
  const slowest: number[] = [];
  for (let k = 0; k < count; k++) if (latency[k] >= bar) slowest.push(k);
  slowest.sort((a, b) => latency[b] - latency[a] || (m.names[msgs[a]] < m.names[msgs[b]] ? -1 : 1));
  const slowRows: ReportRow[] = slowest.slice(0, top).map((k) => {
    const msg = msgs[k];
    const table = m.tables[m.firstTable[msg]];
    const row = m.firstRow[msg];
    const text = (c: number) => table.text((table.column(c) as UintArray)[row]) ?? null;
    const recipients = Array.from(table.list(EL.recipients, row), (id) => table.text(id) ?? '');
    const delivered = m.end[msg] === m.end[msg];
    return {
      cells: {
        messageId: m.names[msg], latency: latency[k], received: m.first[msg], ended: m.first[msg] + latency[k],
        end: delivered ? t('delivered or sent out') : t('sent on'),
        server: serverNames[serverOf[k]] || null, sender: text(E.sender), recipients, subject: text(E.subject),
      },
      trace: { messageId: m.names[msg] },
    };
  });
  tables.push({
    id: 'slowest',
    title: t('Slowest messages'),
    columns: [
      { key: 'messageId', title: t('Message id'), type: 'text' },
      { key: 'latency', title: t('Latency'), type: 'duration' },
      { key: 'received', title: t('First RECEIVE'), type: 'time' },
      { key: 'ended', title: t('Delivered or sent'), type: 'time' },
      { key: 'end', title: t('End'), type: 'text' },
      { key: 'server', title: t('Server'), type: 'text' },
      { key: 'sender', title: t('Sender'), type: 'text' },
      { key: 'recipients', title: t('Recipients'), type: 'list' },
      { key: 'subject', title: t('Subject'), type: 'text' },
    ],
    rows: slowRows,
    total: count,
  });

  const chart: ReportChart = {
    title: t('Delivery latency per hour'),
    mark: 'lines',
    x: 'time',
    xLabel: t('Hour (UTC)'),
    yLabel: t('Latency (s)'),
    yUnit: 's',
    series: [
      { name: 'p50', points: hourStats.map(({ hour, s }) => ({ x: hour, y: seconds(s.p50) })) },
      { name: 'p95', points: hourStats.map(({ hour, s }) => ({ x: hour, y: seconds(s.p95) })) },
    ],
  };

  const description = [
    t('Per message, from its first RECEIVE in message tracking to its last DELIVER or SENDEXTERNAL (or its last SEND inside the organisation), across servers by message id; percentiles by nearest rank.'),
    narrowed ? t('Only the messages of the sessions the search selects.') : '',
    pending > 0 ? t('{0} messages received without a delivery or send in the logs are not counted.', pending) : '',
  ].filter(Boolean).join(' ');
  return { report: 'latency', title: t('Delivery latency'), description, tables, charts: count > 0 ? [chart] : [], summary };
}
