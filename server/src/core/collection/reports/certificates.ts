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
import { Interner, KeySpace, TextKeys, column, combineWhere, listOf, queryValue, scanSessions, timeCell, topTable } from './common';
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
  /** The certificate's number (the order certificates were first met in). */
  number: number;
  /** Up to WHERE_SESSIONS + 1 sessions: their ids, and their servers (numbers of `servers`) and kinds as `server * 2 + (send ? 1 : 0)`. */
  ids: string[];
  places: number[];
  /** Bits: 1 shown by this server, 2 by the remote side. */
  sides: number;
  /** Numbers of the servers that showed it (a few). */
  servers: number[];
  sessions: number;
  first: number;
  last: number;
}

interface SessionName {
  server: string;
  kind: string;
  id: string;
}

/**
 * A certificate text read: what it says, and the number of the certificate it stands for — by
 * thumbprint when it has one (a line that gives only the thumbprint is the certificate another line
 * describes), else by what describes it. Kept per key space of a collection, like its keys.
 */
interface Known {
  details: StoredCertificate;
  certificate: number;
}

const READ = new WeakMap<KeySpace, { texts: Map<number, Known | null>; certificates: Map<string, number> }>();

function readCertificate(space: KeySpace, key: number): Known | null {
  let memo = READ.get(space);
  if (!memo) READ.set(space, (memo = { texts: new Map(), certificates: new Map() }));
  let known = memo.texts.get(key);
  if (known === undefined) {
    const details = readCertificateText(space.values[key]);
    if (!details) known = null;
    else {
      const identity = details.thumbprint ?? `${details.subject ?? ''}\t${details.issuer ?? ''}\t${details.serial ?? ''}\t${details.notAfter ?? ''}`;
      let certificate = memo.certificates.get(identity);
      if (certificate === undefined) memo.certificates.set(identity, (certificate = memo.certificates.size));
      known = { details, certificate };
    }
    memo.texts.set(key, known);
  }
  return known;
}

/**
 * A search for sessions by id: `(server:EX01 kind:receive (id:A OR id:B)) OR …` (the query language
 * has no field for certificates, so a row names its sessions when they are few).
 */
function sessionsWhere(input: ReportInput, ids: readonly SessionName[]): string {
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
  const texts = new TextKeys(input.index, 'text');
  /** By certificate number. */
  const rows: (Row | undefined)[] = [];
  const send = KIND_CODES.indexOf('smtpSend');
  const servers = new Interner();
  const serverOf: number[] = [];
  scanSessions(input, ['smtpReceive', 'smtpSend'], (tb) => {
    const certificates = listOf(tb, SL.certificates);
    const startCol = tb.column(S.start), delayCol = tb.column(S.certificateDelay), kindCol = tb.column(S.kind), idCol = tb.column(S.id);
    /** The table's certificate texts read (by text id). */
    const byText: (Known | null | undefined)[] = [];
    return (r, file) => {
      const from = certificates.starts[r], to = certificates.starts[r + 1];
      if (from === to) return;
      const start = startCol[r], delay = delayCol[r];
      const at = delay > 0 ? start + delay - 1 : start;
      const server = (serverOf[file] ??= servers.id(input.index.factsOf(file).server));
      for (let k = from; k < to; k++) {
        const id = certificates.values[k];
        let known = byText[id];
        if (known === undefined) {
          const key = texts.of(tb, id);
          known = byText[id] = key < 0 ? null : readCertificate(texts.space, key);
        }
        if (!known) continue;
        let row = rows[known.certificate];
        if (!row) rows[known.certificate] = row = { details: known.details, number: known.certificate, ids: [], places: [], sides: 0, servers: [], sessions: 0, first: at, last: at };
        // the certificate described in full rather than by its thumbprint alone
        else if (row.details.subject === undefined && known.details.subject !== undefined) row.details = known.details;
        row.sides |= known.details.side === 'local' ? 1 : 2;
        if (row.ids.length <= WHERE_SESSIONS) {
          row.ids.push(tb.text(idCol[r])!);
          row.places.push(server * 2 + (kindCol[r] === send ? 1 : 0));
        }
        if (!row.servers.includes(server)) row.servers.push(server);
        row.sessions++;
        if (at < row.first) row.first = at;
        if (at > row.last) row.last = at;
      }
    };
  });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const flagged = rows.filter((r): r is Row => r !== undefined).map((row) => {
    const notBefore = certificateTime(row.details.notBefore), notAfter = certificateTime(row.details.notAfter);
    const flag: ReportRow['flag'] = notAfter < row.last || notBefore > row.first ? 'error' : notAfter - row.last <= NEAR_EXPIRY_MS ? 'warning' : undefined;
    return { row, notBefore, notAfter, flag, rank: flag === 'error' ? 0 : flag === 'warning' ? 1 : 2 };
  });
  // ties in the order the certificates were first met (numbers: a collection can show thousands of partner certificates)
  flagged.sort((a, b) => a.rank - b.rank || b.row.sessions - a.row.sessions || a.row.number - b.row.number);
  const toRow = ({ row, notBefore, notAfter, flag }: (typeof flagged)[number]): ReportRow => {
    const c = row.details;
    const r: ReportRow = {
      cells: {
        subject: c.subject ?? null,
        issuer: c.issuer ?? null,
        thumbprint: c.thumbprint ?? null,
        serial: c.serial ?? null,
        notBefore: timeCell(notBefore),
        notAfter: timeCell(notAfter),
        sans: c.sans,
        presentedBy: [...(row.sides & 1 ? [t('this server')] : []), ...(row.sides & 2 ? [t('the remote side')] : [])],
        servers: row.servers.map((n) => servers.values[n]).filter(Boolean).sort(),
        sessions: row.sessions,
        first: timeCell(row.first),
        last: timeCell(row.last),
      },
    };
    if (row.sessions <= WHERE_SESSIONS) r.where = sessionsWhere(input, row.ids.map((id, i) => ({ id, server: servers.values[row.places[i] >> 1], kind: row.places[i] & 1 ? 'send' : 'receive' })));
    if (flag) {
      r.flag = flag;
      r.flagText = notAfter < row.last ? t('Expired on {0}, and still shown on {1}', day(notAfter), day(row.last))
        : notBefore > row.first ? t('Not yet valid when shown on {0} (valid from {1})', day(row.first), day(notBefore))
          : t('Expires on {0}, within 30 days of when it was last shown ({1})', day(notAfter), day(row.last));
    }
    return r;
  };
  return {
    report: 'certificates',
    title: t('Certificates seen in SMTP sessions'),
    description: t('The certificates SMTP receive and send sessions logged on their * lines: the one this server presented (Sending certificate) and the one the other side presented (its details, or only its thumbprint), one row per certificate, with the sessions and servers that showed it and when (a row of at most 30 sessions lists them by id, for its search). Flagged when it had expired, or was not yet valid, at the time of a line that showed it, or expires within 30 days of the last one.'),
    tables: [topTable('certificates', t('Certificates'), [
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
    ], flagged, input.top, toRow)],
    charts: [],
  };
}
