/**
 * Document symbols (Outline, breadcrumbs, sticky scroll, Go to Symbol).
 *
 * The tree is: header block → [hour → [remote]] → session → key events.
 *
 * - A header block's range runs from its first directive to the last line before the next header
 *   (its whole section), and its selection range is the `#Fields` line. Every record line therefore
 *   sits inside a header symbol: breadcrumbs name the log on any line, and sticky scroll pins the
 *   `#Fields` line (the column names) while scrolling through records.
 * - A session's range runs from its first to its last line, so that its key events (children) lie
 *   inside it. Sessions interleave, so sibling session ranges overlap; VS Code's breadcrumbs then
 *   name the earliest-started session still open at the cursor, which is not always the line's
 *   own (the status bar names that one). Key events are single lines, so sticky scroll skips them.
 * - Past `groupThreshold` sessions under one header, sessions are grouped by the hour they began in,
 *   and an hour still holding more than that is split by remote host (remotes seen once stay
 *   directly under the hour). Group ranges cover their sessions.
 * - At most `maxSymbols` symbols are returned: key events are left out first (all of them, so the
 *   outline stays uniform), then the last sessions, which one "more sessions" entry stands for.
 *
 * All symbols have non-empty names, selection ranges inside their ranges and children inside their
 * parents, sorted by position.
 */
import { DocumentSymbol, Range, SymbolKind } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { plural, t } from '../l10n';
import { LineType, LogModel, recordFields, sessionColumn } from '../model/logModel';
import { linesRange, spanOnLine } from '../util/positions';
import { cleanText, keyEventLabel, outcomeLabel, sessionName, sessionPeer } from '../summary/labels';
import { KeyEvent, KeyEventKind, getSessionSummary } from '../summary/sessionSummary';
import { clockTime, formatDuration } from '../util/format';

export interface SymbolOptions {
  /** Alias of `maxSymbols` (the name LSP language services use). */
  resultLimit?: number;
  /** Group sessions by hour (then remote) when a header holds more than this many (default 200). */
  groupThreshold?: number;
  /** Most symbols returned, counting every level (default 20 000). */
  maxSymbols?: number;
  /** List each session's key events as its children (default true, within `maxSymbols`). */
  keyEvents?: boolean;
}

export const DEFAULT_GROUP_THRESHOLD = 200;
export const DEFAULT_MAX_SYMBOLS = 20_000;
/** Key events listed per session; recipients beyond the first few are summarised by the session view. */
const MAX_KEY_EVENTS = 16;
const MAX_RCPT_EVENTS = 3;

interface Section {
  /** Header block index, or -1 for records before any header. */
  block: number;
  startLine: number;
  endLine: number;
  sessions: number[];
}

export function getDocumentSymbols(model: LogModel, options: SymbolOptions = {}): DocumentSymbol[] {
  const threshold = Math.max(1, options.groupThreshold ?? DEFAULT_GROUP_THRESHOLD);
  const maxSymbols = Math.max(1, options.resultLimit ?? options.maxSymbols ?? DEFAULT_MAX_SYMBOLS);
  const sections = sectionsOf(model);

  // Plan the budget: headers and groups always, then sessions, then key events.
  let fixed = 0;
  const groupings = sections.map((sec) => {
    if (sec.block >= 0) fixed++;
    const g = groupSessions(model, sec.sessions, threshold);
    fixed += countGroups(g);
    return g;
  });
  const sessionCount = sections.reduce((n, s) => n + s.sessions.length, 0);
  let keyEventCount = 0;
  const wantKeyEvents = options.keyEvents !== false;
  if (wantKeyEvents) {
    for (const sec of sections) for (const si of sec.sessions) keyEventCount += keyEventsOf(model, si).length;
  }
  const withKeyEvents = wantKeyEvents && fixed + sessionCount + keyEventCount <= maxSymbols;
  // Sessions beyond the budget (file order of their first line) are left out.
  let sessionBudget = Math.max(0, maxSymbols - fixed - 1);
  if (fixed + sessionCount <= maxSymbols) sessionBudget = sessionCount;
  const listed = new Set<number>();
  const bySessionStart: number[] = [];
  for (const sec of sections) bySessionStart.push(...sec.sessions);
  for (let i = 0; i < bySessionStart.length && i < sessionBudget; i++) listed.add(bySessionStart[i]);
  const omitted = bySessionStart.filter((s) => !listed.has(s));

  const out: DocumentSymbol[] = [];
  sections.forEach((sec, i) => {
    const children = buildGroup(model, groupings[i], listed, withKeyEvents);
    if (omitted.length > 0 && sec.sessions.includes(omitted[0])) {
      const first = sessionLine(model, omitted[0]);
      const end = Math.max(first, sec.endLine);
      const range = linesRange(model, first, end);
      children.push({
        name: plural(omitted.length, '{0} more session not listed', '{0} more sessions not listed'),
        detail: t('raise exchangeLog.outline.maxSymbols to list them'),
        kind: SymbolKind.Null,
        range,
        selectionRange: linesRange(model, first, first),
      });
    }
    if (sec.block < 0) {
      out.push(...children);
      return;
    }
    const b = model.blocks[sec.block];
    const detail = [b.logType, b.date].filter((x): x is string => !!x).map((x) => cleanText(x)).join(' · ');
    const fields = b.directives.find((d) => d.name.toLowerCase() === 'fields') ?? b.directives[0];
    const selectionRange = spanOnLine(model, fields.line, fields.nameStart, fields.valueEnd);
    let end = sec.endLine;
    for (const c of children) end = Math.max(end, c.range.end.line);
    out.push({
      name: t('Header: {0}', kindName(b.kind)),
      detail,
      kind: SymbolKind.Namespace,
      range: linesRange(model, b.startLine, end),
      selectionRange,
      children: sortByStart(children),
    });
  });
  return sortByStart(out);
}

/** Header sections: each block with the lines up to the next block, plus any records before the first. */
function sectionsOf(model: LogModel): Section[] {
  const sections: Section[] = [];
  const lastContent = (from: number, to: number) => {
    let l = to;
    while (l > from && model.lineType[l] === LineType.Blank) l--;
    return l;
  };
  const lineCount = model.lineStarts.length;
  const firstBlockLine = model.blocks.length > 0 ? model.blocks[0].startLine : lineCount;
  if (firstBlockLine > 0 && model.records.length > 0 && model.records.line[0] < firstBlockLine) {
    sections.push({ block: -1, startLine: model.records.line[0], endLine: lastContent(0, firstBlockLine - 1), sessions: [] });
  }
  model.blocks.forEach((b, i) => {
    const next = i + 1 < model.blocks.length ? model.blocks[i + 1].startLine : lineCount;
    sections.push({ block: i, startLine: b.startLine, endLine: lastContent(b.endLine, next - 1), sessions: [] });
  });
  const bySection = (line: number) => {
    // sections are few (one per header): a linear scan from the end is enough
    for (let i = sections.length - 1; i >= 0; i--) if (sections[i].startLine <= line) return sections[i];
    return sections[0];
  };
  for (const s of model.sessions) bySection(model.records.line[s.records[0]])?.sessions.push(s.index);
  return sections;
}

/** A grouping plan: either sessions, or labelled groups of plans. */
type Plan =
  | { type: 'sessions'; sessions: number[] }
  | { type: 'groups'; groups: { name: string; kind: SymbolKind; plan: Plan; count: number }[]; loose: number[] };

function groupSessions(model: LogModel, sessions: number[], threshold: number): Plan {
  if (sessions.length <= threshold) return { type: 'sessions', sessions };
  // keyed by the hour number (NaN: no time); the ISO text of the hour is built once per group
  const hours = new Map<number, number[]>();
  for (const si of sessions) {
    const time = model.records.time[model.sessions[si].records[0]];
    const hour = Number.isFinite(time) ? Math.floor(time / 3_600_000) : NaN;
    let list = hours.get(hour);
    if (!list) hours.set(hour, (list = []));
    list.push(si);
  }
  const groups: { name: string; kind: SymbolKind; plan: Plan; count: number }[] = [];
  for (const [hour, list] of hours) {
    const key = !Number.isNaN(hour) ? new Date(hour * 3_600_000).toISOString().slice(0, 13) : '';
    const name = key
      ? t('{0} to {1} UTC', `${key.slice(0, 10)} ${key.slice(11, 13)}:00`, `${String((+key.slice(11, 13) + 1) % 24).padStart(2, '0')}:00`)
      : t('No time');
    groups.push({ name, kind: SymbolKind.Package, plan: list.length > threshold ? groupByRemote(model, list) : { type: 'sessions', sessions: list }, count: list.length });
  }
  return { type: 'groups', groups, loose: [] };
}

function groupByRemote(model: LogModel, sessions: number[]): Plan {
  const byRemote = new Map<string, number[]>();
  for (const si of sessions) {
    const key = sessionPeer(getSessionSummary(model, si)) ?? '';
    let list = byRemote.get(key);
    if (!list) byRemote.set(key, (list = []));
    list.push(si);
  }
  const groups: { name: string; kind: SymbolKind; plan: Plan; count: number }[] = [];
  const loose: number[] = [];
  for (const [key, list] of byRemote) {
    if (list.length < 2) loose.push(...list);
    else groups.push({ name: key || t('No remote endpoint'), kind: SymbolKind.Object, plan: { type: 'sessions', sessions: list }, count: list.length });
  }
  return { type: 'groups', groups, loose };
}

function countGroups(p: Plan): number {
  if (p.type === 'sessions') return 0;
  return p.groups.reduce((n, g) => n + 1 + countGroups(g.plan), 0);
}

function buildGroup(model: LogModel, plan: Plan, listed: Set<number>, withKeyEvents: boolean): DocumentSymbol[] {
  if (plan.type === 'sessions') {
    return plan.sessions.filter((s) => listed.has(s)).map((s) => sessionSymbol(model, s, withKeyEvents));
  }
  const out: DocumentSymbol[] = [];
  for (const g of plan.groups) {
    const children = buildGroup(model, g.plan, listed, withKeyEvents);
    if (children.length === 0) continue;
    const range = cover(children);
    out.push({
      name: g.name,
      detail: plural(g.count, '{0} session', '{0} sessions'),
      kind: g.kind,
      range,
      selectionRange: linesRange(model, range.start.line, range.start.line),
      children: sortByStart(children),
    });
  }
  for (const s of plan.loose) if (listed.has(s)) out.push(sessionSymbol(model, s, withKeyEvents));
  return sortByStart(out);
}

function sessionSymbol(model: LogModel, si: number, withKeyEvents: boolean): DocumentSymbol {
  const sum = getSessionSummary(model, si);
  const first = model.records.get(model.sessions[si].records[0]);
  const spans = recordFields(model, first);
  const col = sessionColumn(model, first, spans);
  const range = linesRange(model, sum.firstLine, Math.max(sum.firstLine, sum.lastLine));
  const selectionRange = col >= 0 && col * 2 < spans.length
    ? spanOnLine(model, first.line, spans[col * 2], spans[col * 2 + 1])
    : linesRange(model, first.line, first.line);
  const detail = [
    clockTime(sum.firstTime),
    formatDuration(sum.durationMs),
    plural(sum.events, '{0} event', '{0} events'),
    outcomeLabel(sum.outcome),
  ].filter((x) => x.length > 0).join(' · ');
  const symbol: DocumentSymbol = { name: sessionName(sum), detail, kind: SymbolKind.Event, range, selectionRange };
  if (withKeyEvents) {
    const children = keyEventsOf(model, si).map((k) => keyEventSymbol(model, k));
    if (children.length > 0) symbol.children = sortByStart(children);
  }
  return symbol;
}

/** The key events listed under a session: recipients beyond the first few are left to the session view. */
function keyEventsOf(model: LogModel, si: number): KeyEvent[] {
  const out: KeyEvent[] = [];
  let rcpt = 0;
  for (const k of getSessionSummary(model, si).keyEvents) {
    if (k.kind === 'rcptTo' && ++rcpt > MAX_RCPT_EVENTS) continue;
    out.push(k);
    if (out.length >= MAX_KEY_EVENTS) break;
  }
  return out;
}

const COMMANDS: ReadonlySet<KeyEventKind> = new Set(['ehlo', 'starttls', 'auth', 'mailFrom', 'rcptTo', 'data', 'login']);

function keyEventSymbol(model: LogModel, k: KeyEvent): DocumentSymbol {
  const rec = model.records.get(k.record);
  const label = keyEventLabel(k.kind);
  const text = cleanText(k.text, 100);
  let name: string;
  if (COMMANDS.has(k.kind)) name = text || label;
  else name = text ? `${label}: ${text}` : label;
  const range = linesRange(model, rec.line, rec.line);
  return {
    name,
    detail: clockTime(rec.time, true),
    kind: symbolKindOf(k.kind),
    range,
    selectionRange: range,
  };
}

function symbolKindOf(k: KeyEventKind): SymbolKind {
  switch (k) {
    case 'connect':
    case 'disconnect':
      return SymbolKind.Event;
    case 'tls':
    case 'starttls':
      return SymbolKind.Key;
    case 'failure':
    case 'tarpit':
      return SymbolKind.Boolean;
    case 'reply':
    case 'totals':
      return SymbolKind.Constant;
    case 'message':
    case 'connection':
      return SymbolKind.Field;
    default:
      return SymbolKind.Method;
  }
}

function sessionLine(model: LogModel, si: number): number {
  return model.records.line[model.sessions[si].records[0]];
}

function cover(symbols: DocumentSymbol[]): Range {
  let start = symbols[0].range.start;
  let end = symbols[0].range.end;
  for (const s of symbols) {
    if (before(s.range.start, start)) start = s.range.start;
    if (before(end, s.range.end)) end = s.range.end;
  }
  return { start, end };
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function sortByStart(list: DocumentSymbol[]): DocumentSymbol[] {
  return list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
