/**
 * Several logs (a folder, or files picked in the Explorer) as one read-only, time-merged view, in
 * the style of the grouped view: every session contiguous even when it spans files (a session that
 * crosses an hourly roll-over has no disconnect in the first file and no connect in the next), a
 * one-line summary above each, one fold per session, every line mapped back to its file and line.
 *
 * Files arrive one at a time (`add`): each is parsed, and only the lines of its sessions are kept
 * (copied, so the file's text can be freed), with a bound on the total. `build` merges the parts of
 * each session, summarises every merged session with `getSessionSummary` (over a small log made of
 * its header and its lines from all files) and lays out the view.
 */
import { kindName } from '../facts/kinds';
import { formatNumber, plural, t } from '../l10n';
import { LogKind } from '../model/kinds';
import { LogModel, parseLog } from '../model/logModel';
import { detach, joinDetached } from '../util/detach';
import { logFileName } from '../util/fileName';
import { cleanText } from '../summary/labels';
import { getSessionSummary } from '../summary/sessionSummary';
import { HEADING, INDENT, oneLineSummary } from './sessionView';
import type { FolderView, FolderViewAddResult } from '../../../../protocol/src/viewTypes';

/** A folder view as built: it belongs to no document version. */
export type FolderViewData = Omit<FolderView, 'version'>;

export interface FolderViewOptions {
  /** Stop keeping lines past this many characters (default 50 million). */
  maxChars?: number;
  /** At most this many files (default 2000). */
  maxFiles?: number;
}

/**
 * Which sessions of a file the view keeps (a search shows only the sessions that matched), by the
 * session's id and the line of its first record in the file (0-based, file order): the key of the session
 * in the view (the parts of one session in several files have the same key; two sessions of the same id,
 * on two servers, do not), or undefined to leave it out. With a filter, lines without a session are left out.
 */
export type KeepSession = (id: string, firstLine: number) => string | undefined;

/** What the view's counts are when its heading is written. */
export interface FolderViewCounts {
  files: number;
  sessions: number;
  events: number;
  /** A limit stopped the reading (a file was not kept). */
  truncated: boolean;
}

/** The words of a view that is not a plain merge of files (a search): its heading, second line and session headings. */
export interface FolderViewLayout {
  /** The first line, after the heading mark (default: title · files · sessions · events). */
  heading?(counts: FolderViewCounts): string;
  /** The second line (default: said only when a limit stopped the reading); undefined for none. */
  note?(counts: FolderViewCounts): string | undefined;
  /** One line per file read (default true). */
  listFiles?: boolean;
  /** Words added to each session's heading from the file of its first line (e.g. its server and file name). */
  sessionPlace?(uri: string): string | undefined;
  /** The line said when the view holds no session (default: that the logs have no session column, or no records). */
  empty?: string;
}

/** The lines of one session in one file, in the file's sequence order. */
interface Part {
  file: number;
  /** The lines joined with `\n` (one copied string per part). */
  text: string;
  lines: number[];
  firstTime: number;
  order: number;
  /** The one-line summary of a session kept whole from one file (a filtered view computes it when the file is read). */
  summary?: string;
}

interface MergedSession {
  id: string;
  /** Index into `headers`: the header block of the file where the session was first seen. */
  header: number;
  parts: Part[];
}

interface FileEntry {
  uri: string;
  kind: LogKind;
  /** Sessions and records kept (all of them, unless a filter chose some). */
  sessions: number;
  records: number;
}

const DEFAULT_MAX_CHARS = 50_000_000;
const DEFAULT_MAX_FILES = 2000;
const MAX_HEADER_CHARS = 8192;

export class FolderViewBuilder {
  private readonly files: FileEntry[] = [];
  private readonly headers: string[] = [];
  private readonly headerIndex = new Map<string, number>();
  private readonly sessions = new Map<string, MergedSession>();
  private readonly loose: Part[] = [];
  private chars = 0;
  private order = 0;
  private readonly memo = new Map<string, string>();
  private truncated = false;
  private readonly maxChars: number;
  private readonly maxFiles: number;

  constructor(options: FolderViewOptions = {}) {
    this.maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    this.maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  }

  get fileCount(): number {
    return this.files.length;
  }

  /**
   * Parses one file and keeps the lines the view needs: every line, or the lines of the sessions `keep`
   * chooses. `text` may be some lines of the file (its header and the lines around the sessions wanted):
   * `lineMap` then gives the file's line of each line of `text`.
   */
  add(uri: string, text: string, keep?: KeepSession, lineMap?: readonly number[]): FolderViewAddResult {
    const model = parseLog(text, { uri });
    const result = { records: model.records.length, sessions: model.sessions.length, kind: model.kind };
    const fileLine = lineMap ? (l: number) => lineMap[l] ?? l : (l: number) => l;
    const keys = keep ? model.sessions.map((s) => keep(s.id, fileLine(model.records.line[s.records[0]]))) : undefined;
    const chosen = keys ? model.sessions.filter((_, i) => keys[i] !== undefined) : model.sessions;
    const chars = keep ? chosen.reduce((n, s) => n + sessionChars(model, s.records), 0) : recordChars(model);
    if (this.truncated || this.files.length >= this.maxFiles || this.chars + chars > this.maxChars) {
      this.truncated = true;
      return { accepted: false, ...result };
    }
    const file = this.files.length;
    let kept = 0;
    for (const session of chosen) {
      const first = model.records.get(session.ordered[0]);
      const key = keys ? `${keys[session.index]}` : `${session.kind}\u0000${session.id}`;
      let merged = this.sessions.get(key);
      if (!merged) {
        merged = { id: detach(session.id), header: this.header(model, first.block), parts: [] };
        this.sessions.set(key, merged);
      }
      const part = this.part(model, file, session.ordered, fileLine);
      // a filtered view summarises its sessions from the lines read, instead of parsing them again when it is built
      if (keys) part.summary = oneLineSummary(getSessionSummary(model, session.index), this.memo);
      merged.parts.push(part);
      kept += session.ordered.length;
    }
    if (!keep) {
      const loose: number[] = [];
      for (let ri = 0; ri < model.records.length; ri++) if (model.records.session[ri] < 0) loose.push(ri);
      if (loose.length > 0) this.loose.push(this.part(model, file, loose, fileLine));
      kept = model.records.length;
    }
    this.files.push({ uri, kind: model.kind, sessions: chosen.length, records: kept });
    return { accepted: true, ...result };
  }

  private part(model: LogModel, file: number, records: readonly number[], fileLine: (line: number) => number): Part {
    const texts: string[] = [];
    const lines: number[] = [];
    for (const ri of records) {
      const rec = model.records.get(ri);
      texts.push(model.text.slice(rec.start, rec.end));
      lines.push(fileLine(rec.line));
    }
    const text = joinDetached(texts, '\n');
    this.chars += text.length + 1;
    return { file, text, lines, firstTime: model.records.time[records[0]], order: this.order++ };
  }

  /** The header block's directive lines, shared by every session that needs them. */
  private header(model: LogModel, block: number): number {
    let text = '';
    const b = block >= 0 ? model.blocks[block] : undefined;
    if (b) {
      const lines: string[] = [];
      for (let l = b.startLine; l <= b.endLine && l < model.lineStarts.length; l++) {
        lines.push(model.text.slice(model.lineStarts[l], model.lineEnds[l]).replace(/^\ufeff/, ''));
      }
      text = lines.join('\n').slice(0, MAX_HEADER_CHARS);
    }
    let i = this.headerIndex.get(text);
    if (i === undefined) {
      i = this.headers.length;
      this.headers.push(detach(text));
      this.headerIndex.set(text, i);
    }
    return i;
  }

  /** Lays out the view. The builder can be used again afterwards (it keeps its parts). */
  build(title?: string, layout: FolderViewLayout = {}): FolderViewData {
    const sessions = [...this.sessions.values()];
    for (const s of sessions) s.parts.sort(byTime);
    sessions.sort((a, b) => byTime(a.parts[0], b.parts[0]));
    const summaries = this.summaries(sessions);

    const lines: string[] = [];
    const sourceLines: number[] = [];
    const sourceFiles: number[] = [];
    const folds: { startLine: number; endLine: number }[] = [];
    const add = (text: string, file = -1, line = -1): number => {
      lines.push(text);
      sourceFiles.push(file);
      sourceLines.push(line);
      return lines.length - 1;
    };
    const addPart = (part: Part): number => {
      const texts = part.text.split('\n');
      let last = -1;
      for (let i = 0; i < texts.length; i++) last = add(texts[i], part.file, part.lines[i]);
      return last;
    };

    let events = 0;
    for (const f of this.files) events += f.records;
    const counts: FolderViewCounts = { files: this.files.length, sessions: sessions.length, events, truncated: this.truncated };
    const head = [
      title ? cleanText(title, 200) : t('Logs merged by session'),
      plural(this.files.length, '{0} file', '{0} files'),
      plural(sessions.length, '{0} session', '{0} sessions'),
      plural(events, '{0} event', '{0} events'),
    ];
    add(HEADING + (layout.heading ? layout.heading(counts) : head.join(' · ')));
    const note = layout.note
      ? layout.note(counts)
      : this.truncated
        ? t('Reading stopped after {0}: the view holds at most {1} characters of log lines. Pick fewer files to see the rest.', plural(this.files.length, '{0} file', '{0} files'), formatNumber(this.maxChars))
        : undefined;
    if (note !== undefined) add(INDENT + note);
    if (sessions.length > 0) {
      add(INDENT + t('Sessions in the time order of their first line, each followed by its lines from every file; a session that crosses into another file says so. Fold a session to keep only its summary; every line links to its file and line.'));
    } else if (layout.empty !== undefined) {
      add(INDENT + layout.empty);
    } else if (events > 0) {
      add(INDENT + t('These logs have no session column: their lines are shown in time order.'));
    } else {
      add(INDENT + t('These logs have no records.'));
    }
    if (layout.listFiles !== false) {
      this.files.forEach((f, i) => {
        add(INDENT + t('File: {0} · {1} · {2}', cleanText(logFileName(f.uri), 200), kindName(f.kind), plural(f.sessions, '{0} session', '{0} sessions')), i, 0);
      });
    }

    for (let k = 0; k < sessions.length; k++) {
      const s = sessions[k];
      add('');
      const first = s.parts[0];
      let label = summaries[k];
      if (s.parts.length > 1) label += ' · ' + plural(s.parts.length, 'in {0} file', 'in {0} files');
      const place = layout.sessionPlace?.(this.files[first.file].uri);
      if (place) label += ' · ' + place;
      const start = add(HEADING + label, first.file, first.lines[0]);
      let end = start;
      s.parts.forEach((part, i) => {
        if (i > 0) add(INDENT + t('continued in {0}', cleanText(logFileName(this.files[part.file].uri), 200)), part.file, part.lines[0]);
        end = addPart(part);
      });
      if (end > start) folds.push({ startLine: start, endLine: end });
    }

    if (this.loose.length > 0) {
      const parts = [...this.loose].sort(byTime);
      let count = 0;
      for (const p of parts) count += p.lines.length;
      add('');
      const start = add(HEADING + t('Lines without a session · {0}', plural(count, '{0} event', '{0} events')));
      let end = start;
      for (const p of parts) end = addPart(p);
      if (sessions.length > 0) folds.push({ startLine: start, endLine: end });
    }

    return {
      text: lines.join('\n') + '\n', sourceLines, sourceFiles, sources: this.files.map((f) => f.uri), folds,
      files: this.files.length, sessions: sessions.length, events, truncated: this.truncated,
    };
  }

  /**
   * The one-line summary of every merged session: for each header, a small log made of that header
   * and the lines of its sessions (all files) is parsed once and summarised per session.
   */
  private summaries(sessions: MergedSession[]): string[] {
    const out: string[] = new Array(sessions.length);
    const byHeader = new Map<number, number[]>();
    sessions.forEach((s, k) => {
      if (s.parts.length === 1 && s.parts[0].summary !== undefined) {
        out[k] = s.parts[0].summary;
        return;
      }
      let list = byHeader.get(s.header);
      if (!list) byHeader.set(s.header, (list = []));
      list.push(k);
    });
    const memo = this.memo;
    for (const [header, list] of byHeader) {
      const chunks: string[] = [];
      if (this.headers[header]) chunks.push(this.headers[header]);
      for (const k of list) for (const p of sessions[k].parts) chunks.push(p.text);
      const firstFile = sessions[list[0]].parts[0].file;
      const model = parseLog(chunks.join('\n') + '\n', { uri: this.files[firstFile].uri });
      for (const k of list) {
        const si = model.sessionById.get(sessions[k].id);
        out[k] = si === undefined ? cleanText(sessions[k].id, 300) : oneLineSummary(getSessionSummary(model, si), memo);
      }
    }
    return out;
  }
}

/** Characters of the text of some records (what `add` keeps of a session). */
function sessionChars(model: LogModel, records: readonly number[]): number {
  let n = 0;
  const { start, end } = model.records;
  for (const ri of records) n += end[ri] - start[ri] + 1;
  return n;
}

/** Characters of record text in a model (what `add` would keep). */
function recordChars(model: LogModel): number {
  let n = 0;
  const { start, end, length } = model.records;
  for (let ri = 0; ri < length; ri++) n += end[ri] - start[ri] + 1;
  return n;
}

/** Earlier first time first; parts without a time keep the order they were read in. */
function byTime(a: Part, b: Part): number {
  const ta = Number.isNaN(a.firstTime) ? Infinity : a.firstTime;
  const tb = Number.isNaN(b.firstTime) ? Infinity : b.firstTime;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.order - b.order;
}

export function createFolderView(options?: FolderViewOptions): FolderViewBuilder {
  return new FolderViewBuilder(options);
}
