/**
 * The sessions a search found, as one read-only view in the style of the grouped view: sessions
 * contiguous in the time order of their first line, a one-line summary above each (with its server and
 * file), one fold per session, every line tied to its own file and line. Pure: the files are read by the
 * caller (`readText`), each file that holds a shown session once; the core parses the lines around the
 * sessions wanted (with the header in force there: a 10 MB hourly log is not parsed whole for three of its
 * sessions) and keeps the matching sessions, found by their id and the line of their first record. A
 * session that crosses an hourly roll-over is taken from every file of its chain it runs through.
 */
import { plural, t } from '../l10n';
import { FolderViewBuilder, FolderViewCounts, FolderViewData } from '../features/multiFile';
import { cleanText } from '../summary/labels';
import { logFileName } from '../util/fileName';
import { CollectionIndex, SessionRef, UNKNOWN_SERVER } from './collection';
import { S } from './schema';

export interface SearchViewInput {
  /** The query as typed: the view's heading repeats it. */
  query: string;
  /** The matching sessions (any order; more than the view shows is fine). */
  refs: readonly SessionRef[];
  /** How many sessions match (refs may stop short of it). */
  total: number;
  /** The collection is being indexed: the heading says the answer is partial. */
  partial: boolean;
  /** Names a file of the index as a URI (the view's `sources`). */
  uriOf(path: string): string;
  /** A file's whole text, read by the caller; undefined when it cannot be read (its sessions are left out). */
  readText(path: string): string | undefined;
  /** Sessions shown at most (default 2,000). */
  maxSessions?: number;
  /** Characters of log lines kept at most (default 20 million). */
  maxChars?: number;
  /** Files read at most (default 500). */
  maxFiles?: number;
}

export interface SearchViewOutput {
  view: FolderViewData;
  /** Sessions the view shows. */
  shown: number;
  /** Files read. */
  filesRead: number;
}

const DEFAULT_MAX_SESSIONS = 2000;
const DEFAULT_MAX_CHARS = 20_000_000;
const DEFAULT_MAX_FILES = 500;

/** What is taken from one file: sessions by id and first line (where they begin), or by id (where they continue). */
interface FileWant {
  file: number;
  /** Line spans (0-based, inclusive) that hold the sessions wanted. */
  spans: [number, number][];
  /** `id\u0000firstLine` of the sessions that begin in this file, and their keys in the view. */
  starts: Map<string, string>;
  /** Ids of sessions that began in an earlier file of the chain and run through this one, and their keys. */
  continues: Map<string, string>;
}

export function buildSearchView(index: CollectionIndex, input: SearchViewInput): SearchViewOutput {
  const maxSessions = input.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const refs = [...input.refs].sort((a, b) => byStart(a, b));
  const chosen = refs.slice(0, maxSessions);

  // The files to read, in the order of the first session each one holds.
  const wants = new Map<number, FileWant>();
  const want = (file: number) => {
    let w = wants.get(file);
    if (!w) wants.set(file, (w = { file, spans: [], starts: new Map(), continues: new Map() }));
    return w;
  };
  let chains: Map<string, number[]> | undefined;
  chosen.forEach((ref, n) => {
    // the session's key in the view: its parts in several files are one session, another of the same id is not
    const key = String(n);
    const id = ref.table.text(ref.table.column(S.id)[ref.row]) ?? '';
    const firstLine = ref.table.column(S.firstLine)[ref.row];
    const lastLine = ref.table.column(S.lastLine)[ref.row];
    const first = want(ref.file);
    first.starts.set(`${id}\u0000${firstLine}`, key);
    if (ref.lastFile === ref.file) {
      first.spans.push([firstLine, Math.max(firstLine, lastLine)]);
    } else {
      // its last line is in its last file: in the files before, it runs to their end
      first.spans.push([firstLine, Infinity]);
      chains ??= chainsOf(index);
      for (const f of filesBetween(index, chains, ref.file, ref.lastFile)) {
        const w = want(f);
        w.continues.set(id, key);
        w.spans.push([0, f === ref.lastFile ? lastLine : Infinity]);
      }
    }
  });

  const builder = new FolderViewBuilder({ maxChars: input.maxChars ?? DEFAULT_MAX_CHARS, maxFiles: input.maxFiles ?? DEFAULT_MAX_FILES });
  const places = new Map<string, string>();
  let filesRead = 0;
  for (const w of wants.values()) {
    const file = index.file(w.file);
    if (!file) continue;
    const text = input.readText(file.path);
    if (text === undefined) continue;
    filesRead++;
    const uri = input.uriOf(file.path);
    const server = index.factsOf(w.file).server;
    const name = cleanText(logFileName(uri), 200);
    places.set(uri, server === UNKNOWN_SERVER ? name : `${cleanText(server, 100)} · ${name}`);
    const some = linesOf(text, w.spans);
    const added = builder.add(uri, some.text, (id, firstLine) => w.starts.get(`${id}\u0000${firstLine}`) ?? w.continues.get(id), some.lineMap);
    if (!added.accepted) break;
  }

  const view = builder.build(undefined, {
    heading: (c: FolderViewCounts) => {
      const parts = [
        t('Search: {0}', cleanText(input.query, 300)),
        c.sessions < input.total
          ? t('{0} of {1} matching sessions', String(c.sessions), String(input.total))
          : plural(input.total, '{0} matching session', '{0} matching sessions'),
        plural(c.files, '{0} file', '{0} files'),
        plural(c.events, '{0} event', '{0} events'),
      ];
      if (input.partial) parts.push(t('partial: the collection is being indexed'));
      return parts.join(' · ');
    },
    note: (c: FolderViewCounts) => {
      const notes: string[] = [];
      if (c.sessions < input.total) {
        notes.push(t('The view shows the first {0} of {1} matching sessions, in time order (it holds at most {2} sessions and {3} files); narrow the search to see the others.',
          String(c.sessions), String(input.total), String(maxSessions), String(input.maxFiles ?? DEFAULT_MAX_FILES)));
      }
      if (input.partial) notes.push(t('The collection is still being indexed: the files not read yet are not searched.'));
      return notes.length > 0 ? notes.join(' ') : undefined;
    },
    listFiles: false,
    sessionPlace: (uri) => places.get(uri),
    empty: t('No session matches this search.'),
  });
  return { view, shown: view.sessions, filesRead };
}

/**
 * The lines of `text` in `spans` (0-based, inclusive; in any order), each preceded by the header block in
 * force at it (the directive lines before it, once per block), and the file line of each line taken.
 */
export function linesOf(text: string, spans: readonly (readonly [number, number])[]): { text: string; lineMap: number[] } {
  const merged = [...spans].sort((a, b) => a[0] - b[0]).reduce<[number, number][]>((out, [a, b]) => {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
    return out;
  }, []);
  const lines: string[] = [];
  const lineMap: number[] = [];
  if (merged.length === 0) return { text: '', lineMap };
  const end = merged[merged.length - 1][1];
  let header: { line: number; start: number; end: number }[] = [];
  let inHeader = false;
  let headerTaken = false;
  let span = 0;
  for (let line = 0, pos = 0; pos < text.length && line <= end; line++) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const c = text.charCodeAt(pos);
    const directive = c === 35 /* # */ || (c === 0xfeff && text.charCodeAt(pos + 1) === 35);
    if (directive) {
      if (!inHeader) {
        header = [];
        inHeader = true;
        headerTaken = false;
      }
      header.push({ line, start: pos, end: nl });
    } else {
      inHeader = false;
      while (span < merged.length && merged[span][1] < line) span++;
      if (span < merged.length && merged[span][0] <= line) {
        if (!headerTaken) {
          for (const h of header) {
            lines.push(text.slice(h.start, h.end));
            lineMap.push(h.line);
          }
          headerTaken = true;
        }
        lines.push(text.slice(pos, nl));
        lineMap.push(line);
      }
    }
    pos = nl + 1;
  }
  return { text: lines.join('\n') + '\n', lineMap };
}

/** Earlier first; sessions without a time last; then by file and line. */
function byStart(a: SessionRef, b: SessionRef): number {
  const ta = a.table.column(S.start)[a.row], tb = b.table.column(S.start)[b.row];
  const ka = Number.isFinite(ta) ? ta : Infinity, kb = Number.isFinite(tb) ? tb : Infinity;
  if (ka !== kb) return ka < kb ? -1 : 1;
  if (a.file !== b.file) return a.file - b.file;
  return a.table.column(S.firstLine)[a.row] - b.table.column(S.firstLine)[b.row];
}

/** The files of each chain (one folder's log family) in time order. */
function chainsOf(index: CollectionIndex): Map<string, number[]> {
  const chains = new Map<string, number[]>();
  for (const [i] of index.files()) {
    const chain = index.factsOf(i).chain;
    let list = chains.get(chain);
    if (!list) chains.set(chain, (list = []));
    list.push(i);
  }
  for (const list of chains.values()) {
    list.sort((a, b) => {
      const fa = index.factsOf(a).firstTime, fb = index.factsOf(b).firstTime;
      if (fa !== fb && Number.isFinite(fa) && Number.isFinite(fb)) return fa - fb;
      const pa = index.file(a)!.path, pb = index.file(b)!.path;
      return pa < pb ? -1 : pa > pb ? 1 : 0;
    });
  }
  return chains;
}

/** The files after `first` up to `last` in their chain (a session that runs through them). */
function filesBetween(index: CollectionIndex, chains: Map<string, number[]>, first: number, last: number): number[] {
  const list = chains.get(index.factsOf(first).chain) ?? [];
  const a = list.indexOf(first), b = list.indexOf(last);
  if (a < 0 || b < 0 || b <= a) return [last];
  return list.slice(a + 1, b + 1);
}
