/** SMTP commands, replies, permissions, certificates, TLS and context strings, explained. */
import { winsockByCode, winsockByName } from '../facts/network';
import { permissionGroup, permissionMeaning } from '../facts/permissions';
import {
  authMechanismMeaning, componentMeaning, ehloKeywordMeaning, enhancedCode, enhancedCodeMeaning, proxyMarkerMeaning,
  replyClassMeaning, replyCode, replyCodeMeaning, smtpParameterMeaning, verbMeaning,
} from '../facts/smtp';
import {
  CERTIFICATE_LABELS, contextPattern, disconnectMeaning, securityStatusMeaning, tlsStatusMeaning,
} from '../facts/smtpContext';
import { algorithmMeaning, tlsProtocol } from '../facts/tls';
import { pairCertificate } from '../facts/certificates';
import { t } from '../l10n';
import { bullet, esc, field, gloss } from './md';
import { formatByteCount, formatDuration } from '../util/format';

export function isReply(text: string): boolean {
  return replyCode(text.trim()) > 0;
}

/** A reply: basic code, enhanced code (class, subject, detail), the usual Exchange cause, EHLO keywords. */
export function explainReply(text: string): string[] {
  const s = text.trim();
  if (!replyCode(s)) return [];
  const code = s.slice(0, 3);
  const out: string[] = [];
  const meaning = replyCodeMeaning(code);
  const cls = replyClassMeaning(code);
  out.push(field(esc(t('Reply code {0}', code)), meaning ? gloss(meaning) : cls ? gloss(cls) : esc(t('Not a standard reply code.'))));
  if (meaning && cls) out.push(bullet(esc(t('{0}xx', code[0])), gloss(cls)));
  const enhanced = enhancedCode(s);
  if (enhanced) {
    const em = enhancedCodeMeaning(enhanced, s);
    if (em) {
      const [c, subj] = enhanced.split('.');
      out.push(field(esc(t('Enhanced status code {0}', enhanced)), ''));
      if (em.cls) out.push(bullet(esc(t('Class {0}', c)), gloss(em.cls)));
      if (em.subject) out.push(bullet(esc(t('Subject {0}', `X.${subj}`)), gloss(em.subject)));
      out.push(bullet(esc(t('Detail')), em.detail ? gloss(em.detail) : esc(t('Not in the public registry: an Exchange-specific detail.'))));
      if (em.cause) out.push(field(esc(t('Usual cause in Exchange:')), gloss(em.cause)));
      if (c !== code[0] && code[0] !== '2' && code[0] !== '3') out.push(esc(t('The reply code and the enhanced code disagree on the class: Exchange uses some codes internally; trust the enhanced code.')));
    }
  }
  const prx = /\b(C?PRX\d)\b/.exec(s);
  if (prx) {
    const pm = proxyMarkerMeaning(prx[1]);
    if (pm) out.push(bullet(esc(prx[1]), gloss(pm)));
  }
  const comp = componentMeaning(s);
  if (comp) out.push(field(esc(t('Exchange component:')), gloss(comp)));
  if (/<authentication response>/i.test(s)) out.push(esc(t('Exchange does not log what is exchanged during authentication; it writes a placeholder.')));
  if (code === '250') {
    const kw = ehloKeywords(s);
    if (kw.length > 0) out.push(field(esc(t('Extensions offered:')), ''), ...kw);
  }
  return out;
}

/** The keywords of an EHLO reply: one line (`250  host Hello [ip] SIZE … CHUNKING`) or one `250-KEYWORD` per line. */
function ehloKeywords(s: string): string[] {
  let words: string[];
  const hello = /\bHello\b(?:\s+\[[^\]]*\])?/i.exec(s);
  if (hello) words = s.slice(hello.index + hello[0].length).trim().split(/\s+/);
  else if (/^250-/.test(s)) words = s.slice(4).trim().split(/\s+/);
  else return [];
  const out: string[] = [];
  let prev = '';
  for (const w of words) {
    if (!w) continue;
    const meaning = ehloKeywordMeaning(w);
    if (meaning) out.push(bullet(esc(w), gloss(meaning)));
    else if (/^\d+$/.test(w) && prev === 'SIZE') out.push(bullet(esc(w), esc(formatByteCount(+w))));
    else if (/^[A-Z0-9-]+$/.test(w) && (prev === 'AUTH' || prev === 'X-EXPS' || authMechanismMeaning(w))) {
      const am = authMechanismMeaning(w);
      out.push(bullet(esc(w), am ? gloss(am) : undefined));
    } else out.push(bullet(esc(w)));
    if (!/^\d+$/.test(w) && !authMechanismMeaning(w)) prev = w.toUpperCase();
  }
  return out;
}

/** A command the client sent (or this server sent, on the send side). */
export function explainCommand(text: string): string[] {
  const s = text.trim();
  if (!s) return [];
  const verb = s.split(/[\s:]/, 1)[0].toUpperCase();
  const out: string[] = [];
  const meaning = verbMeaning(verb);
  out.push(field(esc(t('Command {0}', verb)), meaning ? gloss(meaning) : esc(t('Not a command in our tables; a server usually answers it with 500.'))));
  const rest = s.slice(verb.length).trim();
  switch (verb) {
    case 'EHLO':
    case 'HELO': {
      if (!rest) out.push(esc(t('No name given, which RFC 5321 does not allow.')));
      else if (/^\[[^\]]*\]$/.test(rest)) out.push(bullet(esc(rest), esc(t('An address literal: the client gave its address instead of a host name.'))));
      else out.push(bullet(esc(rest), esc(t('The name the client gives for itself; it is not verified.'))));
      break;
    }
    case 'MAIL':
    case 'RCPT': {
      const m = /^(?:FROM|TO)\s*:\s*(<[^>]*>|\S*)\s*(.*)$/i.exec(rest);
      if (!m) break;
      const addr = m[1].replace(/^<|>$/g, '');
      if (verb === 'MAIL') out.push(bullet(esc(t('Sender')), addr ? esc(addr) : esc(t('Null sender <>: a bounce, a delivery report or a system message.'))));
      else out.push(bullet(esc(t('Recipient')), esc(addr)));
      for (const p of m[2].split(/\s+/).filter(Boolean)) {
        const [k, v] = p.split('=', 2);
        const pm = smtpParameterMeaning(k);
        const extra = k.toUpperCase() === 'SIZE' && v && /^\d+$/.test(v) ? ' ' + esc(`(${formatByteCount(+v)})`) : '';
        out.push(bullet(esc(p), (pm ? gloss(pm) : esc(t('Parameter not in our tables.'))) + extra));
      }
      break;
    }
    case 'AUTH':
    case 'X-EXPS': {
      const mech = rest.split(/\s+/)[0];
      if (mech) {
        const am = authMechanismMeaning(mech);
        out.push(bullet(esc(mech), am ? gloss(am) : esc(t('Mechanism not in our tables.'))));
      }
      break;
    }
    case 'BDAT': {
      const m = /^(\d+)(\s+LAST)?/i.exec(rest);
      if (m) out.push(bullet(esc(t('Chunk')), esc(formatByteCount(+m[1])) + (m[2] ? ' · ' + esc(t('the last chunk')) : '')));
      break;
    }
    case 'XPROXYFROM':
    case 'XPROXY':
      for (const p of rest.split(/\s+/).filter((x) => x.includes('='))) out.push(bullet(esc(p)));
      break;
  }
  return out;
}

/** The permission list of a `Set Session Permissions` line. */
export function explainPermissions(list: string): string[] {
  const names = list.trim().split(/\s+/).filter(Boolean);
  if (names.length === 0) return [];
  const out: string[] = [];
  const group = permissionGroup(list);
  out.push(field(esc(t('Permission group:')), group ? `${esc(group.name)} · ${gloss(group.meaning)}` : esc(t('No predefined group has exactly this set: custom permissions (granted with Add-ADPermission), or a combination of groups.'))));
  for (const n of names) {
    const pm = permissionMeaning(n);
    out.push(bullet(esc(n), pm ? gloss(pm) : esc(t('Not a permission name in our tables.'))));
  }
  if (!names.includes('None') && !names.includes('SMTPAcceptAnyRecipient') && names.includes('SMTPSubmit')) {
    out.push(esc(t('Without SMTPAcceptAnyRecipient this session may only send to accepted domains: relaying elsewhere is refused with 550 5.7.1.')));
  }
  return out;
}

function explainCertificate(data: string, labels: string, at: number): string[] {
  const pairs = pairCertificate(data, labels);
  if (!pairs) return [];
  const out = [field(esc(t('Certificate details:')), '')];
  for (const p of pairs) {
    const meaning = CERTIFICATE_LABELS.find((l) => l.label === p.label)?.meaning;
    out.push(bullet(esc(p.label), esc(p.value) + (meaning ? ' · ' + gloss(meaning) : '')));
  }
  const subject = pairs[0].value, issuer = pairs[1].value;
  if (subject === issuer) out.push(esc(t('Subject and issuer are the same: a self-signed certificate (normal for the default Exchange certificate, not trusted by other servers).')));
  const notBefore = Date.parse(pairs[4].value);
  const notAfter = Date.parse(pairs[5].value);
  if (!Number.isNaN(at) && !Number.isNaN(notAfter) && notAfter < at) out.push(esc(t('The certificate had already expired when this line was written.')));
  if (!Number.isNaN(at) && !Number.isNaN(notBefore) && notBefore > at) out.push(esc(t('The certificate was not yet valid when this line was written.')));
  return out;
}

const TLS_LINE = /TLS protocol (\S+) negotiation succeeded using bulk encryption algorithm (\S+) with strength (\d+) bits, MAC hash algorithm (\S+) with strength (\d+) bits and key exchange algorithm (\S+) with strength (\d+) bits/i;

export function explainTls(context: string): string[] {
  const m = TLS_LINE.exec(context);
  if (!m) return [];
  const out: string[] = [];
  const p = tlsProtocol(m[1]);
  if (p) {
    const role = p.role === 'server' ? t('this server was the TLS server') : t('this server was the TLS client');
    out.push(bullet(esc(t('Protocol')), `${esc(p.version)} · ${esc(role)}${p.weak ? ' · ' + esc(t('deprecated and weak today: disable it when the other side can do better')) : ''}`));
  } else out.push(bullet(esc(t('Protocol')), esc(m[1])));
  const alg = (label: string, name: string, bits: string) => {
    const a = algorithmMeaning(name);
    out.push(bullet(esc(label), `${esc(name)} · ${esc(t('{0} bits', bits))}${a ? ' · ' + gloss(a.meaning) : ''}`));
  };
  alg(t('Bulk encryption'), m[2], m[3]);
  alg(t('MAC hash'), m[4], m[5]);
  alg(t('Key exchange'), m[6], m[7]);
  return out;
}

export function explainFailedToConnect(text: string): string[] {
  const out: string[] = [];
  const ws = /Winsock error code: (\d+)/i.exec(text);
  if (ws) {
    const w = winsockByCode(+ws[1]);
    out.push(bullet(esc(t('Winsock error {0}', ws[1])), w ? `${esc(w.name)} · ${gloss(w.meaning)}` : esc(t('Not a Winsock code in our tables.'))));
  }
  const w32 = /Win32 error code: (\d+)/i.exec(text);
  if (w32 && (!ws || w32[1] !== ws[1])) out.push(bullet(esc(t('Win32 error {0}', w32[1]))));
  const dom = /Destination domain: ([^,]+)/i.exec(text);
  if (dom) out.push(bullet(esc(t('Destination domain')), esc(dom[1].trim())));
  const msg = /Error Message: (.*)$/i.exec(text);
  if (msg) out.push(bullet(esc(t('Error message')), esc(msg[1].trim())));
  return out;
}

/** `0.00:00:05` → 5 s. */
export function parseDotNetTimeSpan(s: string): number | undefined {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return undefined;
  return ((+(m[1] ?? 0) * 24 + +m[2]) * 60 + +m[3]) * 60_000 + +m[4] * 1000 + (m[5] ? Math.round(+('0.' + m[5]) * 1000) : 0);
}

/** A context string (or an information line's data) explained; `data` is the same record's data column. */
export function explainSmtpContext(context: string, data: string, at = NaN): string[] {
  const found = contextPattern(context);
  if (!found) return [];
  const { pattern, match } = found;
  const out = [gloss(pattern.meaning)];
  switch (pattern.id) {
    case 'permissions':
      out.push(...explainPermissions(data));
      break;
    case 'tlsOk':
      out.push(...explainTls(context));
      break;
    case 'domainCapabilities':
      for (const kv of context.matchAll(/(\w+)='([^']*)'/g)) {
        const sm = tlsStatusMeaning(kv[2]);
        out.push(bullet(esc(kv[1]), esc(kv[2]) + (sm ? ' · ' + gloss(sm) : '')));
      }
      break;
    case 'chainStatus': {
      const sm = tlsStatusMeaning(match[1]);
      out.push(bullet(esc(match[1]), sm ? gloss(sm) : undefined));
      break;
    }
    case 'sendingCertificate':
    case 'remoteCertificate':
      out.push(...explainCertificate(data, context, at));
      break;
    case 'thumbprint':
      if (data.trim()) out.push(bullet(esc(t('Thumbprint')), esc(data.trim())));
      break;
    case 'authInboundFailed': {
      const sm = securityStatusMeaning(match[2]);
      out.push(bullet(esc(match[1]), esc(t('authentication method'))), bullet(esc(match[2]), sm ? gloss(sm) : undefined));
      break;
    }
    case 'authOutboundFailed': {
      const sm = securityStatusMeaning(match[1]);
      out.push(bullet(esc(match[1]), sm ? gloss(sm) : undefined));
      break;
    }
    case 'userName':
      out.push(bullet(esc(t('User')), esc(match[1])));
      break;
    case 'sending':
      out.push(bullet(esc(t('Queue record id')), esc(match[1])), bullet(esc(t('Message-ID')), esc(match[2])));
      break;
    case 'receivingWithId':
      out.push(bullet(esc(t('Message-ID')), esc(match[1])));
      break;
    case 'receiving': {
      const parts = data.split(';');
      if (parts.length >= 3) out.push(bullet(esc(t('Temporary message id')), esc(data)));
      break;
    }
    case 'proxying':
      out.push(bullet(esc(t('Inbound session id')), esc(match[1])));
      break;
    case 'failedToConnect':
      out.push(...explainFailedToConnect(context));
      break;
    case 'tarpit': {
      const ms = parseDotNetTimeSpan(match[1]);
      if (ms !== undefined) out.push(bullet(esc(t('Delay')), esc(formatDuration(ms, true))));
      if (match[2]) out.push(bullet(esc(t('Reason')), esc(match[2])));
      break;
    }
    case 'disconnect': {
      const reason = context.trim();
      const base = reason.startsWith('Remote') ? 'Remote' : reason;
      const dm = disconnectMeaning(base);
      if (dm) out.push(bullet(esc(base), gloss(dm)));
      if (match[1]) {
        const w = winsockByName(match[1]);
        out.push(bullet(esc(match[1]), w ? `${esc(`${w.code} ${w.name}`)} · ${gloss(w.meaning)}` : esc(t('A socket error on the other side.'))));
      }
      break;
    }
  }
  return out;
}

/** The data column of an SMTP record, by event. */
export function explainSmtpData(data: string, event: string, context: string, at = NaN): string[] {
  const s = data.trim();
  if (!s) return [];
  if (isReply(s)) return explainReply(s);
  if (event === '<' || event === '>') return explainCommand(s);
  if (event === '*') {
    const found = contextPattern(context);
    if (found && ['permissions', 'sendingCertificate', 'remoteCertificate', 'receiving', 'thumbprint'].includes(found.pattern.id)) {
      return explainSmtpContext(context, data, at).slice(1);
    }
    if (/^Tarpit for /i.test(s) || contextPattern(s)) return explainSmtpContext(s, '');
    if (permissionMeaning(s.split(/\s+/)[0])) return explainPermissions(s);
  }
  return [];
}
