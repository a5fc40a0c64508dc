/**
 * A deterministic generator of realistic Exchange logs for benchmarks and scale tests: interleaved SMTP
 * receive and send sessions (TLS, AUTH, MAIL/RCPT/DATA, 4xx/5xx, tarpits, remote drops, quoted fields
 * with commas), POP3/IMAP4, connectivity and message tracking logs.
 */

export type GeneratedKind = 'smtpReceive' | 'smtpSend' | 'pop3' | 'imap4' | 'connectivity' | 'messageTracking';

/** A small, seedable PRNG (mulberry32) so every run generates the same file. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADERS: Record<GeneratedKind, [string, string]> = {
  smtpReceive: ['SMTP Receive Protocol Log', 'date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context'],
  smtpSend: ['SMTP Send Protocol Log', 'date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context'],
  pop3: ['POP3 Log', 'dateTime,sessionId,seqNumber,sIp,cIp,user,duration,rqsize,rpsize,command,parameters,context'],
  imap4: ['IMAP4 Log', 'dateTime,sessionId,seqNumber,sIp,cIp,user,duration,rqsize,rpsize,command,parameters,context'],
  connectivity: ['Transport Connectivity Log', 'date-time,session,source,Destination,direction,description'],
  messageTracking: ['Message Tracking Log', 'date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version'],
};

export function header(kind: GeneratedKind, date = '2024-03-05T10:00:00.000Z'): string {
  const [type, fields] = HEADERS[kind];
  return `#Software: Microsoft Exchange Server\r\n#Version: 15.01.2507.023\r\n#Log-type: ${type}\r\n#Date: ${date}\r\n#Fields: ${fields}\r\n`;
}

/** `n` as 16 upper-case hex digits, the form of a session id. */
export function hex16(n: number): string {
  return n.toString(16).toUpperCase().padStart(16, '0');
}

/** The log time form, `yyyy-MM-ddTHH:mm:ss.fffZ`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A CSV field as Exchange writes it: quoted (quotes doubled) only when it holds a comma, quote or line break. */
export function csv(v: string): string {
  return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
}

interface Pending { time: number; line: string }

/** Lines of one session: [time, text] pairs, the caller interleaves them. */
type SessionWriter = (r: () => number, id: number, start: number) => Pending[];

const DOMAINS = ['contoso.com', 'fabrikam.com', 'adatum.com', 'northwindtraders.com', 'litware.com', 'tailspintoys.com'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];

/** A random element of `a`. */
export function pick<T>(r: () => number, a: readonly T[]): T {
  return a[Math.floor(r() * a.length)];
}

function ip(r: () => number): string {
  return `${Math.floor(r() * 200) + 20}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 254) + 1}`;
}

const smtpReceive: SessionWriter = (r, id, start) => {
  const out: Pending[] = [];
  const sid = '08DC3C0A' + hex16(id).slice(8);
  const remote = `${ip(r)}:${40000 + Math.floor(r() * 20000)}`;
  const conn = 'EX01\\Default Frontend EX01';
  let t = start;
  let seq = 0;
  const add = (ev: string, data: string, context = '') => {
    out.push({ time: t, line: [iso(t), conn, sid, String(seq++), '10.0.0.5:25', remote, ev, csv(data), csv(context)].join(',') });
    t += Math.floor(r() * 400) + 1;
  };
  const helo = r() < 0.1 ? `[${remote.split(':')[0]}]` : `mail${Math.floor(r() * 50)}.${pick(r, DOMAINS)}`;
  add('+', '');
  add('*', 'SMTPSubmit SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders', 'Set Session Permissions');
  add('>', '220 EX01.contoso.com Microsoft ESMTP MAIL Service ready at Tue, 5 Mar 2024 10:00:01 +0000');
  add('<', `EHLO ${helo}`);
  add('>', '250  EX01.contoso.com Hello [' + remote.split(':')[0] + '] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS X-ANONYMOUSTLS AUTH NTLM 8BITMIME BINARYMIME CHUNKING SMTPUTF8');
  const roll = r();
  if (roll < 0.05) {
    add('-', '', 'Remote(ConnectionReset)');
    return out;
  }
  if (r() < 0.7) {
    add('<', 'STARTTLS');
    add('>', '220 2.0.0 SMTP server ready');
    add('*', '', 'Sending certificate');
    add('*', ' CN=EX01 CN=EX01 12DEABC6565646512346ABDC13456894 12DEABC6565646512346ABDC1345689413589876 2024-01-17T15:15:33.000Z 2026-01-17T15:15:33.000Z EX01;EX01.contoso.com', 'Certificate subject Certificate issuer name Certificate serial number Certificate thumbprint Certificate not valid before Certificate not valid after Certificate subject alternate names');
    add('*', '', `TLS protocol ${r() < 0.9 ? 'SP_PROT_TLS1_2_SERVER' : 'SP_PROT_TLS1_0_SERVER'} negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits`);
    add('<', `EHLO ${helo}`);
    add('>', '250  EX01.contoso.com Hello [' + remote.split(':')[0] + '] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES AUTH NTLM LOGIN 8BITMIME BINARYMIME CHUNKING');
  }
  if (roll < 0.12) {
    add('<', 'AUTH LOGIN');
    add('>', '334 <authentication response>');
    add('<', '<authentication response>');
    add('*', 'Tarpit for \'0.00:00:05\'', '');
    add('*', '', 'Inbound AUTH LOGIN failed because of LogonDenied');
    add('>', '535 5.7.3 Authentication unsuccessful');
    add('-', '', 'Remote');
    return out;
  }
  const from = `${pick(r, USERS)}@${pick(r, DOMAINS)}`;
  add('<', `MAIL FROM:<${from}> SIZE=${Math.floor(r() * 200000)}`);
  add('*', `${sid};${iso(start)};1`, 'receiving message');
  add('>', '250 2.1.0 Sender OK');
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    add('<', `RCPT TO:<${pick(r, USERS)}@contoso.com>`);
    if (roll < 0.2 && i === 0) add('>', '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain');
    else if (roll < 0.25 && i === 0) add('>', '452 4.3.1 Insufficient system resources');
    else add('>', '250 2.1.5 Recipient OK');
  }
  if (roll < 0.25) {
    add('<', 'QUIT');
    add('>', '221 2.0.0 Service closing transmission channel');
    add('-', '', 'Local');
    return out;
  }
  add('<', 'BDAT 5120 LAST');
  add('*', '', 'Proxy destination(s) obtained from OnProxyInboundMessage event. Correlation Id:8f7a8d5b-1c2e-4f3a-9b8c-7d6e5f4a3b2c');
  add('>', `250 2.6.0 <${id}@${pick(r, DOMAINS)}> [InternalId=${1000000 + id}, Hostname=EX01.contoso.com] ${5120 + Math.floor(r() * 9000)} bytes in ${(r()).toFixed(3)}, ${(r() * 900).toFixed(3)} KB/sec Queued mail for delivery`);
  add('<', 'QUIT');
  add('>', '221 2.0.0 Service closing transmission channel');
  add('-', '', 'Local');
  return out;
};

const smtpSend: SessionWriter = (r, id, start) => {
  const out: Pending[] = [];
  const sid = '08DC3C0B' + hex16(id).slice(8);
  const remote = `${ip(r)}:25`;
  const local = `10.0.0.5:${20000 + Math.floor(r() * 30000)}`;
  let t = start;
  let seq = 0;
  let connected = false;
  const add = (ev: string, data: string, context = '') => {
    out.push({ time: t, line: [iso(t), 'Internet Send Connector', sid, String(seq++), connected ? local : '', remote, ev, csv(data), csv(context)].join(',') });
    t += Math.floor(r() * 300) + 1;
  };
  add('*', 'SendRoutingHeaders', 'Set Session Permissions');
  add('*', '', 'attempting to connect');
  if (r() < 0.08) {
    add('*', '', `Failed to connect. Winsock error code: 10060, Win32 error code: 10060, Destination domain: ${pick(r, DOMAINS)}, Error Message: A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond ${remote}.`);
    return out;
  }
  connected = true;
  add('+', '');
  add('<', `220 mx.${pick(r, DOMAINS)} ESMTP ready`);
  add('>', 'EHLO EX01.contoso.com');
  add('<', '250-mx Hello 250-SIZE 52428800 250-PIPELINING 250-STARTTLS 250 8BITMIME');
  add('*', '', `sending message with RecordId ${100000 + id} and InternetMessageId <${id}@contoso.com>`);
  add('>', `MAIL FROM:<${pick(r, USERS)}@contoso.com> SIZE=${Math.floor(r() * 100000)}`);
  add('<', '250 2.1.0 Ok');
  add('>', `RCPT TO:<${pick(r, USERS)}@${pick(r, DOMAINS)}>`);
  if (r() < 0.1) {
    add('<', '550 5.1.1 User unknown');
    add('>', 'QUIT');
    add('-', '', 'Local');
    return out;
  }
  add('<', '250 2.1.5 Ok');
  add('>', 'DATA');
  add('<', '354 End data with <CR><LF>.<CR><LF>');
  add('<', '250 2.0.0 Ok: queued as 4F5A2B');
  add('>', 'QUIT');
  add('<', '221 2.0.0 Bye');
  add('-', '', 'Local');
  return out;
};

function popImap(imap: boolean): SessionWriter {
  return (r, id, start) => {
    const out: Pending[] = [];
    const sid = hex16(id);
    const port = imap ? 993 : 995;
    const client = `${ip(r)}:${30000 + Math.floor(r() * 30000)}`;
    const user = pick(r, USERS);
    let t = start;
    let seq = 0;
    const add = (u: string, cmd: string, params: string, ctx: string) => {
      out.push({ time: t, line: [iso(t), sid, String(seq++), `10.0.0.5:${port}`, client, u, String(Math.floor(r() * 50)), String(Math.floor(r() * 100)), String(Math.floor(r() * 400)), cmd, csv(params), csv(ctx), ''].join(',') });
      t += Math.floor(r() * 200) + 1;
    };
    add('', 'OpenSession', '', '');
    add('', 'capability', '', 'R=ok');
    if (r() < 0.15) {
      add(user, imap ? 'login' : 'pass', `${user}@contoso.com *****`, imap ? 'R="a1 NO LOGIN failed.";Msg=Proxy:EX02.contoso.com:1993:SSL;ErrMsg=AuthFailed:LogonDenied' : 'R="-ERR Logon failure: unknown user name or bad password.";ErrMsg=AuthFailed:LogonDenied');
    } else {
      add(user, imap ? 'login' : 'pass', `${user}@contoso.com *****`, `R=ok;Msg=Proxy:EX02.contoso.com:${imap ? 1993 : 1995}:SSL;ProxySuccess`);
      add(user, imap ? 'select' : 'stat', imap ? 'INBOX' : '', 'R=ok');
      add(user, imap ? 'fetch' : 'retr', '1:* (FLAGS)', 'R=ok');
    }
    add(user, 'CloseSession', '', '');
    return out;
  };
}

const connectivity: SessionWriter = (r, id, start) => {
  const out: Pending[] = [];
  const sid = '08DC3C0B' + hex16(id).slice(8);
  const dest = pick(r, DOMAINS);
  let t = start;
  const add = (dir: string, desc: string) => {
    out.push({ time: t, line: [iso(t), sid, 'SMTP', dest, dir, csv(desc)].join(',') });
    t += Math.floor(r() * 300) + 1;
  };
  add('+', `Internet Send Connector ${id};QueueLength=${Math.floor(r() * 5)}`);
  add('>', `mx.${dest}[${ip(r)}]`);
  if (r() < 0.1) add('-', 'Failed connection to 203.0.113.5:25 (TimedOut:10060) [Failed Connection, timed out]');
  else {
    add('>', 'Established connection to 203.0.113.5');
    add('-', `Messages: ${1 + Math.floor(r() * 3)} Bytes: ${Math.floor(r() * 90000)} (Retry : None)`);
  }
  return out;
};

const messageTracking: SessionWriter = (r, id, start) => {
  const out: Pending[] = [];
  let t = start;
  const from = `${pick(r, USERS)}@${pick(r, DOMAINS)}`;
  const to = `${pick(r, USERS)}@contoso.com`;
  const msgId = `<${id}.${Math.floor(r() * 1e9)}@${pick(r, DOMAINS)}>`;
  const events = r() < 0.1 ? ['RECEIVE', 'FAIL', 'DSN'] : r() < 0.2 ? ['RECEIVE', 'DEFER', 'DELIVER'] : ['RECEIVE', 'SUBMIT', 'DELIVER'];
  for (const ev of events) {
    const fields = [iso(t), '203.0.113.9', 'mail.fabrikam.com', '10.0.0.5', 'EX01', csv(`08DC3C0A${hex16(id).slice(8)};${iso(start)};0`), 'EX01\\Default Frontend EX01', ev === 'DELIVER' ? 'STOREDRIVER' : ev === 'DSN' ? 'DSN' : 'SMTP', ev, String(100000 + id), msgId, `a1b2c3d4-${hex16(id).slice(8).toLowerCase()}-4e5f-8a9b-0c1d2e3f4a5b`, to, ev === 'FAIL' ? '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found' : '250 2.1.5 Recipient OK', String(Math.floor(r() * 90000)), '1', '', '', csv(`Quarterly report, part ${id}`), from, from, '2024-03-05T10:00:00.000Z;SRV=EX01.contoso.com:TOTAL=0', 'Incoming', '', '203.0.113.9', '', 'S:DeliveryPriority=Normal;S:AccountForest=contoso.com', 'Email', '', '15.01.2507.023'];
    out.push({ time: t, line: fields.join(',') });
    t += Math.floor(r() * 2000) + 1;
  }
  return out;
};

const WRITERS: Record<GeneratedKind, SessionWriter> = {
  smtpReceive, smtpSend, pop3: popImap(false), imap4: popImap(true), connectivity, messageTracking,
};

/**
 * Generates a log of about `targetBytes`, sessions interleaved by time (about `concurrency` at once).
 */
export function generateLog(kind: GeneratedKind, targetBytes: number, seed = 1, concurrency = 40): string {
  const r = rng(seed);
  const parts: string[] = [header(kind)];
  let size = parts[0].length;
  let id = 1;
  let clock = Date.UTC(2024, 2, 5, 10, 0, 0);
  const open: Pending[][] = [];
  const writer = WRITERS[kind];
  while (size < targetBytes || open.length > 0) {
    while (size < targetBytes && open.length < concurrency) {
      clock += Math.floor(r() * 200);
      open.push(writer(r, id++, clock));
    }
    // emit the earliest pending line among open sessions
    let best = 0;
    for (let i = 1; i < open.length; i++) if (open[i][0].time < open[best][0].time) best = i;
    const line = open[best].shift()!.line + '\r\n';
    parts.push(line);
    size += line.length;
    if (open[best].length === 0) open.splice(best, 1);
  }
  return parts.join('');
}
