/** POP3 and IMAP4: command, parameters, and the `R=…;Msg=…;ErrMsg=…` context split into its parts. */
import {
  activityOpMeaning, activityStatMeaning, budgetFieldMeaning, contextKeyMeaning, msgValueMeaning, popImapCommandMeaning,
  statusWordMeaning,
} from '../facts/popImap';
import { portMeaning } from '../facts/network';
import { t } from '../l10n';
import { bullet, esc, field, gloss } from './md';

export function explainPopImapCommand(kind: 'pop3' | 'imap4', command: string): string[] {
  const c = command.trim();
  if (!c) return [];
  const m = popImapCommandMeaning(kind, c);
  const out = [field(esc(t('Command {0}', c)), m ? gloss(m) : esc(t('Not a command in our tables.')))];
  return out;
}

export function explainPopImapParameters(kind: 'pop3' | 'imap4', command: string, params: string): string[] {
  const c = command.trim().toLowerCase();
  const p = params.trim();
  if (!p) return [];
  const out: string[] = [];
  if (c === 'login' || c === 'user' || c === 'pass') {
    const [user, ...rest] = p.split(/\s+/);
    if (c !== 'pass') out.push(bullet(esc(t('User')), esc(user)));
    if (c === 'pass' || rest.some((r) => /^\*+$/.test(r))) out.push(esc(t('Exchange masks the password with asterisks.')));
  } else if (c === 'authenticate' || c === 'auth') {
    out.push(bullet(esc(t('Mechanism')), esc(p.split(/\s+/)[0])));
  } else if (c === 'select' || c === 'examine' || c === 'status' || c === 'create' || c === 'delete' || c === 'subscribe' || c === 'unsubscribe') {
    out.push(bullet(esc(t('Folder')), esc(p.split(/\s+/)[0])));
  } else if (c === 'uid') {
    const sub = p.split(/\s+/)[0];
    const m = popImapCommandMeaning(kind, sub);
    out.push(bullet(esc(sub), m ? gloss(m) : undefined));
  } else if ((c === 'retr' || c === 'dele' || c === 'list' || c === 'uidl' || c === 'top') && /^\d+/.test(p)) {
    out.push(bullet(esc(t('Message number')), esc(p.split(/\s+/)[0])));
  }
  return out;
}

/** Splits `Key=Value;Key="quoted; value";…` at the semicolons outside quotes. */
export function splitContext(text: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  let i = 0;
  const s = text;
  while (i < s.length) {
    let j = i;
    let key = '';
    const eq = s.indexOf('=', i);
    const semi = s.indexOf(';', i);
    if (eq >= 0 && (semi < 0 || eq < semi) && /^[A-Za-z][\w]*$/.test(s.slice(i, eq))) {
      key = s.slice(i, eq);
      j = eq + 1;
    }
    let value = '';
    if (s[j] === '"') {
      j++;
      for (;;) {
        const q = s.indexOf('"', j);
        if (q < 0) {
          value += s.slice(j);
          j = s.length;
          break;
        }
        value += s.slice(j, q);
        if (s[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      const next = s.indexOf(';', j);
      j = next < 0 ? s.length : next;
    } else {
      const next = s.indexOf(';', j);
      value = s.slice(j, next < 0 ? s.length : next);
      j = next < 0 ? s.length : next;
    }
    if (key || value) out.push({ key, value });
    i = j + 1;
  }
  return out;
}

function explainResult(value: string): string {
  const v = value.trim();
  const words = v.split(/\s+/);
  // "aXSV NO LOGIN failed." → tag, status, text; "OK" / "ok" / "+OK …" / "-ERR …"
  let status = words[0];
  let tag = '';
  if (words.length > 1 && !statusWordMeaning(words[0]) && statusWordMeaning(words[1])) {
    tag = words[0];
    status = words[1];
  }
  const sm = statusWordMeaning(status);
  const parts = [esc(v)];
  if (sm) parts.push(`${esc(status.toUpperCase())}: ${gloss(sm)}`);
  if (tag) parts.push(esc(t('command tag {0}', tag)));
  const err = /\[Error=(\w+)/.exec(v);
  if (err) {
    const em = msgValueMeaning(err[1]);
    if (em) parts.push(`${esc(err[1])}: ${gloss(em)}`);
  }
  return parts.join(' · ');
}

function explainMsg(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(';').map((x) => x.trim()).filter(Boolean)) {
    const m = msgValueMeaning(part);
    const proxy = /^Proxy:(.+):(\d+):(\w+)$/i.exec(part);
    let extra = '';
    if (proxy) {
      const pm = portMeaning(+proxy[2]);
      extra = ' · ' + esc(t('server {0}, port {1}, encryption {2}', proxy[1], proxy[2], proxy[3])) + (pm ? ' · ' + gloss(pm) : '');
    }
    out.push(`  ${bullet(esc(part), (m ? gloss(m) : '') + extra || undefined)}`);
  }
  return out;
}

function explainActivity(value: string): string[] {
  const v = value.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return [`  ${bullet(esc(v), esc(t('the activity id that correlates the front end and the back end')))}`];
  const out: string[] = [];
  for (const item of v.split(',').slice(0, 20)) {
    const m = /^(\w+):(\w+)\.(\w+)(?:\[[^\]]*\])?=(.*)$/.exec(item.trim());
    if (!m) continue;
    const op = activityOpMeaning(m[2]);
    const st = activityStatMeaning(m[3]);
    out.push(`  ${bullet(esc(`${m[2]}.${m[3]} = ${m[4]}`), op || st ? esc([op ? t(op) : m[2], st ? t(st) : m[3]].join(', ')) : undefined)}`);
  }
  return out;
}

function explainBudget(value: string): string[] {
  const out: string[] = [];
  for (const item of value.split(',')) {
    const i = item.indexOf(':');
    if (i < 0) continue;
    const k = item.slice(0, i).trim();
    const m = budgetFieldMeaning(k);
    out.push(`  ${bullet(esc(item.trim()), m ? gloss(m) : undefined)}`);
  }
  return out;
}

/** The context column of a POP3/IMAP4 record split into its parts. */
export function explainPopImapContext(context: string): string[] {
  const parts = splitContext(context.trim());
  if (parts.length === 0) return [];
  const out: string[] = [field(esc(t('Parts:')), '')];
  for (const { key, value } of parts) {
    const km = key ? contextKeyMeaning(key) : undefined;
    const label = key ? `${key}=` : t('(no key)');
    if (key.toLowerCase() === 'r') {
      out.push(bullet(esc(label), `${km ? gloss(km) + ' ' : ''}${explainResult(value)}`));
      continue;
    }
    out.push(bullet(esc(label), `${km ? gloss(km) : esc(t('Key not in our tables.'))}${value && !/^(msg|errmsg|activitycontextdata|budget)$/i.test(key) ? ' · ' + esc(value) : ''}`));
    const k = key.toLowerCase();
    if (k === 'msg' || k === 'errmsg') out.push(...explainMsg(value));
    else if (k === 'activitycontextdata') out.push(...explainActivity(value));
    else if (k === 'budget') out.push(...explainBudget(value));
  }
  return out;
}
