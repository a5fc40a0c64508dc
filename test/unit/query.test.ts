/**
 * The session search language (server/src/core/collection/query.ts): every field and value form,
 * AND / OR / NOT / groups, quotes, wildcards, CIDR ranges, comparisons, and mistakes with their exact
 * spans. What the parsed query matches is search.test.ts's business.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/paths';
import {
  QUERY_FIELDS, QueryNode, TermMatch, TermNode, numberRange, parseQuery, parseTimeValue, queryField, quoteValue, tlsVersionNumber,
} from '../../server/src/core/collection/query';

/** The query of a text without mistakes. */
function ok(text: string): QueryNode {
  const p = parseQuery(text);
  assert.deepEqual(p.problems, [], `problems in ${text}`);
  assert.ok(p.query, `a query for ${text}`);
  return p.query;
}

/** The one term of a text, its field and match. */
function term(text: string): TermNode {
  const q = ok(text);
  assert.equal(q.type, 'term', text);
  return q as TermNode;
}

function match(text: string): TermMatch {
  return term(text).match;
}

/** A compact form of a query's structure: `(a AND (b OR -c))`. */
function shape(q: QueryNode | undefined): string {
  if (!q) return '∅';
  switch (q.type) {
    case 'term': return q.field ? `${q.field}:${q.value}` : q.value;
    case 'not': return `-${shape(q.item)}`;
    case 'and': return `(${q.items.map(shape).join(' AND ')})`;
    case 'or': return `(${q.items.map(shape).join(' OR ')})`;
  }
}

/** The problems of a text as [start, end, message] (the message as a pattern). */
function problems(text: string): [number, number, string][] {
  return parseQuery(text).problems.map((p) => [p.start, p.end, p.message]);
}

test('every field of the table parses with its example value, under its name and each alias', () => {
  assert.ok(QUERY_FIELDS.length >= 24);
  const names = QUERY_FIELDS.map((f) => f.name);
  for (const required of ['remote', 'local', 'server', 'connector', 'kind', 'service', 'ehlo', 'from', 'to', 'user', 'tls', 'cipher', 'auth', 'mechanism', 'outcome', 'reply', 'message-id', 'id', 'messages', 'duration', 'bytes', 'file', 'after', 'before']) {
    assert.ok(names.includes(required), required);
  }
  for (const f of QUERY_FIELDS) {
    assert.ok(f.description.length > 10, `${f.name} has a description`);
    for (const name of [f.name, ...f.aliases, f.name.toUpperCase()]) {
      const t = term(`${name}:${f.example}`);
      assert.equal(t.field, f.name, name);
      assert.equal(queryField(name), f);
    }
  }
});

test('a bare word matches any text: lower-cased, with its span', () => {
  const t = term('Contoso');
  assert.equal(t.field, undefined);
  assert.deepEqual(t.match, { type: 'any', pattern: 'contoso' });
  assert.deepEqual([t.start, t.end], [0, 7]);
  assert.deepEqual(match('"Unable to relay"'), { type: 'any', pattern: 'unable to relay' });
  assert.deepEqual(match('relay*denied'), { type: 'any', pattern: 'relay*denied' });
  // an IPv6 address or host:port reads as a word, not as an unknown field
  assert.deepEqual(match('fe80::1'), { type: 'any', pattern: 'fe80::1' });
  assert.deepEqual(match('10.0.0.1:25'), { type: 'any', pattern: '10.0.0.1:25' });
});

test('AND by spaces, OR between terms (AND binds tighter), groups, - and NOT', () => {
  assert.equal(shape(ok('a b c')), '(a AND b AND c)');
  assert.equal(shape(ok('a AND b')), '(a AND b)');
  assert.equal(shape(ok('a b OR c')), '((a AND b) OR c)');
  assert.equal(shape(ok('a OR b c')), '(a OR (b AND c))');
  assert.equal(shape(ok('a or b')), '(a OR b)');
  assert.equal(shape(ok('(a OR b) c')), '((a OR b) AND c)');
  assert.equal(shape(ok('-a b')), '(-a AND b)');
  assert.equal(shape(ok('-(a OR b)')), '-(a OR b)');
  assert.equal(shape(ok('NOT kind:send')), '-kind:send');
  assert.equal(shape(ok('--a')), 'a');
  assert.equal(shape(ok('- NOT -a')), '-a');
  assert.equal(shape(ok('tls:1.0 OR tls:1.1')), '(tls:1.0 OR tls:1.1)');
  assert.equal(shape(ok('((a))')), 'a');
  const q = ok('-(a OR b) x') as Extract<QueryNode, { type: 'and' }>;
  assert.deepEqual([q.start, q.end], [0, 11]);
  assert.deepEqual([q.items[0].start, q.items[0].end], [0, 9]);
});

test('quotes: spaces, parentheses and \\" inside a value; a backslash before anything else stays', () => {
  const c = term('connector:"EX01\\Default Frontend EX01"');
  assert.equal(c.value, 'EX01\\Default Frontend EX01');
  assert.deepEqual(c.match, { type: 'text', pattern: 'ex01\\default frontend ex01', mode: 'whole' });
  assert.deepEqual([c.valueStart, c.valueEnd], [10, 38]);
  assert.equal(term('ehlo:"say \\"hi\\" (now)"').value, 'say "hi" (now)');
  assert.equal(term('ehlo:"a\\\\b"').value, 'a\\b');
  assert.equal(term('connector:EX01\\Relay').value, 'EX01\\Relay');
  // a quoted OR is a word, not the keyword
  assert.deepEqual(match('"OR"'), { type: 'any', pattern: 'or' });
  // quoteValue writes what the parser reads back
  for (const v of ['EX01\\Default Frontend EX01', 'plain', 'say "hi"', 'a\\"b', 'a\\\\b c', 'end\\', 'x \\', '(x)', 'tab\there', '']) {
    const t = parseQuery(`connector:${quoteValue(v)}`);
    assert.deepEqual(t.problems, [], v);
    assert.equal((t.query as TermNode).value, v, v);
  }
  assert.equal(quoteValue('EX01'), 'EX01');
  assert.equal(quoteValue('a b'), '"a b"');
  assert.equal(quoteValue('EX01\\Default Frontend EX01'), '"EX01\\Default Frontend EX01"');
  assert.equal(quoteValue('ends\\ '), '"ends\\ "');
  assert.equal(quoteValue('a b\\'), '"a b\\\\"');
  assert.equal(quoteValue('say "hi"'), '"say \\"hi\\""');
});

test('wildcards keep their * in text, reply and file patterns', () => {
  assert.deepEqual(match('ehlo:*.contoso.com'), { type: 'text', pattern: '*.contoso.com', mode: 'whole' });
  assert.deepEqual(match('file:RECV2024*'), { type: 'file', pattern: 'recv2024*' });
  assert.deepEqual(match('file:EX01\\TransportRoles\\*'), { type: 'file', pattern: 'ex01/transportroles/*' });
  assert.deepEqual(match('message-id:<abc@x>'), { type: 'text', pattern: 'abc@x', mode: 'angle' });
  assert.deepEqual(match('user:CONTOSO\\alice'), { type: 'text', pattern: 'contoso\\alice', mode: 'user' });
  assert.deepEqual(match('cipher:AES'), { type: 'text', pattern: 'aes', mode: 'contains' });
  assert.deepEqual(match('id:08DC*'), { type: 'text', pattern: '08dc*', mode: 'whole' });
  assert.deepEqual(match('server:ex0*'), { type: 'text', pattern: 'ex0*', mode: 'whole' });
});

test('addresses: with or without angle brackets, the domain forms, the null sender', () => {
  assert.deepEqual(match('from:alice@contoso.com'), { type: 'address', pattern: 'alice@contoso.com' });
  assert.deepEqual(match('from:<Alice@Contoso.com>'), { type: 'address', pattern: 'alice@contoso.com' });
  assert.deepEqual(match('to:*@contoso.com'), { type: 'address', domain: 'contoso.com' });
  assert.deepEqual(match('to:@contoso.com'), { type: 'address', domain: 'contoso.com' });
  assert.deepEqual(match('to:contoso.com'), { type: 'address', domain: 'contoso.com' });
  assert.deepEqual(match('to:*.contoso.com'), { type: 'address', pattern: '*.contoso.com' });
  assert.deepEqual(match('from:alice*'), { type: 'address', pattern: 'alice*' });
  assert.deepEqual(match('from:postmaster'), { type: 'address', local: 'postmaster', domain: 'postmaster' });
  assert.deepEqual(match('from:<>'), { type: 'address', nullSender: true });
  assert.deepEqual(match('from:""'), { type: 'address', nullSender: true });
});

test('endpoints: an IP (any port), ip:port, CIDR (IPv4 and IPv6), IPv4-mapped, patterns', () => {
  assert.deepEqual(match('remote:10.100.0.0/16'), { type: 'endpoint', bytes: [10, 100, 0, 0], prefix: 16 });
  assert.deepEqual(match('remote:192.0.2.7'), { type: 'endpoint', bytes: [192, 0, 2, 7], prefix: 32, port: undefined });
  assert.deepEqual(match('local:10.0.0.1:587'), { type: 'endpoint', bytes: [10, 0, 0, 1], prefix: 32, port: 587 });
  const v6 = match('remote:2001:db8::/32') as Extract<TermMatch, { type: 'endpoint' }>;
  assert.equal(v6.prefix, 32);
  assert.deepEqual(v6.bytes.slice(0, 4), [0x20, 0x01, 0x0d, 0xb8]);
  assert.equal(v6.bytes.length, 16);
  const bracketed = match('remote:[2001:db8::5]:25') as Extract<TermMatch, { type: 'endpoint' }>;
  assert.equal(bracketed.port, 25);
  assert.equal(bracketed.bytes[15], 5);
  assert.deepEqual(match('remote:::ffff:10.0.0.0/104'), { type: 'endpoint', bytes: [10, 0, 0, 0], prefix: 8 });
  assert.deepEqual(match('remote:::ffff:192.0.2.1'), { type: 'endpoint', bytes: [192, 0, 2, 1], prefix: 32, port: undefined });
  assert.deepEqual(match('local:*:2525'), { type: 'endpointPattern', pattern: '*:2525' });
  // a host name: a connectivity log's destination
  assert.deepEqual(match('remote:Fabrikam.com'), { type: 'endpointPattern', pattern: 'fabrikam.com' });
});

test('choices: kinds and their short names, services, auth states, outcomes in any case and kebab form, * over them', () => {
  assert.deepEqual(match('kind:receive'), { type: 'choice', values: ['smtpReceive'] });
  assert.deepEqual(match('kind:SEND'), { type: 'choice', values: ['smtpSend'] });
  assert.deepEqual(match('kind:smtp'), { type: 'choice', values: ['smtpReceive', 'smtpSend'] });
  assert.deepEqual(match('kind:smtpReceive'), { type: 'choice', values: ['smtpReceive'] });
  assert.deepEqual(match('kind:imap'), { type: 'choice', values: ['imap4'] });
  assert.deepEqual(match('kind:tracking'), { type: 'choice', values: ['messageTracking'] });
  assert.deepEqual(match('kind:connectivity'), { type: 'choice', values: ['connectivity'] });
  assert.deepEqual(match('service:frontend'), { type: 'choice', values: ['FrontEnd'] });
  assert.deepEqual(match('service:HUB'), { type: 'choice', values: ['Hub'] });
  for (const a of ['ok', 'failed', 'attempted', 'none']) assert.deepEqual(match(`auth:${a}`), { type: 'choice', values: [a] });
  assert.deepEqual(match('outcome:rejected'), { type: 'choice', values: ['rejected'] });
  assert.deepEqual(match('outcome:auth-failed'), { type: 'choice', values: ['authFailed'] });
  assert.deepEqual(match('outcome:AUTHFAILED'), { type: 'choice', values: ['authFailed'] });
  assert.deepEqual(match('outcome:dropped-by-remote'), { type: 'choice', values: ['droppedByRemote'] });
  assert.deepEqual(match('outcome:no_mail'), { type: 'choice', values: ['noMail'] });
  assert.deepEqual(match('outcome:*failed'), { type: 'choice', values: ['authFailed', 'connectionFailed', 'loginFailed'] });
  assert.deepEqual(match('outcome:dropped'), { type: 'choice', values: ['droppedByRemote'] });
});

test('tls: versions, states and comparisons', () => {
  assert.equal(tlsVersionNumber('TLS 1.2'), 11.2);
  assert.equal(tlsVersionNumber('1.0'), 11);
  assert.equal(tlsVersionNumber('TLS1_3'), 11.3);
  assert.equal(tlsVersionNumber('SSL 3.0'), 3);
  assert.equal(tlsVersionNumber('ssl3'), 3);
  assert.equal(tlsVersionNumber('SP_PROT_TLS1_2_SERVER'), undefined);
  const within = (m: TermMatch, n: number) => m.type === 'tls' && m.lo! <= n && n < m.hi!;
  for (const [q, yes, no] of [
    ['tls:1.2', [11.2], [11.1, 11.3, 3]], ['tls:<1.2', [11, 11.1, 3], [11.2, 11.3]], ['tls:<=1.1', [11.1, 11], [11.2]],
    ['tls:>1.1', [11.2, 11.3], [11.1]], ['tls:>=1.2', [11.2, 11.3], [11.1]], ['tls:ssl3', [3], [11]], ['tls:TLS1.3', [11.3], [11.2]],
  ] as [string, number[], number[]][]) {
    const m = match(q);
    assert.deepEqual((m as { states: string[] }).states, [], q);
    for (const n of yes) assert.ok(within(m, n), `${q} takes ${n}`);
    for (const n of no) assert.ok(!within(m, n), `${q} leaves ${n}`);
  }
  assert.deepEqual(match('tls:none'), { type: 'tls', states: ['none'] });
  assert.deepEqual(match('tls:failed'), { type: 'tls', states: ['failed'] });
  assert.deepEqual(match('tls:ok'), { type: 'tls', states: ['ok'] });
});

test('reply codes: exact, enhanced, * and x', () => {
  const re = (q: string) => new RegExp((match(q) as { regex: string }).regex);
  assert.ok(re('reply:550').test('550') && !re('reply:550').test('5500') && !re('reply:550').test('551'));
  assert.ok(re('reply:5.7.1').test('5.7.1') && !re('reply:5.7.1').test('5.7.10') && !re('reply:5.7.1').test('5x7x1'));
  assert.ok(re('reply:4*').test('421') && re('reply:4*').test('4.7.0') && !re('reply:4*').test('550'));
  assert.ok(re('reply:5.7.*').test('5.7.54') && !re('reply:5.7.*').test('5.1.1'));
  assert.ok(re('reply:4xx').test('451') && !re('reply:4xx').test('4.7.0') && !re('reply:4xx').test('551'));
});

test('numbers, sizes and durations: comparisons and ranges over whole numbers [lo, hi)', () => {
  assert.deepEqual(numberRange('3', 'count'), [3, 4]);
  assert.deepEqual(numberRange('>3', 'count'), [4, Infinity]);
  assert.deepEqual(numberRange('>=3', 'count'), [3, Infinity]);
  assert.deepEqual(numberRange('<3', 'count'), [-Infinity, 3]);
  assert.deepEqual(numberRange('<=3', 'count'), [-Infinity, 4]);
  assert.deepEqual(numberRange('2..5', 'count'), [2, 6]);
  assert.deepEqual(numberRange('2..', 'count'), [2, Infinity]);
  assert.deepEqual(numberRange('..5', 'count'), [-Infinity, 6]);
  assert.equal(numberRange('5..2', 'count'), 'empty');
  assert.equal(numberRange('3s', 'count'), undefined);
  assert.deepEqual(numberRange('>30s', 'duration'), [30001, Infinity]);
  assert.deepEqual(numberRange('>30', 'duration'), [30001, Infinity]);
  assert.deepEqual(numberRange('<500ms', 'duration'), [-Infinity, 500]);
  assert.deepEqual(numberRange('1..5min', 'duration'), [60_000, 300_001]);
  assert.deepEqual(numberRange('>1h', 'duration'), [3_600_001, Infinity]);
  assert.deepEqual(numberRange('30s', 'duration'), [30_000, 31_000]);
  assert.deepEqual(numberRange('1.5s', 'duration'), [1500, 1600]);
  assert.deepEqual(numberRange('>1MB', 'size'), [1_048_577, Infinity]);
  assert.deepEqual(numberRange('10KB..1mb', 'size'), [10_240, 1_048_577]);
  assert.equal(numberRange('3 parsecs', 'size'), undefined);
  assert.deepEqual(match('messages:>3'), { type: 'range', lo: 4, hi: Infinity });
  assert.deepEqual(match('bytes:>1MB'), { type: 'range', lo: 1_048_577, hi: Infinity });
  assert.deepEqual(match('duration:>30s'), { type: 'range', lo: 30_001, hi: Infinity });
});

test('times: UTC unless an offset is given; a date alone is the whole day; after: from, before: up to', () => {
  const day = Date.UTC(2026, 10, 19);
  assert.deepEqual(parseTimeValue('2026-11-19'), { start: day, end: day + 86_400_000 });
  assert.deepEqual(parseTimeValue('2026-11-19T10:00'), { start: day + 10 * 3_600_000, end: day + 10 * 3_600_000 });
  assert.deepEqual(parseTimeValue('2026-11-19 10:00:30.5'), { start: day + 10 * 3_600_000 + 30_500, end: day + 10 * 3_600_000 + 30_500 });
  assert.equal(parseTimeValue('2026-11-19T10:00+02:00')!.start, day + 8 * 3_600_000);
  assert.equal(parseTimeValue('2026-11-19T10:00-0130')!.start, day + 11.5 * 3_600_000);
  assert.equal(parseTimeValue('2026-11-19T10:00Z')!.start, day + 10 * 3_600_000);
  for (const bad of ['2026-02-30', '2026-13-01', '2026-11-19T25:00', '10:00', 'yesterday', '2026-11-19T10']) assert.equal(parseTimeValue(bad), undefined, bad);
  assert.deepEqual(match('after:2026-11-19T10:00'), { type: 'range', lo: day + 10 * 3_600_000, hi: Infinity });
  assert.deepEqual(match('before:2026-11-19T10:00'), { type: 'range', lo: -Infinity, hi: day + 10 * 3_600_000 });
  assert.deepEqual(match('after:2026-11-19'), { type: 'range', lo: day, hi: Infinity });
  assert.deepEqual(match('before:2026-11-19'), { type: 'range', lo: -Infinity, hi: day + 86_400_000 });
  assert.deepEqual(match('after:"2026-11-19 10:00"'), { type: 'range', lo: day + 10 * 3_600_000, hi: Infinity });
});

test('an unknown field names its span and the nearest field', () => {
  assert.deepEqual(problems('remot:10.0.0.1'), [[0, 5, "unknown field 'remot'; did you mean 'remote'?"]]);
  assert.deepEqual(problems('kind:send  ehl:mail.contoso.com'), [[11, 14, "unknown field 'ehl'; did you mean 'ehlo'?"]]);
  assert.deepEqual(problems('sendr:a@b.c'), [[0, 5, "unknown field 'sendr'; did you mean 'from'?"]]);
  const far = problems('zzzzzz:1');
  assert.equal(far.length, 1);
  assert.deepEqual(far[0].slice(0, 2), [0, 6]);
  assert.match(far[0][2], /^unknown field 'zzzzzz'; the fields are: remote, local, /);
  // the rest still parses
  const p = parseQuery('remot:1.2.3.4 kind:send');
  assert.equal(shape(p.query), 'kind:send');
});

test('a bad value points at the value, quotes included', () => {
  assert.deepEqual(problems('remote:10.0.0.300'), [[7, 17, "'10.0.0.300' is not an IP address, a CIDR range (10.0.0.0/8), an address with a port (10.0.0.1:25) or a pattern with *"]]);
  assert.deepEqual(problems('remote:10.0.0.0/33')[0].slice(0, 2), [7, 18]);
  assert.deepEqual(problems('remote:10.0.0')[0].slice(0, 2), [7, 13]);
  assert.deepEqual(problems('messages:lots'), [[9, 13, "'lots' is not a number; write e.g. 3, >3, >=3, <3 or 2..5"]]);
  assert.deepEqual(problems('messages:5..2'), [[9, 13, "'5..2' is an empty range: put the smaller bound first"]]);
  assert.deepEqual(problems('duration:>30y')[0].slice(0, 2), [9, 13]);
  assert.match(problems('duration:>30y')[0][2], /is not a duration/);
  assert.match(problems('bytes:big')[0][2], /is not a size/);
  assert.deepEqual(problems('after:"2026-11-19 25:00"')[0].slice(0, 2), [6, 24]);
  assert.match(problems('after:2026-11-19T25:00')[0][2], /^'2026-11-19T25:00' is not a time/);
  assert.deepEqual(problems('tls:1.9x'), [[4, 8, "'1.9x' is not a TLS value; use 1.0, 1.1, 1.2, 1.3, ssl3, none, failed, ok, or a comparison such as <1.2"]]);
  assert.deepEqual(problems('outcome:rejectd'), [[8, 15, "'rejectd' is not a value of outcome; did you mean 'rejected'?"]]);
  assert.match(problems('kind:pigeon')[0][2], /^'pigeon' is not a value of kind; use one of: receive, /);
  assert.deepEqual(problems('reply:hello'), [[6, 11, "'hello' is not a reply code; write e.g. 550, 5.7.1, 4*, 5.7.* or 4xx"]]);
  assert.deepEqual(problems('auth:maybe')[0].slice(0, 2), [5, 10]);
  assert.deepEqual(problems('from:'), [[0, 5, "'from:' needs a value"]]);
});

test('OR, AND, -, parentheses and quotes out of place are reported with their spans; the rest still parses', () => {
  assert.deepEqual(problems('a OR'), [[2, 4, 'OR needs a term after it']]);
  assert.deepEqual(problems('OR a'), [[0, 2, 'OR needs a term before it']]);
  assert.deepEqual(problems('a OR OR b'), [[2, 4, 'OR needs a term after it']]);
  assert.deepEqual(problems('(a OR) b'), [[3, 5, 'OR needs a term after it']]);
  assert.deepEqual(problems('AND a'), [[0, 3, 'AND needs a term on each side']]);
  assert.deepEqual(problems('a -'), [[2, 3, "'-' needs a term or a group after it"]]);
  assert.deepEqual(problems('a NOT'), [[2, 5, 'NOT needs a term or a group after it']]);
  assert.deepEqual(problems('(a b'), [[0, 1, "unclosed parenthesis: add ')'"]]);
  assert.deepEqual(problems('a) b'), [[1, 2, "')' has no matching '('"]]);
  assert.deepEqual(problems('a () b'), [[2, 4, 'empty parentheses']]);
  assert.deepEqual(problems('kind:send from:"alice'), [[15, 21, 'unclosed quote: add "']]);
  assert.deepEqual(problems('"open word'), [[0, 10, 'unclosed quote: add "']]);
  assert.deepEqual(problems('a ""'), [[2, 4, 'an empty search word: write something between the quotes']]);
  // what can be read is still there
  assert.equal(shape(parseQuery('a OR').query), 'a');
  assert.equal(shape(parseQuery('(a b').query), '(a AND b)');
  assert.equal(shape(parseQuery('a) b').query), '(a AND b)');
  assert.equal(shape(parseQuery('kind:send from:"alice').query), 'kind:send');
  // several mistakes, in text order
  assert.deepEqual(problems('remot:1 OR messages:x (').map((p) => p.slice(0, 2)), [[0, 5], [20, 21], [22, 23]]);
});

test('never throws, whatever the text', () => {
  const pieces = ['(', ')', '"', '\\', '-', 'OR', 'AND', 'NOT', ':', 'remote:', 'tls:', '*', ' ', 'a', '1.2', '\u0000', '\ud800', '𝒳', 'after:', '..', '>', '/'];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < 2000; i++) {
    let text = '';
    const n = Math.floor(rnd() * 10);
    for (let k = 0; k < n; k++) text += pieces[Math.floor(rnd() * pieces.length)];
    const p = parseQuery(text);
    for (const pr of p.problems) assert.ok(pr.start >= 0 && pr.end <= text.length && pr.start <= pr.end && pr.message, `${JSON.stringify(text)}: ${JSON.stringify(pr)}`);
  }
  assert.deepEqual(parseQuery(''), { query: undefined, problems: [] });
  // deep nesting is a mistake, not a stack overflow; long runs of negations are fine
  const deep = parseQuery('('.repeat(100_000) + 'a' + ')'.repeat(100_000));
  assert.deepEqual(deep.problems.map((p) => [p.start, p.end, p.message]), [[64, 65, 'groups nested more than 64 deep']]);
  assert.equal(shape(parseQuery('('.repeat(64) + 'a' + ')'.repeat(64)).query), 'a');
  assert.equal(shape(parseQuery('-'.repeat(100_001) + 'a').query), '-a');
  assert.equal(parseQuery('a '.repeat(50_000) + 'OR b'.repeat(10_000)).problems.length, 0);
  assert.deepEqual(parseQuery('   '), { query: undefined, problems: [] });
});

test('the README documents every field and alias, and every example there parses', () => {
  const readme = fs.readFileSync(path.join(repoRoot(), 'README.md'), 'utf8');
  const at = readme.indexOf('\n## Searching sessions\n');
  assert.ok(at > 0, 'a "Searching sessions" section');
  const section = readme.slice(at, readme.indexOf('\n## ', at + 5));
  const rows = section.split('\n').filter((l) => l.startsWith('| `'));
  for (const f of QUERY_FIELDS) {
    const row = rows.find((r) => r.startsWith(`| \`${f.name}:\``));
    assert.ok(row, `a row for ${f.name}:`);
    for (const alias of f.aliases) assert.ok(row.includes(`\`${alias}\``), `${f.name}: alias ${alias} documented`);
  }
  const examples: string[] = [];
  for (const r of rows) {
    const cells = r.split(' | ');
    // the examples table: the search is the first cell; the fields table: its last cell
    const cell = cells.length === 2 ? cells[0] : cells[cells.length - 1];
    for (const m of cell.matchAll(/`([^`]+)`/g)) examples.push(m[1]);
  }
  assert.ok(examples.length >= 30, `${examples.length} examples`);
  for (const e of examples) assert.deepEqual(parseQuery(e).problems, [], e);
});
