#!/usr/bin/env node
/**
 * Generates syntaxes/exchange-log.tmLanguage.json (scope `text.log.exchange`).
 *
 *   node scripts/gen-grammar.mjs          write the grammar
 *   node scripts/gen-grammar.mjs --check  exit 1 when the committed file differs from the output
 *
 * Why generated: a record is matched by one anchored regex per log kind, with one capture group per
 * column, so the kind's column order decides the scope of every field. Per event character the data
 * and context columns get their own capture groups (so "sent" and "received" text get different
 * scopes); writing those numbered groups by hand would be error-prone.
 *
 * Performance rules followed by every regex below:
 * - record rules start with `^` (Oniguruma only tries them at the start of a line);
 * - CSV fields are atomic / possessive: `(?>"(?:[^"]++|"")*+"(?=,|$)|[^,]*+)`, so a field is read once
 *   and never re-split on failure;
 * - unanchored patterns are bounded, or cannot start inside a run of the characters they repeat
 *   (`(?<![\w.+-])[\w.+-]++@…`), so a search never rescans the same run from every position.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(root, 'syntaxes', 'exchange-log.tmLanguage.json');
const L = '.exchange-log';

// ---------------------------------------------------------------------------------------------
// Scopes. The five event characters use scopes that the default themes (Dark Modern, Light Modern,
// Dark/Light High Contrast) colour with five different foregrounds; test/grammar/themes.test.ts
// resolves the real theme files and checks this.
export const EVENT_SCOPES = {
  '+': { key: 'connect', char: 'markup.inserted.event.connect', data: 'markup.inserted.data.connect' },
  '-': { key: 'disconnect', char: 'markup.deleted.event.disconnect', data: 'markup.deleted.data.disconnect' },
  '>': { key: 'send', char: 'keyword.control.event.send', data: 'string.unquoted.data.sent' },
  '<': { key: 'receive', char: 'entity.name.type.event.receive', data: 'entity.name.type.data.received' },
  '*': { key: 'information', char: 'markup.changed.event.information', data: 'comment.line.data.information' },
};
const S = {
  timestamp: 'constant.numeric.timestamp',
  session: 'variable.other.constant.session-id',
  seq: 'constant.numeric.integer.sequence-number',
  connector: 'variable.other.connector',
  comma: 'punctuation.separator.field',
  space: 'punctuation.separator.field',
  quoteBegin: 'string.quoted.double' + L + ' punctuation.definition.string.begin',
  quoteEnd: 'string.quoted.double' + L + ' punctuation.definition.string.end',
  quoted: 'string.quoted.double',
  escape: 'constant.character.escape.quote',
  ip: 'constant.language.ip-address',
  host: 'constant.language.host-name',
  port: 'constant.numeric.integer.port',
  zone: 'constant.language.ip-address.zone-id',
  portSep: 'punctuation.separator.port',
  zoneSep: 'punctuation.separator.zone-id',
  bracketOpen: 'punctuation.definition.ip-address.begin',
  bracketClose: 'punctuation.definition.ip-address.end',
  verb: 'keyword.other.command.smtp',
  replyOk: 'constant.numeric.reply-code.success',
  replyMore: 'constant.numeric.reply-code.intermediate',
  replyWarn: 'entity.name.function.reply-code.transient-failure',
  replyErr: 'invalid.illegal.reply-code.permanent-failure',
  enhOk: 'constant.numeric.enhanced-status-code.success',
  enhWarn: 'entity.name.function.enhanced-status-code.transient-failure',
  enhErr: 'invalid.illegal.enhanced-status-code.permanent-failure',
  address: 'variable.other.address',
  addrBegin: 'punctuation.definition.address.begin',
  addrEnd: 'punctuation.definition.address.end',
  capability: 'variable.other.constant.capability',
  failure: 'invalid.illegal.failure',
  success: 'markup.inserted.status.success',
  key: 'variable.other.key',
  keySep: 'punctuation.separator.key-value',
  command: 'keyword.other.command',
  params: 'variable.parameter.command-parameters',
  user: 'variable.other.user',
  number: 'constant.numeric.integer',
  source: 'storage.type.source',
  destination: 'entity.name.tag.destination',
  eventId: 'keyword.other.event-id',
  eventIdWarn: 'entity.name.function.event-id.deferred',
  eventIdErr: 'invalid.illegal.event-id.problem',
  directive: 'meta.directive',
  directiveHash: 'keyword.other.directive' + L + ' punctuation.definition.directive',
  directiveName: 'keyword.other.directive',
  directiveSep: 'punctuation.separator.key-value',
  directiveValue: 'string.unquoted.directive-value',
  logType: 'markup.heading.log-type',
  version: 'constant.numeric.version',
  fieldName: 'variable.other.field-name',
  damagedDirective: 'invalid.deprecated.missing-hash',
};
const sc = (s) => s.split(' ').map((p) => (p.endsWith(L) ? p : p + L)).join(' ');

// ---------------------------------------------------------------------------------------------
// Regex building with automatically numbered capture groups.
/** A capture group: `cap(spec, ...body)`; spec is a scope string or `{ name?, patterns? }`. */
const cap = (spec, ...body) => ({ cap: typeof spec === 'string' ? { name: spec } : spec, body });
/** A capture group that a later `cond` can test; spec may be null (no scope). */
const lcap = (label, spec, ...body) => ({ cap: spec === null ? {} : typeof spec === 'string' ? { name: spec } : spec, body, label });
/** `(?(group)yes|no)`: Oniguruma's conditional on whether the labelled group took part. */
const cond = (label, yes, no = '') => ({ cond: label, yes, no });
function build(node) {
  let n = 0;
  const captures = {};
  const labels = {};
  const emit = (x) => {
    if (typeof x === 'string') return x;
    if (Array.isArray(x)) return x.map(emit).join('');
    if (x.cond) {
      if (!labels[x.cond]) throw new Error(`condition on unknown group ${x.cond}`);
      return '(?(' + labels[x.cond] + ')' + emit(x.yes) + '|' + emit(x.no) + ')';
    }
    const i = ++n;
    if (x.label) labels[x.label] = i;
    if (x.cap) {
      const c = {};
      if (x.cap.name) c.name = sc(x.cap.name);
      if (x.cap.patterns) c.patterns = x.cap.patterns;
      if (Object.keys(c).length) captures[String(i)] = c;
    }
    return '(' + emit(x.body) + ')';
  };
  const regex = emit(node);
  return { regex, captures };
}
const matchRule = (node, extra = {}) => {
  const { regex, captures } = build(node);
  return { ...extra, match: regex, captures };
};
const inc = (...names) => names.map((n) => ({ include: '#' + n }));

// Regex atoms (no capture groups inside).
const BOM = '\\x{FEFF}?';
const TS = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z?';
const HEX16 = '[0-9A-Fa-f]{16}';
const FIELD = '(?>"(?:[^"]++|"")*+"(?=,|$)|[^,]*+)';
const UNQ = '[^,]*+';
const QIN = '(?:[^"]++|"")*+';
const EOL_OR_COMMA = '(?=,|$)';
const END_OF_BLOCK = '^(?=' + BOM + '(?i:#?(?:Software|Log-type)[ \\t]*:))';

// A field with a scope (no inner patterns); quoted values keep their quote scopes.
function field(scope, patterns) {
  const inner = patterns ? { name: scope, patterns } : scope;
  const innerQ = patterns
    ? { name: S.quoted + L + ' ' + sc(scope), patterns: [...inc('escape'), ...patterns] }
    : { name: S.quoted + L + ' ' + sc(scope), patterns: inc('escape') };
  return ['(?>', cap(S.quoteBegin, '"'), cap(innerQ, QIN), cap(S.quoteEnd, '"'), EOL_OR_COMMA, '|', cap(inner, UNQ), ')'];
}
const comma = () => cap(S.comma, ',');

// An endpoint column parsed inline (no nested patterns: a retokenized capture copies the line).
function endpointField(meta) {
  const port = () => ['(?:', cap(S.portSep, ':'), cap(S.port, '\\d++'), ')?'];
  const zone = () => ['(?:', cap(S.zoneSep, '%'), cap(S.zone, '[\\w.]++'), ')?'];
  return cap(meta, [
    '(?>',
    cap(S.bracketOpen, '\\['), cap(S.ip + '.v6', IPV6), zone(), cap(S.bracketClose, '\\]'), port(), EOL_OR_COMMA,
    '|', cap(S.ip + '.v4', IPV4), port(), EOL_OR_COMMA,
    '|', cap(S.ip + '.v6', IPV6), zone(), EOL_OR_COMMA,
    '|', cap(S.host, '[^\\s,":\\[\\]]++'), cap(S.portSep, ':'), cap(S.port, '\\d++'), EOL_OR_COMMA,
    '|', FIELD,
    ')',
  ]);
}
const ts = () => cap(S.timestamp, TS);

// Event alternatives: for each event character, the data (and optional context) columns get the
// event's data scope and patterns. `tail` is appended inside every alternative.
function eventAlternatives(dataPatterns, { context, tail = '' }) {
  const alts = Object.entries(EVENT_SCOPES).map(([ch, ev]) => {
    const pats = inc(dataPatterns[ev.key]);
    const body = [cap(ev.char, ch === '*' || ch === '+' ? '\\' + ch : ch), comma(), field(ev.data, pats)];
    if (context) body.push('(?:', comma(), field(ev.data, pats), ')?');
    body.push(tail);
    return body;
  });
  // No event character (damaged lines such as the MANGLED sample's `,,SendRoutingHeaders,`).
  const none = ['(?=,)', comma(), field('meta.data.no-event', inc('data-information'))];
  if (context) none.push('(?:', comma(), field('meta.context.no-event', inc('data-information')), ')?');
  none.push(tail);
  alts.push(none);
  return ['(?:', ...alts.flatMap((a, i) => (i ? ['|', a] : [a])), ')'];
}

// ---------------------------------------------------------------------------------------------
// Records.

const SMTP_DATA = { connect: 'data-connect', disconnect: 'data-disconnect', send: 'data-smtp', receive: 'data-smtp', information: 'data-information' };

/** SMTP Receive / Send protocol log. strict = shape test for header-less lines. */
function smtpRecord(strict) {
  const tail = strict ? '$' : '(?:,.*)?$';
  return matchRule([
    '^', ts(), comma(),
    field(S.connector), comma(),
    strict ? cap(S.session, '(?:' + HEX16 + ')?') : field(S.session), comma(),
    strict ? cap(S.seq, '\\d*') : field(S.seq), comma(),
    endpointField('meta.endpoint.local'), comma(),
    endpointField('meta.endpoint.remote'), comma(),
    eventAlternatives(SMTP_DATA, { context: true, tail }),
  ], { name: sc('meta.record.smtp') });
}

/** POP3 / IMAP4 protocol log (Exchange 2013+ layout, 12 or 13 columns; truncated lines allowed). */
function popImapRecord(strict) {
  const num = strict ? (s) => cap(s, '\\d*') : (s) => field(s);
  return matchRule([
    '^', ts(), comma(),
    strict ? cap(S.session, HEX16) : field(S.session), comma(),
    num(S.seq), comma(),
    endpointField('meta.endpoint.server'), comma(),
    endpointField('meta.endpoint.client'), comma(),
    field(S.user), comma(),
    num(S.number + '.duration'), comma(),
    num(S.number + '.request-size'), comma(),
    num(S.number + '.response-size'), comma(),
    field(S.command + '.pop-imap', inc('pop-imap-command')),
    '(?:', comma(), field(S.params, inc('address')),
    '(?:', comma(), field('meta.context.pop-imap', inc('context-pop-imap')),
    '(?:', comma(), field('meta.puid'), ')?',
    ')?)?',
    strict ? '$' : '(?:,.*)?$',
  ], { name: sc('meta.record.pop-imap') });
}

const CONN_DATA = { connect: 'data-connect', disconnect: 'data-disconnect', send: 'data-connectivity', receive: 'data-connectivity', information: 'data-information' };

/** Transport connectivity log. */
function connectivityRecord(strict) {
  return matchRule([
    '^', ts(), comma(),
    strict ? cap(S.session, HEX16) : field(S.session), comma(),
    field(S.source), comma(),
    field(S.destination), comma(),
    eventAlternatives(CONN_DATA, { context: false, tail: strict ? '$' : '(?:,.*)?$' }),
  ], { name: sc('meta.record.connectivity') });
}

const PROBLEM_EVENTS = ['FAIL', 'DSN', 'POISONMESSAGE', 'BADMAIL', 'DROP', 'SUBMITDROP', 'HAREDIRECTFAIL'];
const DEFER_EVENTS = ['DEFER', 'SUBMITDEFER'];

/** Message tracking log (26, 27 or 30 columns; the first nine are the same in all versions). */
function msgtrkRecord(strict) {
  const ev = [
    '(?:', cap(S.eventIdErr, '(?:' + PROBLEM_EVENTS.join('|') + ')(?=,|$)'),
    '|', cap(S.eventIdWarn, '(?:' + DEFER_EVENTS.join('|') + ')(?=,|$)'),
    '|', cap(S.eventId, strict ? '[A-Z][A-Z_]*+(?=,|$)' : '[^,]*+'), ')',
  ];
  return matchRule([
    '^', ts(), comma(),
    endpointField('meta.client-ip'), comma(),
    field('meta.client-hostname'), comma(),
    endpointField('meta.server-ip'), comma(),
    field('meta.server-hostname'), comma(),
    field('meta.source-context', inc('data-fields')), comma(),
    field(S.connector), comma(),
    strict ? cap(S.source, '[A-Z][A-Za-z_]*+') : field(S.source), comma(),
    ev,
    cap({ name: 'meta.message-tracking.rest', patterns: inc('msgtrk-fields') }, strict ? '(?:,' + FIELD + '){17,}' : '.*'),
    '$',
  ], { name: sc('meta.record.message-tracking') });
}

// W3C extended (IIS SMTP service, Exchange 2000/2003): the default SMTP field set
// date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status …
const W = '[^ ]++';
const sp = () => cap(S.space, ' ');
function w3cRecord() {
  return matchRule([
    '^', cap(S.timestamp + '.date', '\\d{4}-\\d\\d-\\d\\d'), sp(), cap(S.timestamp + '.time', '\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?'), sp(),
    cap({ name: 'meta.endpoint.client', patterns: inc('endpoint') }, W), sp(),
    cap(S.user, W), sp(),
    cap('entity.name.section.site-name', W), sp(),
    cap('entity.name.section.computer-name', W), sp(),
    cap({ name: 'meta.endpoint.server', patterns: inc('endpoint') }, W), sp(),
    cap(S.port, '\\d++'), sp(),
    '(?:', cap(S.verb, '(?i:' + W3C_VERBS + ')(?= )'), '|', cap(S.command + '.unknown', W), ')', sp(),
    cap({ name: 'meta.uri-stem', patterns: inc('w3c-value') }, W), sp(),
    cap({ name: 'meta.uri-query', patterns: inc('w3c-value') }, W), sp(),
    '(?:', cap(S.replyOk, '[23]\\d\\d'), '|', cap(S.replyWarn, '4\\d\\d'), '|', cap(S.replyErr, '5\\d\\d'), '|', cap(S.number, '\\d++'), ')(?= |$)',
    cap({ name: 'meta.w3c.rest', patterns: inc('w3c-rest') }, '.*'), '$',
  ], { name: sc('meta.record.w3c') });
}

// ---------------------------------------------------------------------------------------------
const SMTP_VERBS = [
  'EHLO', 'HELO', 'LHLO', 'MAIL FROM:', 'RCPT TO:', 'DATA', 'BDAT', 'RSET', 'NOOP', 'QUIT', 'STARTTLS', 'AUTH',
  'XEXCH50', 'X-ANONYMOUSTLS', 'X-EXPS', 'XPROXYFROM', 'XPROXYTO', 'XPROXY', 'XSESSIONPARAMS', 'XQDISCARD',
  'XSHADOWREQUEST', 'XSHADOW', 'XRSETPROXYTO', 'VRFY', 'EXPN', 'HELP', 'ETRN', 'ATRN', 'TURN',
];
const verbAlt = SMTP_VERBS.map((v) => v.replace(/[-:]/g, (c) => (c === '-' ? '\\-' : ':')).replace(/ /g, ' ')).join('|');
const W3C_VERBS = SMTP_VERBS.filter((v) => !v.includes(' ')).concat(['MAIL', 'RCPT', 'xxxx']).map((v) => v.replace(/-/g, '\\-')).join('|');
const CAPABILITIES = [
  'SIZE', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', 'X-ANONYMOUSTLS', 'AUTH', 'X-EXPS', 'GSSAPI', 'NTLM',
  'LOGIN', 'PLAIN', '8BITMIME', 'BINARYMIME', 'CHUNKING', 'XRDST', 'XEXCH50', 'XSHADOWREQUEST', 'XSHADOW', 'XPROXYFROM',
  'XPROXYTO', 'XPROXY', 'XOORG', 'XSYSPROBE', 'XRSTPROXY', 'XSESSIONPARAMS', 'X-LINK2STATE', 'HELP', 'SMTPUTF8',
  'ETRN', 'VRFY', 'EXPN', 'DELIVERBY', 'XMSGID', 'XFORWARD', 'XCLIENT', 'XLOOP', 'XADRDST',
].map((c) => c.replace(/-/g, '\\-')).join('|');

const DATA_START = '(?<=,|,")';
const IPV4 = '\\d{1,3}(?:\\.\\d{1,3}){3}';
const IPV6 = '(?=[0-9A-Fa-f:]*:)(?:[0-9A-Fa-f]{1,4}|:)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:[0-9A-Fa-f]{1,4}|' + IPV4 + ')?';

const FAILURE = '\\b(?:Error Message:|[Ff](?:AIL(?:ED|URE|S)?|ail(?:ed|ure|s)?)|[Ee](?:RROR|rror)|[Rr]efused|[Dd]enied|[Tt]imed out|(?:Winsock|Win32|Socket) error(?: code)?(?::[ ]?\\d++)?|LogonDenied|ConnectionReset|ConnectionAborted|TimedOut|SocketError|ProxyNotAuthenticated|AuthFailed)(?!\\w)';

// ---------------------------------------------------------------------------------------------
// Fast path (docs/performance.md, "Grammar"). A capture with nested patterns makes vscode-textmate
// copy the line and run the engine once per token inside it; a capture without patterns costs only
// its scope. So the common SMTP line shapes are coloured by one regex whose groups give every token
// its scope, with exactly the scopes the general rule (`record-smtp`, tried next) would give:
// free text is accepted only where none of the general rule's nested patterns could match (guards
// below), anything else falls through to the general rule. Events share one set of groups for the
// data and context columns: the event's scope is a zero-width lookahead capture over the column.
const IPV4_TEXT = '(?<![\\w.])' + IPV4 + '(?![\\w.])';
const ENH_TEXT = '(?<=[ ,"=])[245]\\.\\d{1,3}\\.\\d{1,3}(?=[ ,";]|$)';
const CAP_TEXT = '(?<=[ \\-])(?:' + CAPABILITIES + ')(?=[ =,"]|$)';
const NUM_TEXT = '(?<= )\\d++(?=[ ,"]|$)';
/**
 * Text none of the nested patterns would colour: words not starting a `word` match, digit runs not
 * starting a `digits` match, no `<>@"`. A guard runs once per word (only when the word's first letter
 * can start a match: `first`) and once per digit run, never per character.
 */
const safeText = (q, [first, word], digits) => [
  // In a quoted column a comma must be followed by a space: `(?<=,)` starts some nested patterns.
  '(?:', cond(q, '(?:[^\\w",<>@\\n]|,(?= ))++', '[^\\w,"<>@\\n]++'),
  '|(?=\\d)(?!', digits, ')\\d\\w*+',
  '|(?:(?!', first, ')|(?!', word, '))[A-Za-z_]\\w*+',
  ')*+',
];
// First letters of the failure words and of the EHLO capabilities.
const FAILURE_WORD = ['E[Rr]|er|[Ff][Aa]|fa|[Rr]e|[Dd]e|[Tt]i|Wi|So|Lo|Co|Pr|Au', FAILURE];
const CAP_WORD = ['[' + [...new Set(CAPABILITIES.replace(/\\/g, '').split('|').map((c) => c[0]))].join('') + ']', CAP_TEXT];
const SAFE = (q) => safeText(q, FAILURE_WORD, IPV4_TEXT + '|' + ENH_TEXT);
const SAFE_EHLO = (q) => safeText(q, CAP_WORD, IPV4_TEXT + '|' + ENH_TEXT + '|' + NUM_TEXT + '|' + CAP_TEXT); // 8BITMIME starts with a digit
/** End of the column's content: before the closing quote, or before the next comma / end of line. */
const colEnd = (q) => cond(q, '(?=")', '(?=,|$)');
const enh = (...which) => ['(?:', ...[[S.enhOk, '2'], [S.enhWarn, '4'], [S.enhErr, '5']].filter(([, d]) => which.includes(d)).flatMap(([sc0, d], i) => [i ? '|' : '', cap(sc0, d + '\\.\\d{1,3}\\.\\d{1,3}')]), ')(?=[ ,;"]|$)'];

/** The SMTP data column after a `<` or `>` event (the `data-smtp` patterns), common shapes only. */
/** A command at the start of the column; the lookahead on the first letter spares the case-insensitive list on most text. */
const VERB_AT = '(?=[' + [...new Set(SMTP_VERBS.flatMap((v) => [v[0], v[0].toLowerCase()]))].join('') + '])(?i:' + verbAlt + ')';

function smtpDataInline(q) {
  const verbEnd = ['(?=[ <]|', colEnd(q), ')'];
  return ['(?>',
    // 250 reply: the general rule's `ehlo-capabilities` (a meta scope to the end of the column).
    cap('meta.ehlo-response', cap(S.replyOk, '250'), '[ \\-]', '(?:', enh('2'), ')?', SAFE_EHLO(q)),
    // Other replies, an enhanced status code right after.
    '|(?:', cap(S.replyOk, '2\\d\\d'), '|', cap(S.replyMore, '3\\d\\d'), '|', cap(S.replyWarn, '4\\d\\d'), '|', cap(S.replyErr, '5\\d\\d'), ')',
    '(?=[ \\-]|', colEnd(q), ')(?:[ ]', enh('2', '4', '5'), ')?', SAFE(q),
    // A command, an address in <> right after it (MAIL FROM:<…>, RCPT TO:<…>).
    '|', cap(S.verb, VERB_AT), verbEnd, '(?:', cap(S.addrBegin, '<'), cap(S.address, '[^<>"\\n]*+'), cap(S.addrEnd, '>'), ')?', SAFE(q),
    // Anything else that neither starts with a reply code nor with a command.
    '|(?![2-5]\\d\\d(?:[ \\-]|', colEnd(q), '))(?!', VERB_AT, verbEnd, ')', SAFE(q),
    ')'];
}

/**
 * A data or context column: optionally quoted (no "" escapes), its event's scope over the content. The
 * content of the `shared` events (the SMTP commands and replies: several groups) is parsed once, the
 * event's scope being a lookahead capture over the column; for the other events `inner` (no groups) is
 * wrapped in the event's scope.
 */
function inlineColumn(id, scopes, inner, shared) {
  const q = 'q' + id;
  const span = cond(q, '[^"\\n]*+', '[^,"\\n]*+');
  const own = scopes.filter(([ev]) => !shared || !shared.events.includes(ev));
  const wrapped = own.reduceRight((no, [ev, scope]) => cond(ev, cap(scope, inner(q)), no), '(?!)');
  const sharedScopes = shared ? scopes.filter(([ev]) => shared.events.includes(ev)) : [];
  const content = shared
    ? cond(shared.label, [sharedScopes.reduceRight((no, [ev, scope]) => cond(ev, ['(?=', cap(scope, span), ')'], no), ''), shared.inner(q)], wrapped)
    : wrapped;
  return [
    lcap(q, S.quoteBegin, '"'), '?',
    cond(q, ['(?=', cap(S.quoted, '[^"\\n]*+'), '"(?=,|$))']),
    content,
    cond(q, cap(S.quoteEnd, '"')), '(?=,|$)',
  ];
}

function fastEndpoint(meta) {
  return [cap(meta, '(?:', cap(S.ip + '.v4', IPV4), '(?:', cap(S.portSep, ':'), cap(S.port, '\\d++'), ')?)?'), '(?=,)'];
}

/**
 * A 250 reply listing EHLO extensions: the coloured tokens (extensions, numbers, IPv4 addresses) one
 * after another in up to `slots` unrolled groups, plain text between them.
 */
function ehloInline(q, slots = 20) {
  const slot = () => ['(?:', SAFE_EHLO(q), '(?:', cap(S.capability, CAP_TEXT), '|', cap(S.number, NUM_TEXT), '|', cap(S.ip + '.v4', IPV4_TEXT), '(?!:\\d)',
    '|', cap(S.addrBegin, '<'), cap(S.address, '[^<>"\\n]*+'), cap(S.addrEnd, '>'),
    '|(?<=[ ,"=])', enh('2', '4', '5'), '))?+'];
  return cap('meta.ehlo-response', cap(S.replyOk, '250'), '[ \\-]', ...Array.from({ length: slots }, slot), SAFE_EHLO(q));
}

/**
 * Free text with up to `slots` of the tokens the nested patterns colour (failure words, addresses in
 * <>, IPv4 addresses with an optional port, enhanced status codes except after + and -).
 */
function textSlots(q, slots, enhEvents = ['lt', 'gt', 'info']) {
  // Enhanced status codes only where the event's nested patterns include them.
  const enhanced = enhEvents.reduceRight((no, ev) => cond(ev, ['(?<=[ ,"=])', ...enh('2', '4', '5')], no), '(?!)');
  const token = () => ['(?:',
    cap(S.failure, FAILURE),
    '|', cap(S.addrBegin, '<'), cap(S.address, '[^<>"\\n]*+'), cap(S.addrEnd, '>'),
    '|', cap(S.ip + '.v4', IPV4_TEXT), '(?:', cap(S.portSep, ':'), cap(S.port, '\\d++'), ')?',
    '|', enhanced,
    ')'];
  return [...Array.from({ length: slots }, () => ['(?:', SAFE(q), token(), ')?+']), SAFE(q)];
}

/** Transport connectivity lines: unquoted prefix columns, a description of free text (at most one coloured token). */
function connectivityFastRecord() {
  const evs = ['lt', 'gt', 'info', 'conn', 'disc'];
  const scopes = evs.map((id) => [id, EVENT_SCOPES[{ lt: '<', gt: '>', info: '*', conn: '+', disc: '-' }[id]].data]);
  const PLAIN = '[^,"\\n]*+';
  return matchRule([
    '^', ts(), comma(),
    cap(S.session, PLAIN), comma(),
    cap(S.source, PLAIN), comma(),
    cap(S.destination, PLAIN), comma(),
    lcap('any', null, '(?:', lcap('lt', EVENT_SCOPES['<'].char, '<'), '|', lcap('gt', EVENT_SCOPES['>'].char, '>'),
      '|', lcap('info', EVENT_SCOPES['*'].char, '\\*'), '|', lcap('conn', EVENT_SCOPES['+'].char, '\\+'), '|', lcap('disc', EVENT_SCOPES['-'].char, '-'), ')'),
    comma(),
    inlineColumn('d', scopes, null, { label: 'any', events: evs, inner: (q) => textSlots(q, 1, ['info']) }),
    '$',
  ], { name: sc('meta.record.connectivity') });
}

/** SMTP lines whose data or context holds a few coloured tokens (addresses, IPs, failures) in free text. */
/** The columns before the event of an SMTP line, as the fast rules read them (unquoted, IPv4 or empty endpoints). */
function smtpFastPrefix() {
  const PLAIN = '[^,"\\n]*+';
  return [
    '^', ts(), comma(),
    cap(S.connector, PLAIN), comma(),
    cap(S.session, PLAIN), comma(),
    cap(S.seq, PLAIN), comma(),
    fastEndpoint('meta.endpoint.local'), comma(),
    fastEndpoint('meta.endpoint.remote'), comma(),
  ];
}

function smtpTextRecord() {
  const evs = ['lt', 'gt', 'info', 'conn', 'disc'];
  const scopes = evs.map((id) => [id, EVENT_SCOPES[{ lt: '<', gt: '>', info: '*', conn: '+', disc: '-' }[id]].data]);
  const start = (q) => {
    const verbEnd = ['(?=[ <]|', colEnd(q), ')'];
    return cond('smtp', ['(?>',
      '(?!250[ \\-])(?:', cap(S.replyOk, '2\\d\\d'), '|', cap(S.replyMore, '3\\d\\d'), '|', cap(S.replyWarn, '4\\d\\d'), '|', cap(S.replyErr, '5\\d\\d'), ')',
      '(?=[ \\-]|', colEnd(q), ')(?:[ ]', enh('2', '4', '5'), ')?',
      '|', cap(S.verb, VERB_AT), verbEnd, '(?:', cap(S.addrBegin, '<'), cap(S.address, '[^<>"\\n]*+'), cap(S.addrEnd, '>'), ')?',
      '|(?![2-5]\\d\\d(?:[ \\-]|', colEnd(q), '))(?!', VERB_AT, verbEnd, ')',
      ')']);
  };
  const ctxStart = (q) => cond('smtp', ['(?![2-5]\\d\\d)(?!', VERB_AT, '(?=[ <]|', colEnd(q), '))']);
  return matchRule([
    ...smtpFastPrefix(),
    lcap('any', null, '(?:', lcap('smtp', null, lcap('lt', EVENT_SCOPES['<'].char, '<'), '|', lcap('gt', EVENT_SCOPES['>'].char, '>')),
      '|', lcap('info', EVENT_SCOPES['*'].char, '\\*'), '|', lcap('conn', EVENT_SCOPES['+'].char, '\\+'), '|', lcap('disc', EVENT_SCOPES['-'].char, '-'), ')'),
    comma(),
    inlineColumn('d', scopes, null, { label: 'any', events: evs, inner: (q) => [start(q), textSlots(q, 4)] }),
    '(?:', comma(), inlineColumn('c', scopes, null, { label: 'any', events: evs, inner: (q) => [ctxStart(q), textSlots(q, 4)] }), ')?',
    '$',
  ], { name: sc('meta.record.smtp') });
}

/** SMTP Receive / Send lines of the common shapes (unquoted prefix columns, IPv4 or empty endpoints). */
function smtpFastRecord(ehlo = false) {
  const evs = ehlo ? [['lt', '<'], ['gt', '>']] : [['lt', '<'], ['gt', '>'], ['info', '*'], ['conn', '+'], ['disc', '-']];
  const evScope = { lt: '<', gt: '>', info: '*', conn: '+', disc: '-' };
  const scopes = evs.map(([id]) => [id, EVENT_SCOPES[evScope[id]].data]);
  const contextInner = (q) => [cond('smtp', ['(?![2-5]\\d\\d)(?!', VERB_AT, '(?=[ <]|', colEnd(q), '))']), SAFE(q)];
  return matchRule([
    ...smtpFastPrefix(),
    '(?:', lcap('smtp', null, lcap('lt', EVENT_SCOPES['<'].char, '<'), '|', lcap('gt', EVENT_SCOPES['>'].char, '>')),
    ...(ehlo ? [] : ['|', lcap('info', EVENT_SCOPES['*'].char, '\\*'), '|', lcap('conn', EVENT_SCOPES['+'].char, '\\+'), '|', lcap('disc', EVENT_SCOPES['-'].char, '-')]), ')',
    comma(),
    inlineColumn('d', scopes, SAFE, { label: 'smtp', events: ['lt', 'gt'], inner: ehlo ? ehloInline : smtpDataInline }),
    '(?:', comma(), inlineColumn('c', scopes, contextInner), ')?',
    '$',
  ], { name: sc('meta.record.smtp') });
}

const repository = {
  escape: { match: '""', name: sc(S.escape) },

  endpoint: {
    patterns: [
      matchRule([cap(S.bracketOpen, '\\['), cap(S.ip + '.v6', IPV6), '(?:', cap(S.zoneSep, '%'), cap(S.zone, '[\\w.]++'), ')?', cap(S.bracketClose, '\\]'), '(?:', cap(S.portSep, ':'), cap(S.port, '\\d++'), ')?']),
      matchRule(['(?<![\\w.])', cap(S.ip + '.v4', IPV4), '(?![\\w.])', '(?:', cap(S.portSep, ':'), cap(S.port, '\\d++'), ')?']),
      matchRule(['(?<![\\w:.%])', cap(S.ip + '.v6', IPV6), '(?:', cap(S.zoneSep, '%'), cap(S.zone, '[\\w.]++'), ')?', '(?![\\w:])']),
      matchRule(['(?<![^\\s,"])', cap(S.host, '[^\\s,":\\[\\]]++'), cap(S.portSep, ':'), cap(S.port, '\\d++'), '(?![\\w.:])']),
    ],
  },

  address: {
    patterns: [
      matchRule([cap(S.addrBegin, '<'), cap(S.address, '[^<>]*+'), cap(S.addrEnd, '>')]),
      { match: '(?<![\\w.+\\-])[\\w.+\\-]++@[\\w\\-]++(?:\\.[\\w\\-]++)++', name: sc(S.address) },
    ],
  },
  'ip-in-text': {
    patterns: [
      matchRule(['(?<![\\w.])', cap(S.ip + '.v4', IPV4), '(?![\\w.])', '(?:', cap(S.portSep, ':'), cap(S.port, '\\d++'), ')?']),
    ],
  },

  // One regex (a scanner tries every pattern at every position, so fewer patterns are cheaper).
  failure: {
    match: FAILURE,
    name: sc(S.failure),
  },

  'enhanced-status': {
    patterns: [
      matchRule(['(?<=[ ,"=]|^)', '(?:', cap(S.enhOk, '2\\.\\d{1,3}\\.\\d{1,3}'), '|', cap(S.enhWarn, '4\\.\\d{1,3}\\.\\d{1,3}'), '|', cap(S.enhErr, '5\\.\\d{1,3}\\.\\d{1,3}'), ')(?=[ ,";]|$)']),
    ],
  },

  // A 250 reply that lists the EHLO extensions, on one line (Exchange 2013+) or one per line (2010).
  'ehlo-capabilities': {
    begin: DATA_START + '(250)([ \\-])',
    beginCaptures: { 1: { name: sc(S.replyOk) } },
    end: '$',
    name: sc('meta.ehlo-response'),
    patterns: [
      { match: '(?<=[ \\-])(?:' + CAPABILITIES + ')(?=[ =,"]|$)', name: sc(S.capability) },
      ...inc('enhanced-status', 'ip-in-text', 'address'),
      { match: '(?<= )\\d++(?= |$)', name: sc(S.number) },
    ],
  },
  // Reply code or command at the start of the data, in one regex.
  'smtp-start': {
    patterns: [
      matchRule([DATA_START, '(?:',
        '(?:', cap(S.replyOk, '2\\d\\d'), '|', cap(S.replyMore, '3\\d\\d'), '|', cap(S.replyWarn, '4\\d\\d'), '|', cap(S.replyErr, '5\\d\\d'), ')(?=[ \\-"]|$)',
        '|', cap(S.verb, '(?i:' + verbAlt + ')'), '(?=[ <"]|$)',
      ')']),
    ],
  },

  'data-smtp': { patterns: inc('ehlo-capabilities', 'smtp-start', 'enhanced-status', 'address', 'ip-in-text', 'failure') },
  'data-connect': { patterns: inc('address', 'ip-in-text', 'failure') },
  'data-disconnect': { patterns: inc('failure', 'address', 'ip-in-text') },
  'data-information': { patterns: inc('failure', 'address', 'ip-in-text', 'enhanced-status') },
  'data-connectivity': { patterns: inc('failure', 'address', 'ip-in-text') },
  'data-fields': { patterns: inc('address', 'ip-in-text', 'failure') },

  'pop-imap-command': {
    patterns: [
      { match: '(?i)(?<![\\w-])OpenSession(?![\\w-])', name: sc(S.command + '.open-session') },
      { match: '(?i)(?<![\\w-])(?:CloseSession)(?![\\w-])', name: sc(S.command + '.close-session') },
    ],
  },
  'context-pop-imap': {
    patterns: [
      ...inc('escape'),
      // R=OK / R=+OK / R=ok: success
      matchRule(['(?<![\\w.])', cap(S.key, 'R'), cap(S.keySep, '='), cap(S.escape, '(?:"")?'), cap(S.success, '(?i:\\+?OK)'), '(?![\\w-])']),
      // R=""tag NO …"" / R=-ERR …: failure
      matchRule(['(?<![\\w.])', cap(S.key, 'R'), cap(S.keySep, '='), cap(S.escape, '(?:"")?'), '(?:[^\\s";]{1,64} )?', cap(S.failure, 'NO|BAD|-ERR'), '(?![\\w-])']),
      matchRule(['(?<![\\w.])', cap(S.key + '.error', 'ErrMsg'), cap(S.keySep, '='), cap(S.failure, '[^;"]*+')]),
      { match: '(?<![\\w-])-ERR\\b', name: sc(S.failure) },
      matchRule(['(?<![\\w.\\-])', cap(S.key, '[A-Za-z][\\w.\\-]*+'), cap(S.keySep, '=')]),
      ...inc('failure', 'address'),
    ],
  },

  'msgtrk-fields': {
    patterns: [
      ...inc('quoted-field'),
      matchRule(['(?<=,)', '(?:', cap(S.replyOk, '2\\d\\d'), '|', cap(S.replyWarn, '4\\d\\d'), '|', cap(S.replyErr, '5\\d\\d'), ')(?= [245]\\.\\d)']),
      ...inc('enhanced-status', 'address', 'endpoint-field', 'timestamp-field'),
    ],
  },

  'w3c-value': {
    patterns: [
      ...inc('address'),
      { match: '\\++', name: sc('constant.character.escape.space') },
    ],
  },
  'w3c-rest': {
    patterns: [
      matchRule(['(?<= )', cap(S.number, '\\d++'), '(?= |$)']),
    ],
  },

  // Generic CSV (other Exchange logs and lines of no known shape).
  'quoted-field': {
    begin: '(?<=^|,)"',
    beginCaptures: { 0: { name: sc(S.quoteBegin) } },
    end: '"(?=,|$)|$',
    endCaptures: { 0: { name: sc(S.quoteEnd) } },
    contentName: sc(S.quoted),
    patterns: inc('escape'),
  },
  'timestamp-field': { match: '(?<=^|,)' + TS + '(?=,|$)', name: sc(S.timestamp) },
  'endpoint-field': {
    patterns: [
      matchRule(['(?<=^|,)', '(?=[^,]*[\\d:])', cap({ name: 'meta.endpoint', patterns: inc('endpoint') }, '(?:\\[[0-9A-Fa-f:.%\\w]++\\](?::\\d++)?|' + IPV4 + '(?::\\d++)?|' + IPV6 + '(?:%[\\w.]++)?)'), '(?=,|$)']),
    ],
  },
  generic: {
    patterns: inc('quoted-field', 'timestamp-field', 'endpoint-field'),
  },
  'w3c-generic': {
    patterns: [
      matchRule(['^', cap(S.timestamp + '.date', '\\d{4}-\\d\\d-\\d\\d'), ' ', cap(S.timestamp + '.time', '\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?'), '(?= )']),
      // A #Fields list without the date column starts with the time.
      matchRule(['^', cap(S.timestamp + '.time', '\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?'), '(?= )']),
      { match: '(?<= )(?i:' + W3C_VERBS + ')(?= )', name: sc(S.verb) },
      ...inc('ip-in-text'),
    ],
  },

  // Directive lines: #Software, #Version, #Log-type, #Date, #Fields (names are case-insensitive).
  directive: {
    patterns: [
      directive('Log-type', S.logType),
      directive('Version', S.version),
      directive('Date', null, inc('directive-date')),
      directive('Fields', null, inc('directive-fields')),
      directive('[A-Za-z][\\w\\-]*+', S.directiveValue),
      // The MANGLED sample: a web page dropped the '#'.
      matchRule(['^', cap(S.damagedDirective, '(?i:Software|Version|Log-type|Date|Fields)'), cap(S.directiveSep, ':'), '[ \\t]*', cap(S.directiveValue, '.*'), '$'], { name: sc(S.directive) }),
    ],
  },
  // The directives a block can hold: the lines that end a block (#Software, #Log-type) are left to the
  // block's end pattern, which the blocks try last (see kindBlock).
  'directive-in-block': {
    patterns: [
      directive('Version', S.version),
      directive('Date', null, inc('directive-date')),
      directive('Fields', null, inc('directive-fields')),
      directive('(?!(?i:Software|Log-type)[ \\t]*:)[A-Za-z][\\w\\-]*+', S.directiveValue),
      matchRule(['^', cap(S.damagedDirective, '(?i:Version|Date|Fields)'), cap(S.directiveSep, ':'), '[ \\t]*', cap(S.directiveValue, '.*'), '$'], { name: sc(S.directive) }),
    ],
  },
  'directive-date': {
    patterns: [
      { match: TS, name: sc(S.timestamp) },
      matchRule([cap(S.timestamp + '.date', '\\d{4}-\\d\\d-\\d\\d'), ' ', cap(S.timestamp + '.time', '\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?')]),
    ],
  },
  'directive-fields': {
    patterns: [
      { match: '[^, ]++', name: sc(S.fieldName) },
      { match: '[, ]', name: sc(S.comma) },
    ],
  },

  // Blocks that carry the log kind from the #Log-type directive to the lines that follow.
  'block-smtp': kindBlock('SMTP (?:Receive|Send) Protocol Log', 'smtp', ['record-smtp-fast', 'record-smtp-ehlo', 'record-smtp-text', 'record-smtp']),
  'block-pop-imap': kindBlock('(?:POP3|IMAP4)(?: Log)?', 'pop-imap', ['record-pop-imap']),
  'block-connectivity': kindBlock('(?:Transport )?Connectivity Log', 'connectivity', ['record-connectivity-fast', 'record-connectivity']),
  'block-msgtrk': kindBlock('Message Tracking Log', 'message-tracking', ['record-msgtrk']),
  'block-other': kindBlock('[^\\r\\n]*+', 'other', []),
  'block-w3c': w3cBlock(),

  'record-smtp-fast': smtpFastRecord(),
  'record-smtp-ehlo': smtpFastRecord(true),
  'record-smtp-text': smtpTextRecord(),
  'record-smtp': smtpRecord(false),
  'record-pop-imap': popImapRecord(false),
  'record-connectivity-fast': connectivityFastRecord(),
  'record-connectivity': connectivityRecord(false),
  'record-msgtrk': msgtrkRecord(false),
  'record-w3c': w3cRecord(),
  'shape-smtp': smtpRecord(true),
  'shape-pop-imap': popImapRecord(true),
  'shape-connectivity': connectivityRecord(true),
  'shape-msgtrk': msgtrkRecord(true),
};

function directive(name, valueScope, valuePatterns) {
  const value = valuePatterns ? cap({ patterns: valuePatterns }, '.*') : cap(valueScope, '.*');
  return matchRule([
    '^', BOM, cap(S.directiveHash, '#'), cap(S.directiveName, '(?i:' + name + ')'), cap(S.directiveSep, ':'), '[ \\t]*', value, '$',
  ], { name: sc(S.directive) });
}

function w3cBlock() {
  const { regex, captures } = build([
    '^', BOM, cap(S.directiveHash, '#'), cap(S.directiveName, '(?i:Software)'), cap(S.directiveSep, ':'), '[ \\t]*',
    cap(S.directiveValue, '(?i:Microsoft Internet Information Services)[^\\r\\n]*+'), '$',
  ]);
  return {
    begin: regex,
    beginCaptures: captures,
    end: END_OF_BLOCK,
    name: sc('meta.log.w3c'),
    applyEndPatternLast: 1,
    patterns: inc('record-w3c', 'directive-in-block', 'w3c-generic'),
  };
}

function kindBlock(logType, kind, records) {
  const { regex, captures } = build([
    '^', BOM, '(?:', cap(S.directiveHash, '#'), cap(S.directiveName, '(?i:Log-type)'), '|', cap(S.damagedDirective, '(?i:Log-type)'), ')', cap(S.directiveSep, ':'), '[ \\t]*',
    cap(S.logType, '(?i:' + logType + ')'), '[ \\t]*$',
  ]);
  return {
    begin: regex,
    beginCaptures: captures,
    end: END_OF_BLOCK,
    // Record rules first, the end pattern last: the engine searches every pattern of a rule that comes
    // before the one matching at the start of the line (a failed search walks the whole line), so the
    // most frequent match goes first. The end pattern only matches lines no other pattern here matches.
    applyEndPatternLast: 1,
    name: sc('meta.log.' + kind),
    patterns: inc(...records, 'directive-in-block', 'generic'),
  };
}

export const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Exchange Log',
  scopeName: 'text.log.exchange',
  comment: 'Generated by scripts/gen-grammar.mjs; edit that file and run `node scripts/gen-grammar.mjs`.',
  // Records first (the most frequent lines; see kindBlock on the order of patterns), then the lines
  // that start a block or are directives; no line is matched at its start by both groups.
  patterns: inc(
    'shape-smtp', 'shape-pop-imap', 'shape-connectivity', 'shape-msgtrk', 'record-w3c',
    'block-smtp', 'block-pop-imap', 'block-connectivity', 'block-msgtrk', 'block-w3c', 'block-other',
    'directive',
    'generic',
  ),
  repository,
};

const text = JSON.stringify(grammar, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(root, OUT)} is out of date: run node scripts/gen-grammar.mjs`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(root, OUT)}`);
}
