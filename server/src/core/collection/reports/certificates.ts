/**
 * `certificates`: the certificates SMTP sessions showed in their `*` lines (this server's `Sending
 * certificate`, the other side's certificate or thumbprint), one row per certificate (by thumbprint):
 * subject, issuer, thumbprint, serial, validity, SANs, who presented it, where and when it was seen.
 * Flagged `error` when it had expired (or was not yet valid) at the time of a line that showed it, and
 * `warning` when it expires within 30 days of the last such line.
 */
import type { ReportRow } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { KIND_CODES, S, SL, StoredCertificate, readCertificateText } from '../schema';
import { Interner, Span, TextKeys, column, combineWhere, compareText, queryValue, scanSessions, table, timeCell } from './common';
import type { ReportBody, ReportInput } from './types';

const DAY = 86_400_000;
/** A certificate that expires this close after it was last seen is flagged. */
export const NEAR_EXPIRY_MS = 30 * DAY;

/** A certificate time as Exchange writes it (`2025-01-16T23:59:59.000Z`); one without a zone is UTC. */
export function certificateTime(text: string | undefined): number {
  if (!text) return NaN;
  return Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : text + 'Z');
}

/** A row lists its sessions by id in its `where` when it has at most this many. */
export const WHERE_SESSIONS = 30;

interface Row {
  details: StoredCertificate;
  /** Up to WHERE_SESSIONS + 1 sessions: `server kind id`. */
  ids: { server: string; kind: string; id: string }[];
  sides: Set<'local' | 'remote'>;
  servers: Set<string>;
  sessions: number;
  span: Span;
}

/**
 * A search for sessions by id: `(server:EX01 kind:receive (id:A OR id:B)) OR …` (the query language
 * has no field for certificates, so a row names its sessions when they are few).
 */
function sessionsWhere(input: ReportInput, ids: readonly { server: string; kind: string; id: string }[]): string {
  const groups = new Map<string, string[]>();
  for (const x of ids) {
    const key = `${x.server}\t${x.kind}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    if (!list.includes(x.id)) list.push(x.id);
  }
  const parts = [...groups].map(([key, list]) => {
    const [server, kind] = key.split('\t');
    const idTerm = list.length === 1 ? `id:${queryValue(list[0])}` : `(${list.map((id) => `id:${queryValue(id)}`).join(' OR ')})`;
    return `${server ? `server:${queryValue(server)} ` : ''}kind:${kind} ${idTerm}`;
  });
  return combineWhere(input, parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' OR '));
}

export function certificatesReport(input: ReportInput): ReportBody {
  const groups = new Interner();
  const parsed: StoredCertificate[] = [];
  /** Per group, the side of the line (the same certificate text always has the same side). */
  const sides: ('local' | 'remote')[] = [];
  // a group: what describes the certificate (its thumbprint with its subject, issuer, serial and validity), or its thumbprint alone
  const keys = new TextKeys(groups, (text) => {
    const c = readCertificateText(text);
    if (!c) return undefined;
    const key = `${c.side}\t${c.thumbprint ?? ''}\t${c.subject ?? ''}\t${c.issuer ?? ''}\t${c.serial ?? ''}\t${c.notAfter ?? ''}`;
    const id = groups.id(key);
    parsed[id] = c;
    sides[id] = c.side;
    return key;
  });
  const seen = new Map<number, Row>();
  const send = KIND_CODES.indexOf('smtpSend');
  scanSessions(input, ['smtpReceive', 'smtpSend'], (tb, r, ref) => {
    const list = tb.list(SL.certificates, r);
    if (list.length === 0) return;
    const start = tb.column(S.start)[r];
    const delay = tb.column(S.certificateDelay)[r];
    const at = delay > 0 ? start + delay - 1 : start;
    const server = input.index.factsOf(ref.file).server;
    for (const id of list) {
      const g = keys.of(tb, id);
      if (g < 0) continue;
      let row = seen.get(g);
      if (!row) seen.set(g, (row = { details: parsed[g], ids: [], sides: new Set([sides[g]]), servers: new Set(), sessions: 0, span: new Span() }));
      if (row.ids.length <= WHERE_SESSIONS) row.ids.push({ server, kind: tb.column(S.kind)[r] === send ? 'send' : 'receive', id: tb.text(tb.column(S.id)[r])! });
      if (server) row.servers.add(server);
      row.sessions++;
      row.span.add(at);
    }
  });
  // one row per certificate: the sides that showed it joined, and a thumbprint given alone joined to the certificate described with it
  const rows = new Map<string, Row>();
  const described = new Map<string, Row>();
  const ordered = [...seen.values()].sort((a, b) => Number(b.details.subject !== undefined) - Number(a.details.subject !== undefined) || b.sessions - a.sessions);
  for (const row of ordered) {
    const c = row.details;
    const key = c.subject === undefined && c.thumbprint !== undefined && described.has(c.thumbprint) ? undefined
      : `${c.thumbprint ?? ''}\t${c.subject ?? ''}\t${c.issuer ?? ''}\t${c.serial ?? ''}\t${c.notAfter ?? ''}`;
    const into = key === undefined ? described.get(c.thumbprint!)! : rows.get(key);
    if (!into) {
      rows.set(key!, row);
      if (c.subject !== undefined && c.thumbprint !== undefined && !described.has(c.thumbprint)) described.set(c.thumbprint, row);
      continue;
    }
    for (const s of row.sides) into.sides.add(s);
    for (const x of row.ids) if (into.ids.length <= WHERE_SESSIONS) into.ids.push(x);
    for (const s of row.servers) into.servers.add(s);
    into.sessions += row.sessions;
    into.span.add(row.span.first);
    into.span.add(row.span.last);
  }
  const out = [...rows.values()].map((row) => {
    const c = row.details;
    const notBefore = certificateTime(c.notBefore), notAfter = certificateTime(c.notAfter);
    const r: ReportRow = {
      cells: {
        subject: c.subject ?? null,
        issuer: c.issuer ?? null,
        thumbprint: c.thumbprint ?? null,
        serial: c.serial ?? null,
        notBefore: timeCell(notBefore),
        notAfter: timeCell(notAfter),
        sans: c.sans,
        presentedBy: [...row.sides].sort().map((s) => (s === 'local' ? t('this server') : t('the remote side'))),
        servers: [...row.servers].sort(),
        sessions: row.sessions,
        first: timeCell(row.span.first),
        last: timeCell(row.span.last),
      },
    };
    if (row.sessions <= WHERE_SESSIONS) r.where = sessionsWhere(input, row.ids);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    if (notAfter < row.span.last) {
      r.flag = 'error';
      r.flagText = t('Expired on {0}, and still shown on {1}', day(notAfter), day(row.span.last));
    } else if (notBefore > row.span.first) {
      r.flag = 'error';
      r.flagText = t('Not yet valid when shown on {0} (valid from {1})', day(row.span.first), day(notBefore));
    } else if (notAfter - row.span.last <= NEAR_EXPIRY_MS) {
      r.flag = 'warning';
      r.flagText = t('Expires on {0}, within 30 days of when it was last shown ({1})', day(notAfter), day(row.span.last));
    }
    return r;
  });
  const rank = (r: ReportRow) => (r.flag === 'error' ? 0 : r.flag === 'warning' ? 1 : 2);
  out.sort((a, b) => rank(a) - rank(b) || (b.cells.sessions as number) - (a.cells.sessions as number) ||
    compareText(String(a.cells.subject ?? '\uffff'), String(b.cells.subject ?? '\uffff')) || compareText(String(a.cells.thumbprint ?? ''), String(b.cells.thumbprint ?? '')));
  return {
    report: 'certificates',
    title: t('Certificates seen in SMTP sessions'),
    description: t('The certificates SMTP receive and send sessions logged on their * lines: the one this server presented (Sending certificate) and the one the other side presented (its details, or only its thumbprint), one row per certificate, with the sessions and servers that showed it and when (a row of at most 30 sessions lists them by id, for its search). Flagged when it had expired, or was not yet valid, at the time of a line that showed it, or expires within 30 days of the last one.'),
    tables: [table('certificates', t('Certificates'), [
      column('subject', t('Subject'), 'text'),
      column('issuer', t('Issuer'), 'text'),
      column('thumbprint', t('Thumbprint'), 'text'),
      column('serial', t('Serial number'), 'text'),
      column('notBefore', t('Valid from'), 'time'),
      column('notAfter', t('Valid until'), 'time'),
      column('sans', t('Subject alternative names'), 'list'),
      column('presentedBy', t('Presented by'), 'list'),
      column('servers', t('Servers'), 'list'),
      column('sessions', t('Sessions'), 'number'),
      column('first', t('First seen'), 'time'),
      column('last', t('Last seen'), 'time'),
    ], out, input.top)],
    charts: [],
  };
}
