/**
 * A redacted copy of a log for a support ticket. E-mail addresses, user names, IP addresses (v4 and
 * v6), host names (EHLO/HELO names, banners, server names, certificate subjects and alternate names)
 * and message subjects are replaced by stand-ins from reserved ranges (`user1@example.invalid`,
 * `192.0.2.1`, `2001:db8::1`, `host1.example.invalid`, `host1`); the same input gets the same
 * stand-in within one run, so sessions still read correctly. Structure and timing stay intact: only
 * the text inside fields changes, never a delimiter, quote or line break; times, session ids,
 * sequence numbers and events are not touched. Stand-ins contain no delimiter, quote or space.
 */
import { LineType, LogModel, LogRecord, fieldValue, recordFields } from '../model/logModel';
import type { RedactResult } from '../../../../protocol/src/documentTypes';

type Kind = 'email' | 'user' | 'ipv4' | 'ipv6' | 'host' | 'fqdn' | 'subject';
const FAMILY: Record<Kind, string> = { email: 'user', user: 'user', host: 'host', fqdn: 'host', ipv4: 'ipv4', ipv6: 'ipv6', subject: 'subject' };

/** Consistent stand-ins for one run. */
class StandIns {
  private readonly maps = new Map<Kind, Map<string, string>>();
  secrets = 0;

  get(kind: Kind, value: string): string {
    let m = this.maps.get(kind);
    if (!m) this.maps.set(kind, (m = new Map()));
    const key = kind === 'subject' ? value : value.toLowerCase();
    let s = m.get(key);
    if (s === undefined) {
      // `user3` and `user3@example.invalid` (or `host3` and `host3.example.invalid`) never name two different things.
      const family = FAMILY[kind];
      const n = (this.next.get(family) ?? 0) + 1;
      this.next.set(family, n);
      s = make(kind, n);
      m.set(key, s);
    }
    return s;
  }

  private readonly next = new Map<string, number>();

  count(kind: Kind): number {
    return this.maps.get(kind)?.size ?? 0;
  }
}

function make(kind: Kind, n: number): string {
  switch (kind) {
    case 'email': return `user${n}@example.invalid`;
    case 'user': return `user${n}`;
    case 'host': return `host${n}`;
    case 'fqdn': return `host${n}.example.invalid`;
    case 'subject': return `subject-${n}`;
    case 'ipv6': return `2001:db8::${n.toString(16)}`;
    case 'ipv4': {
      // RFC 5737 documentation ranges first, then the RFC 2544 benchmark range.
      const blocks = ['192.0.2.', '198.51.100.', '203.0.113.'];
      if (n <= 254 * 3) return blocks[Math.floor((n - 1) / 254)] + (((n - 1) % 254) + 1);
      const k = n - 254 * 3;
      return `198.${18 + ((k >> 16) & 1)}.${(k >> 8) & 255}.${(k & 255) || 1}`;
    }
  }
}

const EMAIL = String.raw`[A-Za-z0-9._%+'!#$&*/=?^\x60{|}~-]*[A-Za-z0-9_%'!#$&*/=?^\x60{|}~-]@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*`;
// Groups may be longer than four digits in hand-anonymised logs; a zone id (`%3`) goes with the address.
const IPV6 = String.raw`(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,8}:){2,7}(?:[0-9A-Fa-f]{1,8}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[0-9A-Za-z]+)?(?![0-9A-Za-z:])`;
const IPV4 = String.raw`(?<![0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9]|\.\d)`;
const FQDN = String.raw`(?<![A-Za-z0-9_.@-])[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})+(?![A-Za-z0-9_-])`;

/** Last labels that name files, classes or formats rather than hosts. */
const NOT_TLD = new Set([
  'aspx', 'ashx', 'asmx', 'axd', 'svc', 'owa', 'js', 'css', 'htm', 'html', 'xml', 'json', 'dll', 'exe', 'log', 'txt', 'eml',
  'ps1', 'psm1', 'msg', 'png', 'gif', 'jpg', 'ico', 'zip', 'cab', 'config', 'asp', 'php', 'cgi', 'pdf', 'doc', 'docx',
]);
const NOT_HOST_START = /^(?:ipm|microsoft|system|exchange|report)\./i;

function isFqdn(v: string): boolean {
  const labels = v.split('.');
  const last = labels[labels.length - 1];
  if (!/^[A-Za-z]{2,24}$/.test(last) || NOT_TLD.has(last.toLowerCase())) return false;
  if (NOT_HOST_START.test(v)) return false;
  return labels.every((l) => l.length > 0 && !l.startsWith('-') && !l.endsWith('-'));
}

function isIpv4(v: string): boolean {
  const parts = v.split('.').map(Number);
  if (parts.some((p) => p > 255)) return false;
  return !(v === '0.0.0.0' || v === '255.255.255.255' || parts[0] === 127);
}

function isIpv6(v: string): boolean {
  const groups = v.split(':');
  if (!v.includes('::') && groups.length !== 8) return false;
  if (!/[0-9A-Fa-f]/.test(v)) return false; // a bare `::` says nothing
  if (v === '::1' || v === '::') return false;
  return groups.length >= 3;
}

const AUTH_ARG = /^("?AUTH\s+[A-Za-z0-9-]+\s+)[A-Za-z0-9+/=]{4,}/i;
const HEX_ID = /^[0-9A-Fa-f]{8,32}$/;
const SESSION_KEY = /^[0-9A-Fa-f]{16};/;
const STOP_NAMES = new Set(['-', 'none', 'unknown', 'localhost', 'smtp', 'null', 'undefined', 'true', 'false']);

/** Columns that are never changed: times, sequence numbers, ids and codes. */
const PROTECTED_NAMES = /^(?:sequence-number|seqnumber|internal-message-id|event-id|source|directionality|schema-version|log-id|tenant-id|recipient-status|total-bytes|recipient-count|duration|rqsize|rpsize|time-taken|sc-status|sc-win32-status|sc-bytes|cs-bytes|s-port|cs-method|s-sitename|cs-version|transport-traffic-type)$/;
const USER_COLUMN = /(?:^user$|username|^cs-username$|upn|account|mailbox|^user-?name)/;
const HOST_COLUMN = /(?:hostname|computername|^cs-host$|^s-computername$|servername|machinename|^client-hostname$|^server-hostname$)/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names learned from the places that hold them; they are replaced wherever they occur. */
class Learned {
  readonly hosts = new Set<string>();
  readonly users = new Set<string>();

  host(v: string | undefined): void {
    const s = clean(v);
    if (s && !/^[\d.:[\]]+$/.test(s) && !s.includes('@')) this.hosts.add(s);
  }

  user(v: string | undefined): void {
    const s = clean(v);
    if (s && !s.includes('@')) this.users.add(s);
  }
}

function clean(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().replace(/^[+[<"']+|[\]>"',;:]+$/g, '');
  if (s.length < 2 || /^\d+$/.test(s) || STOP_NAMES.has(s.toLowerCase()) || /[\s,"]/.test(s)) return undefined;
  return s;
}

export function redactLog(model: LogModel): RedactResult {
  const learned = new Learned();
  for (const rec of model.records) learn(model, rec, learned);
  const stand = new StandIns();

  // Learned names longest first, each in its written, lower and upper case.
  const names = new Map<string, Kind>();
  for (const u of learned.users) for (const v of [u, u.toLowerCase(), u.toUpperCase()]) names.set(v, 'user');
  for (const h of learned.hosts) for (const v of [h, h.toLowerCase(), h.toUpperCase()]) if (!names.has(v)) names.set(v, 'host');
  const sorted = [...names.keys()].sort((a, b) => b.length - a.length);
  const learnedRe = sorted.length > 0 ? String.raw`|(?<![A-Za-z0-9_.-])(?<name>${sorted.map(escapeRe).join('|')})(?![A-Za-z0-9_-])` : '';
  const re = new RegExp(String.raw`(?<email>${EMAIL})|(?<ipv6>${IPV6})|(?<ipv4>${IPV4})|(?<fqdn>${FQDN})${learnedRe}`, 'g');

  const replace = (raw: string): string => raw.replace(re, (m, ...args) => {
    const g = args[args.length - 1] as Record<string, string | undefined>;
    if (g.email !== undefined) return stand.get('email', m);
    if (g.ipv6 !== undefined) return isIpv6(m) ? stand.get('ipv6', m) : m;
    if (g.ipv4 !== undefined) return isIpv4(m) ? stand.get('ipv4', m) : m;
    if (g.fqdn !== undefined) {
      if (isFqdn(m)) return stand.get('fqdn', m);
      // Not a host name as a whole: its learned first label may still be one.
      return learnedRe ? m.replace(new RegExp(learnedRe.slice(1), 'g'), (n) => stand.get(names.get(n) ?? 'host', n)) : m;
    }
    if (g.name !== undefined) return stand.get(names.get(m) ?? 'host', m);
    return m;
  });

  let out = '';
  let pos = 0;
  let changed = 0;
  for (const rec of model.records) {
    if (model.lineType[rec.line] !== LineType.Record) continue;
    const spans = recordFields(model, rec);
    for (let c = 0; c * 2 < spans.length; c++) {
      const s = spans[c * 2], e = spans[c * 2 + 1];
      if (e <= s || isProtected(model, rec, c, spans)) continue;
      const raw = model.text.slice(s, e);
      const name = rec.layout.lower[c] ?? '';
      let next: string;
      if (name === 'message-subject') next = raw.length > 0 && raw !== '""' ? stand.get('subject', raw) : raw;
      else if (c === rec.layout.data && rec.event === '<' && AUTH_ARG.test(raw)) {
        // The initial response of AUTH PLAIN/LOGIN carries the user name (and password) in base64.
        next = replace(raw.replace(AUTH_ARG, '$1****'));
        stand.secrets++;
      } else next = replace(raw);
      if (next !== raw) {
        out += model.text.slice(pos, s) + next;
        pos = e;
        changed++;
      }
    }
  }
  out += model.text.slice(pos);
  return {
    text: out,
    counts: {
      emails: stand.count('email'), users: stand.count('user'), ipv4: stand.count('ipv4'), ipv6: stand.count('ipv6'),
      hosts: stand.count('host') + stand.count('fqdn'), subjects: stand.count('subject'), secrets: stand.secrets,
    },
    fieldsChanged: changed,
  };
}

function isProtected(model: LogModel, rec: LogRecord, c: number, spans: number[]): boolean {
  const l = rec.layout;
  if (c === l.time || c === l.date || c === l.seq || c === l.event) return true;
  if (c === l.session) {
    if (l.kind === 'messageTracking') return true;
    const v = model.text.slice(spans[c * 2], spans[c * 2 + 1]).replace(/"/g, '');
    return HEX_ID.test(v) || v === '-';
  }
  const name = l.lower[c] ?? '';
  if (PROTECTED_NAMES.test(name) || /version/.test(name)) return true;
  // A message tracking source-context that is a receive session's message id stays a link.
  if (name === 'source-context' && SESSION_KEY.test(model.text.slice(spans[c * 2], spans[c * 2 + 1]))) return true;
  return false;
}

/** Collects the names a record holds in known places. */
function learn(model: LogModel, rec: LogRecord, learned: Learned): void {
  const l = rec.layout;
  const spans = recordFields(model, rec);
  const get = (c: number) => fieldValue(model, rec, c, spans);
  for (let c = 0; c < l.lower.length && c * 2 < spans.length; c++) {
    const name = l.lower[c];
    if (c === l.session && l.kind !== 'w3c') continue;
    if (USER_COLUMN.test(name)) {
      const v = get(c);
      if (!v || v === '-' || HEX_ID.test(v)) continue;
      // IIS SMTP: cs-username holds the session id or the HELO name.
      if (l.kind === 'w3c') learned.host(v);
      else learned.user(v);
    } else if (HOST_COLUMN.test(name)) {
      learned.host(get(c));
    }
  }
  if (l.connector >= 0) {
    const v = get(l.connector);
    const server = v?.split('\\')[0];
    if (v && v.includes('\\')) learned.host(server);
  }
  if (l.kind === 'pop3' || l.kind === 'imap4') {
    // `user NAME` (POP3) and `login NAME *****` (IMAP4): the name as the client typed it.
    const cmd = (get(l.command) ?? '').toLowerCase();
    const params = l.lower.indexOf('parameters');
    if ((cmd === 'user' || cmd === 'login') && params >= 0) {
      const name = clean((get(params) ?? '').trim().split(/\s+/)[0]);
      if (name && !/^\*+$/.test(name)) learned.users.add(name);
    }
    return;
  }
  if (l.kind === 'w3c') {
    const method = (get(l.command) ?? '').toUpperCase();
    if (method === 'HELO' || method === 'EHLO') learned.host((get(l.lower.indexOf('cs-uri-query')) ?? '').replace(/\+/g, ' ').trim());
    return;
  }
  if (l.data < 0) return;
  const data = (get(l.data) ?? '').trim();
  const context = (get(l.context) ?? '').trim();
  let m = /^(?:EHLO|HELO|LHLO)\s+(\S+)/i.exec(data);
  if (m) learned.host(m[1]);
  m = /^(?:220|250)[ -]+(\S+)\s+(?:Hello|Microsoft|ESMTP|SMTP|ready)/i.exec(data) ?? /^(?:220|250)[ -]+(\S+)/.exec(data);
  if (m && /^[>*<]$/.test(rec.event) && !/^\d/.test(m[1])) learned.host(m[1]);
  m = /^User(?: Name)?:\s*(\S+)/i.exec(context) ?? /^User(?: Name)?:\s*(\S+)/i.exec(data);
  if (m) learned.user(m[1]);
  // Certificate lines: subject and issuer names, alternate names.
  if (rec.event === '*' && /certificate/i.test(context)) {
    for (const tok of data.split(/[\s;,]+/)) {
      const kv = /^(?:CN|OU|O|L|S|ST|DC|E)=(.+)$/i.exec(tok);
      if (kv) learned.host(kv[1]);
      else if (tok && !tok.includes('=') && !HEX_ID.test(tok) && !/^[0-9A-Fa-f]{32,}$/.test(tok) && !/^\d{4}-\d\d-\d\d/.test(tok)) learned.host(tok);
    }
  }
}
