/**
 * `exchange-log trace <path…> (--message-id ID | --internal-id N | --network-id G | --from ADDR | --to ADDR
 * | --subject TEXT) [--after T] [--before T] [--limit N] [--format table|csv|json]`: each matching
 * message's hops across the servers and log kinds below the paths, in time order (the core's
 * `traceMessages`, lines read from the files). Table: a heading per message, one row per hop, then
 * where it waited and which logs are missing. CSV and JSON Lines: one row per hop (`type` `hop`, with the
 * message id in `message`), then one per missing log (`type` `missing`). Lines are 1-based.
 */
import * as path from 'path';
import type { TraceHop, TracedMessage } from '../../../protocol/src/traceTypes';
import { parseTraceParams, traceKindName, traceMessages } from '../core/collection/trace';
import { TextLookups } from '../core/collection/textLookup';
import { t } from '../core/l10n';
import { formatDuration } from '../core/util/format';
import { fileLineReader } from '../collection/lines';
import { CliArgs, CliCommand, UsageError } from './command';
import { OutputColumn, OutputRow, iso, writeRows } from './output';

const KEYS = ['message-id', 'internal-id', 'network-id', 'from', 'to', 'subject'] as const;
const DEFAULT_LIMIT = 20;

function params(args: CliArgs) {
  const o = args.options;
  return {
    messageId: o['message-id'], internalId: o['internal-id'], networkId: o['network-id'],
    from: o.from, to: o.to, subject: o.subject, after: o.after, before: o.before,
  };
}

function check(args: CliArgs): void {
  if (!KEYS.some((k) => args.options[k] !== undefined && args.options[k].trim() !== '')) {
    throw new UsageError(`say which message to trace: ${KEYS.map((k) => `--${k}`).join(', ')}`);
  }
  const { problems } = parseTraceParams(params(args));
  if (problems.length > 0) throw new UsageError(problems[0].message);
  const limit = args.options.limit;
  if (limit !== undefined && !(/^\d+$/.test(limit) && +limit >= 1 && +limit <= 100_000)) throw new UsageError(`--limit must be a whole number from 1 to 100000, not '${limit}'`);
}

/** A path as people read it: relative to the working folder when it is below it. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function kindOf(h: { kind: TraceHop['kind']; service?: TraceHop['service'] }): string {
  return traceKindName(h.kind, h.service);
}

/** The columns of the hop table (made when printing: the strings follow the locale set by then). */
const hopColumns = (): OutputColumn[] => [
  { key: 'time', title: t('Time (UTC)') },
  { key: 'gap', title: t('Gap'), numeric: true },
  { key: 'server', title: t('Server') },
  { key: 'kind', title: t('Log') },
  { key: 'file', title: t('File') },
  { key: 'line', title: t('Line'), numeric: true },
  { key: 'id', title: t('Session or event') },
  { key: 'detail', title: t('What it says') },
  { key: 'linkedBy', title: t('Linked by') },
];

/** The machine-readable columns (CSV and JSON Lines). */
const ROW_KEYS = ['type', 'message', 'time', 'server', 'kind', 'service', 'file', 'line', 'sessionId', 'eventId', 'source', 'detail', 'linkedBy', 'gapMs', 'delay', 'hour'] as const;

function hopRow(m: TracedMessage, h: TraceHop, file: string): Record<(typeof ROW_KEYS)[number], string | number | null> {
  return {
    type: 'hop', message: m.messageId ?? null, time: iso(h.time), server: h.server || null, kind: h.kind, service: h.service ?? null,
    file, line: h.line + 1, sessionId: h.sessionId ?? null, eventId: h.eventId ?? null, source: h.source ?? null, detail: h.detail,
    linkedBy: h.linkedBy, gapMs: h.gapMs ?? null, delay: h.delay ?? null, hour: null,
  };
}

export const traceCommand: CliCommand = {
  name: 'trace',
  usage: 'trace <path…> (--message-id ID | --internal-id N | --network-id G | --from ADDR | --to ADDR | --subject TEXT) [--after T] [--before T] [--limit N] [--format table|csv|json]',
  options: { 'message-id': 'value', 'internal-id': 'value', 'network-id': 'value', from: 'value', to: 'value', subject: 'value', after: 'value', before: 'value', limit: 'value' },
  formats: ['table', 'csv', 'json'],
  check,
  run({ args, collection, out, err }) {
    const { query, problems } = parseTraceParams(params(args));
    if (problems.length > 0) throw new UsageError(problems[0].message);
    const answer = traceMessages(collection, query, {
      uriOf: (p) => p,
      lookups: new TextLookups(),
      lines: fileLineReader(),
      limit: args.options.limit !== undefined ? +args.options.limit : DEFAULT_LIMIT,
    });
    if (answer.messages.length === 0) {
      err.write(`exchange-log: ${t('no message matches')}\n`);
      return 1;
    }
    if (args.format !== 'table') {
      const rows: OutputRow[] = [];
      for (const m of answer.messages) {
        for (const h of m.hops) rows.push(hopRow(m, h, h.uri));
        for (const x of m.missing) {
          rows.push({
            type: 'missing', message: m.messageId ?? null, time: null, server: x.server || null, kind: x.kind, service: x.service ?? null, file: null, line: null,
            sessionId: null, eventId: null, source: null, detail: x.message, linkedBy: null, gapMs: null, delay: null, hour: x.hour ?? null,
          });
        }
      }
      writeRows(out, args.format, ROW_KEYS.map((key) => ({ key, title: key })), rows);
    } else {
      answer.messages.forEach((m, k) => {
        if (k > 0) out.write('\n');
        out.write(`${t('Message {0}', m.messageId ?? '?')}\n`);
        const facts = [
          m.from ? t('from {0}', m.from) : '',
          m.to.length > 0 ? t('to {0}', m.to.join(', ')) : '',
          m.subject ? t('subject "{0}"', m.subject) : '',
        ].filter(Boolean);
        if (facts.length > 0) out.write(`  ${clean(facts.join(' · '))}\n`);
        out.write(`  ${clean(m.verdict)}${m.latencyMs !== undefined ? ` · ${t('latency {0}', formatDuration(m.latencyMs))}` : ''} · ${t('servers: {0}', m.servers.join(' → ') || '-')}\n\n`);
        writeRows(out, 'table', hopColumns(), m.hops.map((h) => ({
          time: iso(h.time), gap: h.gapMs !== undefined ? `+${formatDuration(h.gapMs)}` : null, server: h.server || null, kind: kindOf(h),
          file: shown(h.uri), line: h.line + 1, id: h.sessionId ?? h.eventId ?? null, detail: h.detail, linkedBy: h.linkedBy,
        })));
        const delays = m.hops.filter((h) => h.delay);
        if (delays.length > 0) {
          out.write(`\n  ${t('Where it waited:')}\n`);
          for (const h of delays) out.write(`  - ${iso(h.time)} ${h.server} ${kindOf(h)}: ${clean(h.delay!)}\n`);
        }
        if (m.missing.length > 0) {
          out.write(`\n  ${t('Missing logs:')}\n`);
          for (const x of m.missing) out.write(`  - ${clean(x.message)}\n`);
        }
      });
      if (answer.more > 0) out.write(`\n${t('{0} more messages match; narrow the search or raise --limit.', answer.more)}\n`);
    }
    return 0;
  },
};

/** Log text never reaches the terminal with its control characters (escape sequences). */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}
