/**
 * No rule may backtrack catastrophically. Hostile lines (a 20,000-character data field, an unbalanced
 * quote, 10,000 commas, a line of only quotes, and a few aimed at single patterns) are tokenized at
 * the top level and inside every kind's block, and their time per character is compared with that of
 * normal lines of every kind (our fixture logs, and the real samples when present). Quadratic
 * behaviour on 10,000–20,000 characters would be thousands of times slower per character; the bound
 * is a generous 20x so a busy 2-core machine does not make it flaky. Times are process CPU time (not
 * wall time), the best of a few rounds.
 */
import * as assert from 'node:assert/strict';
import * as vsctm from 'vscode-textmate';
import { fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';
import { loadGrammar, splitLines } from './tm';

const BOUND = 20;

const SMTP_PREFIX = '2023-01-11T15:59:51.433Z,SERVER\\Default Frontend SERVER,123453EC62278461,1,10.10.10.10:25,95.10.20.33:56026,';
const POP_PREFIX = '2024-01-24T15:31:51.231Z,00000000000ABC12,2,1.2.3.4:110,10.11.12.13:12345,user,163,10,34,pass,*****,';

const HOSTILE: Record<string, string> = {
  '20,000-character data field': SMTP_PREFIX + '>,' + 'A'.repeat(20000) + ',',
  '20,000-character quoted field with "" escapes': SMTP_PREFIX + '<,"' + 'ab ""c"" '.repeat(2200) + '",',
  'unbalanced quote': SMTP_PREFIX + '>,"' + 'x, '.repeat(7000),
  '10,000 commas': ','.repeat(10000),
  'timestamp then 10,000 commas': '2023-01-11T15:59:51.433Z' + ','.repeat(10000),
  'only quotes (even)': '"'.repeat(10000),
  'only quotes (odd)': '"'.repeat(10001),
  'data field of only quotes': SMTP_PREFIX + '*,' + '"'.repeat(10001),
  'unclosed <': SMTP_PREFIX + '>,' + '<'.repeat(20000),
  'address-like runs': SMTP_PREFIX + '*,,' + 'a.b@'.repeat(5000),
  'a 20,000-character word ending in @': SMTP_PREFIX + '<,' + 'a'.repeat(20000) + '@,',
  'R= without end': POP_PREFIX + '"' + 'R=""x '.repeat(3000),
  'EHLO reply of dashes': SMTP_PREFIX + '>,250 ' + 'X-'.repeat(10000),
  'IPv6 endpoint of colons': SMTP_PREFIX.replace('95.10.20.33:56026', '[' + ':'.repeat(20000) + ']') + '+,,',
  'W3C line of spaces': '2006-10-09 05:00:15 ' + ' '.repeat(20000),
};

/** Normal lines: logs of every known kind. */
const NORMAL = {
  fixtures: () => [
    'smtp-receive/RECV2024031409-1.LOG',
    'smtp-receive/RECV20240315-1.LOG',
    'smtp-send/SEND2024031914-1-MANGLED.LOG',
    'imap4/IMAP420240320-1.LOG',
    'imap4/IMAP420240321-1.LOG',
    'connectivity/CONNECTLOG20240322-1.LOG',
    'msgtrk/MSGTRKMS2024032508-1.LOG',
    'w3c-smtp/ex240323.log',
  ].map(fixtureLog),
  samples: () => [
    'smtp-receive/qazeer-artefacts-RECV2023011116-1.log',
    'smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log',
    'smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log',
    'imap4/msqa-1156767-ex2013cu23-imap-login-failed.log',
    'imap4/elastic-integrations-pipeline-test-imap4.log',
    'connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log',
    'msgtrk/qazeer-artefacts-MSGTRKMS2022091915-1.log',
    'w3c-smtp/ossec-docs-exchange2000-smtpsvc-w3c.log',
  ].map(readSample),
};

/** CPU milliseconds of `fn`, repeated until at least `minMs`, divided by the repetitions; best of `rounds`. */
function cpuMsPerRun(fn: () => void, rounds = 3, minMs = 15): number {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let reps = 0;
    const c0 = process.cpuUsage();
    let elapsed = 0;
    do {
      fn();
      reps++;
      const c = process.cpuUsage(c0);
      elapsed = (c.user + c.system) / 1000;
    } while (elapsed < minMs);
    best = Math.min(best, elapsed / reps);
  }
  return best;
}

layeredTest(`hostile lines cost at most ${BOUND}x the time per character of normal lines, in every block`, NORMAL, async (normal, t) => {
  const { grammar } = await loadGrammar();
  const stackAfter = (lines: string[]) => {
    let s = vsctm.INITIAL;
    for (const l of lines) s = grammar.tokenizeLine(l, s).ruleStack;
    return s;
  };
  const header = (logType: string) => ['#Software: Microsoft Exchange Server', '#Version: 15.0.0.0', `#Log-type: ${logType}`];
  const contexts: Record<string, vsctm.StateStack> = {
    'no header': vsctm.INITIAL,
    'SMTP block': stackAfter(header('SMTP Receive Protocol Log')),
    'IMAP4 block': stackAfter(header('IMAP4 Log')),
    'connectivity block': stackAfter(header('Transport Connectivity Log')),
    'message tracking block': stackAfter(header('Message Tracking Log')),
    'other log block': stackAfter(header('EWS Logs')),
    'W3C block': stackAfter(['#Software: Microsoft Internet Information Services 5.0']),
  };

  // Normal: every record line of the logs, each tokenized in its own document's state.
  const docs = normal.map(splitLines);
  const chars = docs.reduce((a, d) => a + d.reduce((b, l) => b + l.length, 0), 0);
  const tokenizeDocs = () => {
    for (const d of docs) {
      let s = vsctm.INITIAL;
      for (const l of d) s = grammar.tokenizeLine2(l, s).ruleStack;
    }
  };
  tokenizeDocs();
  const normalPerChar = cpuMsPerRun(tokenizeDocs, 3, 30) / chars;

  let worst = { ratio: 0, what: '' };
  const rows: string[] = [];
  for (const [name, line] of Object.entries(HOSTILE)) {
    const cells: string[] = [];
    for (const [ctx, stack] of Object.entries(contexts)) {
      const r = grammar.tokenizeLine2(line, stack);
      assert.ok(!r.stoppedEarly, `${name} / ${ctx}: stopped early`);
      assert.ok(r.tokens.length >= 2, `${name} / ${ctx}: no tokens`);
      const perChar = cpuMsPerRun(() => grammar.tokenizeLine2(line, stack), 3, 4) / line.length;
      const ratio = perChar / normalPerChar;
      cells.push(ratio.toFixed(2));
      if (ratio > worst.ratio) worst = { ratio, what: `${name} / ${ctx}` };
      assert.ok(ratio <= BOUND, `${name} (${line.length} chars) in ${ctx}: ${ratio.toFixed(1)}x the normal time per character (bound ${BOUND}x)`);
    }
    rows.push(`${name.padEnd(46)} ${cells.join(' ')}`);
  }
  t.diagnostic(`normal: ${(normalPerChar * 1e6).toFixed(0)} ns/char over ${chars} chars; columns: ${Object.keys(contexts).join(' | ')}`);
  for (const r of rows) t.diagnostic(r);
  t.diagnostic(`worst ratio ${worst.ratio.toFixed(2)}x: ${worst.what}`);
});
