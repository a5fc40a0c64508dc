/** Diagnostics for format problems found while parsing. Messages are localised; codes are stable. */
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { t } from '../l10n';
import { LogKind } from '../model/kinds';
import { LogModel, Problem, ProblemCode } from '../model/logModel';
import { sanitizeControls, truncate } from '../util/markdown';
import { rangeOf } from '../util/positions';

export const DIAGNOSTIC_SOURCE = 'exchange-log';

export interface DiagnosticOptions {
  /** At most this many diagnostics are returned (the first ones in the file). */
  maxProblems?: number;
}

const SEVERITY: Readonly<Record<ProblemCode, DiagnosticSeverity>> = {
  'unterminated-quote': DiagnosticSeverity.Error,
  'stray-quote': DiagnosticSeverity.Warning,
  'field-count': DiagnosticSeverity.Warning,
  'bad-timestamp': DiagnosticSeverity.Warning,
  'unknown-event': DiagnosticSeverity.Warning,
  'bad-sequence': DiagnosticSeverity.Warning,
  'bad-session-id': DiagnosticSeverity.Information,
  'no-header': DiagnosticSeverity.Information,
  'missing-fields': DiagnosticSeverity.Warning,
  'partial-header': DiagnosticSeverity.Information,
  'fields-changed': DiagnosticSeverity.Information,
  'damaged-directive': DiagnosticSeverity.Warning,
};

export function problemMessage(p: Problem): string {
  const a = p.args.map((x) => (typeof x === 'string' ? quoteValue(x) : x));
  switch (p.code) {
    case 'unterminated-quote':
      return t('Unterminated quote: this field opens a quote that is not closed before the end of the line.');
    case 'stray-quote':
      return t('Stray quote inside a field that does not start with a quote.');
    case 'field-count':
      return t('This record has {0} fields but #Fields names {1}.', a[0], a[1]);
    case 'bad-timestamp':
      return t('The time {0} is not a valid timestamp (expected yyyy-MM-ddTHH:mm:ss.fffZ).', a[0]);
    case 'unknown-event':
      return a[0] === '""'
        ? t('The event column is empty (expected one of + - > < *).')
        : t('Unknown event {0} (expected one of + - > < *).', a[0]);
    case 'bad-sequence':
      return t('The sequence number {0} is not a number.', a[0]);
    case 'bad-session-id':
      return t('The session id {0} is not hexadecimal.', a[0]);
    case 'no-header':
      return t('No header: the columns are inferred from the line shape as a {0}.', kindName(p.args[0] as LogKind));
    case 'missing-fields':
      return t('This header has no #Fields line, so the column names are guessed.');
    case 'partial-header':
      return t('This header is incomplete: {0} missing.', p.args[0] as string);
    case 'fields-changed':
      return t('#Fields changed: records from here on follow the new column list.');
    case 'damaged-directive':
      return t('The directive {0} has lost its # prefix.', a[0]);
  }
}

function quoteValue(v: string): string {
  return `"${truncate(sanitizeControls(v), 60)}"`;
}

export function getDiagnostics(model: LogModel, options: DiagnosticOptions = {}): Diagnostic[] {
  const max = options.maxProblems ?? 1000;
  const out: Diagnostic[] = [];
  for (const p of model.problems) {
    if (out.length >= max) break;
    out.push({
      range: rangeOf(model, p.start, p.end),
      severity: SEVERITY[p.code],
      code: p.code,
      source: DIAGNOSTIC_SOURCE,
      message: problemMessage(p),
    });
  }
  return out;
}
