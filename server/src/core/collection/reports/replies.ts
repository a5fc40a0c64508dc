/**
 * `replies`: the reply codes and enhanced status codes SMTP sessions were given, with how many
 * sessions got each, what it means, an example of the reply's text and example sessions.
 */
import type { ReportRow } from '../../../../../protocol/src/queryTypes';
import { enhancedCodeMeaning, replyClassMeaning, replyCodeMeaning } from '../../facts/smtp';
import { t } from '../../l10n';
import { S, SL } from '../schema';
import { TextKeys, column, compareText, listOf, rowWhere, scanSessions, table } from './common';
import type { ReportBody, ReportInput } from './types';

/** Example sessions a row names. */
const EXAMPLES = 3;

interface Row {
  code: number;
  sessions: number;
  example?: string;
  examples: string[];
}

/**
 * What an enhanced status code means: its class and detail (for a success, its subject when the
 * registry's detail is worded as a problem: `2.1.0` is "Other address status"), then the usual cause
 * in Exchange of the reply given as example, if one is known.
 */
function enhancedMeaning(code: string, example: string): string | undefined {
  const m = enhancedCodeMeaning(code, example);
  if (!m) return undefined;
  const what = code.startsWith('2.') && (!m.detail || /problem/i.test(m.detail)) ? m.subject : m.detail ?? m.subject;
  const parts = [m.cls, what, m.cause].filter((x): x is string => !!x).map((x) => t(x));
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function repliesReport(input: ReportInput): ReportBody {
  const codeKeys = new TextKeys(input.index, 'text');
  const codes = codeKeys.values;
  const rows = new Map<number, Row>();
  scanSessions(input, ['smtpReceive', 'smtpSend'], (tb) => {
    const replies = listOf(tb, SL.replies);
    const idCol = tb.column(S.id), outcomeCol = tb.column(S.outcomeText);
    /** Rows by the table's text ids of codes (a table holds few codes). */
    const byText: (Row | null | undefined)[] = [];
    return (r) => {
      let outcome: string | undefined;
      let read = false;
      for (let k = replies.starts[r], end = replies.starts[r + 1]; k < end; k++) {
        const id = replies.values[k];
        let row = byText[id];
        if (row === undefined) {
          const code = codeKeys.of(tb, id);
          if (code >= 0) {
            row = rows.get(code);
            if (!row) rows.set(code, (row = { code, sessions: 0, examples: [] }));
          }
          byText[id] = row ??= null;
        }
        if (row === null) continue;
        row.sessions++;
        if (row.examples.length < EXAMPLES) row.examples.push(tb.text(idCol[r])!);
        if (row.example === undefined) {
          if (!read) {
            outcome = tb.text(outcomeCol[r]);
            read = true;
          }
          const value = codes[row.code];
          if (outcome && (value.includes('.') ? outcome.includes(value) : outcome.startsWith(value))) row.example = outcome;
        }
      }
    };
  });
  const basic: Row[] = [], enhanced: Row[] = [];
  for (const row of rows.values()) (codes[row.code].includes('.') ? enhanced : basic).push(row);
  const order = (a: Row, b: Row) => b.sessions - a.sessions || compareText(codes[a.code], codes[b.code]);
  const rowsOf = (list: Row[], meaning: (code: string, example: string) => string | undefined): ReportRow[] => list.sort(order).map((row) => {
    const code = codes[row.code];
    return {
      cells: { code, meaning: meaning(code, row.example ?? '') ?? null, sessions: row.sessions, example: row.example ?? null, examples: row.examples },
      where: rowWhere(input, [['reply', code]]),
    };
  });
  const columns = (codeTitle: string) => [
    column('code', codeTitle, 'text'),
    column('meaning', t('Meaning'), 'text'),
    column('sessions', t('Sessions'), 'number'),
    column('example', t('Example reply'), 'text'),
    column('examples', t('Example sessions'), 'list'),
  ];
  return {
    report: 'replies',
    title: t('Replies: reply codes and enhanced status codes'),
    description: t('The reply codes and enhanced status codes (RFC 3463) SMTP receive and send sessions were given, by how many sessions got each: what the code means, the text of a reply that decided a session\'s outcome with it (when one did), and example session ids.'),
    tables: [
      table('codes', t('Reply codes'), columns(t('Reply code')), rowsOf(basic, (c) => {
        const m = replyCodeMeaning(c) ?? replyClassMeaning(c);
        return m ? t(m) : undefined;
      }), input.top),
      table('enhanced', t('Enhanced status codes'), columns(t('Enhanced status code')), rowsOf(enhanced, enhancedMeaning), input.top),
    ],
    charts: [],
  };
}
