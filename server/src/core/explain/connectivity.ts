/** Transport connectivity log descriptions decoded: DNS results, connections, Winsock errors, totals. */
import { ackStatusMeaning } from '../facts/connectivity';
import { winsockByName } from '../facts/network';
import { plural, t } from '../l10n';
import { explainEndpoint } from './endpoint';
import { bullet, esc, field, gloss } from './md';
import { formatByteCount } from '../util/format';

export function explainDescription(desc: string, direction: string): string[] {
  const s = desc.trim();
  if (!s) return [];
  let m: RegExpExecArray | null;
  if ((m = /^(\S+) ([0-9a-f]{8}-[0-9a-f-]{27});QueueLength=(\d+)(?:\.\s*(.*))?$/i.exec(s))) {
    const out = [esc(t('A connection opened for a delivery queue.'))];
    out.push(bullet(esc(t('Next hop type')), esc(m[1])), bullet(esc(t('Next hop connector')), esc(m[2])));
    out.push(bullet(esc(t('Queue length')), esc(plural(+m[3], '{0} message waiting', '{0} messages waiting'))));
    if (m[4]) out.push(bullet(esc(m[4])));
    return out;
  }
  if ((m = /^Established connection to (\S+)/i.exec(s))) {
    return [esc(t('The TCP connection was established.')), ...explainEndpoint(m[1])];
  }
  if ((m = /^Failed connection to (\S+) \((\w+):([0-9A-Fa-f]+)\)(.*)$/i.exec(s))) {
    const out = [esc(t('The TCP connection failed.')), ...explainEndpoint(m[1])];
    const w = winsockByName(m[2]);
    out.push(bullet(esc(`${m[2]} (0x${m[3].replace(/^0+/, '')})`), w ? `${esc(`${w.code} ${w.name}`)} · ${gloss(w.meaning)}` : undefined));
    const extra = m[4].trim();
    for (const item of extra.match(/\[[^\]]*\]/g) ?? []) out.push(bullet(esc(item.slice(1, -1))));
    if (/MarkedUnhealthy/i.test(extra)) out.push(esc(t('Exchange marked the target unhealthy and will avoid it until the next retry time.')));
    return out;
  }
  if ((m = /^Messages: (\d+) Bytes: (\d+)(.*)$/i.exec(s))) {
    const out = [esc(t('The connection ended; totals of what went through it.'))];
    out.push(bullet(esc(t('Messages')), esc(plural(+m[1], '{0} message', '{0} messages'))));
    out.push(bullet(esc(t('Bytes')), esc(formatByteCount(+m[2]))));
    const rest = m[3];
    const rc = /Recipients: (\d+)/i.exec(rest);
    if (rc) out.push(bullet(esc(t('Recipients')), esc(rc[1])));
    const ack = /\((\w+) : (.*)\)\s*$/.exec(rest);
    if (ack) {
      const am = ackStatusMeaning(ack[1]);
      out.push(bullet(esc(ack[1]), am ? gloss(am) : undefined), bullet(esc(t('Reason')), esc(ack[2])));
    }
    return out;
  }
  if ((m = /^Session Failover; previous session id = (\S+); reason = (.*)$/i.exec(s))) {
    return [esc(t('The delivery moved to another target.')), bullet(esc(t('Previous session')), esc(m[1])), bullet(esc(t('Reason')), esc(m[2]))];
  }
  if (/^Using Cached Session/i.test(s)) return [esc(t('The connection ended in favour of a cached session that is reused.'))];
  if ((m = /^Aborted connection to (\S+)/i.exec(s))) return [esc(t('The connection was abandoned.')), ...explainEndpoint(m[1])];
  if (/^Starting delivery/i.test(s)) return [esc(t('Mailbox delivery starts.'))];
  if ((m = /^Connecting to server (\S+)/i.exec(s))) return [esc(t('Connecting to the mailbox server {0}.', m[1]))];
  if (/^Throttled delivery/i.test(s)) return [esc(t('Mailbox delivery was throttled.'))];
  if (/^Failed to locate server/i.test(s)) return [esc(t('The mailbox database server could not be found.'))];
  if (/^RegularSubmissions:/i.test(s)) return [esc(t('Submission totals: regular and shadow submissions and failures.'))];
  if (/^service started/i.test(s)) return [esc(t('The transport service started; its limits follow.'))];
  if (/^service stopped/i.test(s)) return [esc(t('The transport service stopped.'))];
  // DNS result: host[ip, ip], host2[ip]
  const hosts = [...s.matchAll(/([^\s,\[\]]+)\[([^\]]*)\]/g)];
  if (hosts.length > 0 && (direction === '>' || /^Outbound proxy via /i.test(s))) {
    const out = [esc(t('DNS result: the hosts Exchange can connect to, with their addresses, in the order it tries them.'))];
    for (const h of hosts.slice(0, 10)) out.push(bullet(esc(h[1]), esc(h[2])));
    if (s.endsWith('...')) out.push(esc(t('The list is cut short in the log.')));
    return out;
  }
  if (direction === '+' && /^[\w.-]+$/.test(s)) return [field(esc(t('Server:')), esc(s))];
  return [];
}
