/**
 * A small deterministic generator of SMTP Receive protocol logs with many interleaved sessions:
 * TLS, AUTH (good and bad), MAIL/RCPT/DATA and BDAT, 4xx and 5xx rejections, tarpits, remote
 * drops, idle sessions, and sessions cut by the start and the end of the file. The same options
 * always give the same text, so tests over it are repeatable.
 */

import { rng } from '../bench/generateLogs';

export interface GenerateOptions {
  /** Stop starting sessions once the text reaches this many characters (default 10 MB). */
  targetBytes?: number;
  seed?: number;
  /** Time of the first line, ms since the epoch (default 2024-03-05T10:00:00Z). */
  start?: number;
  /** Sessions open at the same time (default 12). */
  concurrency?: number;
  /** Line ending (default CRLF, as Exchange writes). */
  eol?: string;
}

export interface GeneratedLog {
  text: string;
  sessions: number;
  lines: number;
  /** How many sessions of each scenario were started. */
  scenarios: Record<Scenario, number>;
}

export type Scenario = 'delivered' | 'deliveredAuth' | 'rejected' | 'deferred' | 'authFailed' | 'tarpit' | 'dropped' | 'idle' | 'tlsFailed';

const SCENARIOS: [Scenario, number][] = [
  ['delivered', 30], ['deliveredAuth', 12], ['rejected', 14], ['deferred', 8], ['authFailed', 8],
  ['tarpit', 6], ['dropped', 8], ['idle', 10], ['tlsFailed', 4],
];

const FIELDS = 'date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context';
const CONNECTOR = 'EX01\\Default Frontend EX01';
const LOCAL = '10.0.0.5:25';

type Step = [event: string, data: string, context: string, delayMs: number];

interface Active {
  id: string;
  seq: number;
  remote: string;
  steps: Step[];
  next: number;
  /** Earliest time the next line may be written. */
  due: number;
}

function csv(v: string): string {
  return /[",\r\n]/.test(v) || v.startsWith(' ') ? `"${v.replace(/"/g, '""')}"` : v;
}

export function generateReceiveLog(options: GenerateOptions = {}): GeneratedLog {
  const target = options.targetBytes ?? 10 * 1024 * 1024;
  const random = rng(options.seed ?? 42);
  const eol = options.eol ?? '\r\n';
  const concurrency = options.concurrency ?? 12;
  let clock = options.start ?? Date.UTC(2024, 2, 5, 10, 0, 0);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(random() * a.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  // A few busy partners and a long tail of occasional senders.
  const remotes: string[] = [];
  for (let i = 0; i < 40; i++) remotes.push(`198.51.100.${i + 10}`);
  for (let i = 0; i < 400; i++) remotes.push(`203.0.${113 + (i >> 8)}.${i & 255}`);
  const heloNames = ['mail.fabrikam.com', 'smtp.adatum.com', 'mx1.litware.org', 'relay.northwind.net', 'ylmf-pc', '[203.0.113.9]', 'out.proseware.com'];
  const senders = ['alice@fabrikam.com', 'bob@adatum.com', 'news@litware.org', 'noreply@northwind.net', ''];
  const rcpts = ['carol@contoso.com', 'dave@contoso.com', 'erin@contoso.com', 'frank@contoso.com', 'sales@contoso.com'];

  const chunks: string[] = [];
  let size = 0;
  let lines = 0;
  const push = (line: string) => {
    chunks.push(line, eol);
    size += line.length + eol.length;
    lines++;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  push('\ufeff#Software: Microsoft Exchange Server');
  push('#Version: 15.02.1544.004');
  push('#Log-type: SMTP Receive Protocol Log');
  push(`#Date: ${iso(clock)}`);
  push(`#Fields: ${FIELDS}`);

  let counter = 0x1000;
  const scenarios = Object.fromEntries(SCENARIOS.map(([s]) => [s, 0])) as Record<Scenario, number>;
  const totalWeight = SCENARIOS.reduce((n, [, w]) => n + w, 0);
  const chooseScenario = (): Scenario => {
    let r = random() * totalWeight;
    for (const [s, w] of SCENARIOS) {
      r -= w;
      if (r < 0) return s;
    }
    return 'delivered';
  };

  const script = (scenario: Scenario, ip: string): Step[] => {
    const helo = pick(heloNames);
    const steps: Step[] = [
      ['+', '', '', 0],
      ['*', 'SMTPSubmit SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders', 'Set Session Permissions', 1],
      ['>', `220 ex01.contoso.com Microsoft ESMTP MAIL Service ready at ${new Date(clock).toUTCString()}`, '', 2],
    ];
    if (scenario === 'dropped' && random() < 0.5) {
      steps.push(['-', '', 'Remote(ConnectionReset)', int(50, 4000)]);
      return steps;
    }
    const ehloReply = `250  ex01.contoso.com Hello [${ip}] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS AUTH NTLM 8BITMIME BINARYMIME CHUNKING`;
    steps.push(['<', `EHLO ${helo}`, '', int(20, 400)], ['>', ehloReply, '', 1]);
    if (scenario === 'idle') {
      steps.push(['<', 'QUIT', '', int(20, 2000)], ['>', '221 2.0.0 Service closing transmission channel', '', 1], ['-', '', 'Local', 1]);
      return steps;
    }
    const tls = scenario !== 'deferred' || random() < 0.5;
    if (tls) {
      steps.push(['<', 'STARTTLS', '', int(10, 200)], ['>', '220 2.0.0 SMTP server ready', '', 1]);
      steps.push(['*', ' CN=ex01.contoso.com', 'Sending certificate', 1]);
      if (scenario === 'tlsFailed') {
        steps.push(['*', '', 'TLS negotiation failed with error UnknownCredentials', int(10, 200)], ['-', '', 'Local', 1]);
        return steps;
      }
      steps.push(['*', '', `TLS protocol SP_PROT_TLS1_${random() < 0.8 ? 2 : 3}_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 384 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits`, int(10, 300)]);
      steps.push(['<', `EHLO ${helo}`, '', int(5, 100)], ['>', ehloReply, '', 1]);
    }
    if (scenario === 'deliveredAuth' || scenario === 'authFailed') {
      steps.push(['<', 'AUTH LOGIN', '', int(10, 200)], ['>', '334 <authentication response>', '', 1], ['>', '334 <authentication response>', '', int(10, 200)]);
      if (scenario === 'authFailed') {
        steps.push(['*', '', 'Inbound AUTH LOGIN failed because of LogonDenied', int(10, 200)]);
        steps.push(['*', "Tarpit for '0.00:00:05' due to '535 5.7.3 Authentication unsuccessful'", '', 1]);
        steps.push(['>', '535 5.7.3 Authentication unsuccessful', '', 5000]);
        steps.push(['-', '', 'Remote(ConnectionReset)', int(10, 500)]);
        return steps;
      }
      steps.push(['*', 'SMTPSubmit SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender BypassAntiSpam', 'Set Session Permissions', 1]);
      steps.push(['*', `CONTOSO\\user${int(1, 50)}`, 'authenticated', 1], ['>', '235 2.7.0 Authentication successful', '', 1]);
    }
    const messages = scenario === 'delivered' || scenario === 'deliveredAuth' ? int(1, 3) : 1;
    for (let m = 0; m < messages; m++) {
      const bytes = int(900, 250000);
      steps.push(['<', `MAIL FROM:<${pick(senders)}> SIZE=${bytes}`, '', int(10, 300)]);
      steps.push(['*', `08DC3C0A${(counter + m).toString(16).toUpperCase().padStart(8, '0')};${iso(clock)};ClientSubmitTime:`, 'receiving message', 1]);
      steps.push(['>', '250 2.1.0 Sender OK', '', 1]);
      const n = int(1, 4);
      for (let r = 0; r < n; r++) {
        steps.push(['<', `RCPT TO:<${pick(rcpts)}>`, '', int(5, 100)]);
        if (scenario === 'rejected' || scenario === 'tarpit') {
          if (scenario === 'tarpit') steps.push(['*', "Tarpit for '0.00:00:05' due to '550 5.7.1 Unable to relay'", '', 1]);
          steps.push(['>', '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', '', scenario === 'tarpit' ? 5000 : 1]);
        } else if (scenario === 'deferred') {
          steps.push(['>', '451 4.7.0 Temporary server error. Please try again later. PRX5', '', 1]);
        } else steps.push(['>', '250 2.1.5 Recipient OK', '', 1]);
      }
      if (scenario === 'dropped') {
        steps.push(['-', '', 'Remote(ConnectionReset)', int(100, 3000)]);
        return steps;
      }
      if (scenario === 'delivered' || scenario === 'deliveredAuth') {
        if (random() < 0.5) {
          steps.push(['<', 'DATA', '', int(5, 100)], ['>', '354 Start mail input; end with <CRLF>.<CRLF>', '', 1]);
        } else steps.push(['<', `BDAT ${bytes} LAST`, '', int(5, 100)]);
        steps.push(['>', `250 2.6.0 <${counter.toString(36)}.${m}@${helo.replace(/[[\]]/g, '')}> [InternalId=${int(1000, 99999999)}, Hostname=EX01.contoso.com] ${bytes} bytes in ${(random() * 2).toFixed(3)}, ${(random() * 900).toFixed(3)} KB/sec Queued mail for delivery`, '', int(20, 1500)]);
      }
    }
    steps.push(['<', 'QUIT', '', int(5, 200)], ['>', '221 2.0.0 Service closing transmission channel', '', 1], ['-', '', 'Local', 1]);
    return steps;
  };

  const active: Active[] = [];
  const startSession = (cutStart: boolean) => {
    const scenario = chooseScenario();
    scenarios[scenario]++;
    const ip = random() < 0.6 ? remotes[int(0, 39)] : pick(remotes);
    const steps = script(scenario, ip);
    const s: Active = {
      id: `08DC3C0A${(counter++).toString(16).toUpperCase().padStart(8, '0')}`,
      seq: 0, remote: `${ip}:${int(1024, 65535)}`, steps, next: 0, due: clock,
    };
    if (cutStart) {
      // began in an earlier file: the first lines are not in this one
      const skip = Math.min(steps.length - 1, int(3, 6));
      s.next = skip;
      s.seq = skip;
    }
    active.push(s);
  };
  for (let i = 0; i < 3; i++) startSession(true);
  let sessions = 3;

  while (active.length > 0) {
    if (size < target && active.length < concurrency && random() < 0.3) {
      startSession(false);
      sessions++;
    }
    // the session whose next line is due first writes it
    let best = 0;
    for (let i = 1; i < active.length; i++) if (active[i].due < active[best].due) best = i;
    const s = active[best];
    clock = Math.max(clock + int(0, 250), s.due);
    // A reply written right after its command usually follows it directly: a run of one session.
    do {
      const [event, data, context] = s.steps[s.next];
      push(`${iso(clock)},${CONNECTOR},${s.id},${s.seq},${LOCAL},${s.remote},${event},${csv(data)},${csv(context)}`);
      s.seq++;
      s.next++;
      if (s.next < s.steps.length && s.steps[s.next][3] <= 2) clock += s.steps[s.next][3];
      else break;
    } while (random() < 0.75);
    if (s.next >= s.steps.length) active.splice(best, 1);
    else s.due = clock + s.steps[s.next][3];
    // past the target the file ends with the sessions still open: they continue in the next file
    if (size >= target && active.length > 0 && active.every((a) => a.next > 3)) break;
  }
  return { text: chunks.join(''), sessions, lines, scenarios };
}
