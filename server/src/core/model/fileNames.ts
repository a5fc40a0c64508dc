/**
 * Exchange log file names: what a name says, and which names belong together. Exchange names a log
 * PREFIX + date (`yyyyMMdd`) + hour (`hh`, hourly logs) + `-n` counter + `.LOG`: `RECV2024030510-1.LOG`,
 * `SEND…`, `CONNECTLOG…`, `MSGTRK…` (and `MSGTRKMS`, `MSGTRKMD`, `MSGTRKMA`), `POP3BE20240305-1.LOG`,
 * `IMAP4BE…`; the IIS SMTP service names its W3C logs `exyyMMdd.log`. A log that grows past its size
 * or its hour goes on in the file with the next counter or the next hour: its roll-over siblings.
 * Case never matters (Windows). Pure: names or URIs in, names out; the client lists folders and asks.
 */
import type { LogKind } from '../../../../protocol/src/commonTypes';

interface LogFamily {
  /** Upper-case start of the name. */
  prefix: string;
  kind: LogKind;
  /** True when letters may follow the prefix (`MSGTRKMS`, `POP3BE`): each spelling is a log of its own. */
  suffixed: boolean;
}

/** The Exchange log families, by the start of their file names. */
const FAMILIES: readonly LogFamily[] = [
  { prefix: 'RECV', kind: 'smtpReceive', suffixed: false },
  { prefix: 'SEND', kind: 'smtpSend', suffixed: false },
  { prefix: 'CONNECTLOG', kind: 'connectivity', suffixed: false },
  { prefix: 'MSGTRK', kind: 'messageTracking', suffixed: true },
  { prefix: 'POP3', kind: 'pop3', suffixed: true },
  { prefix: 'IMAP4', kind: 'imap4', suffixed: true },
];

/** How two kinds of log link: by session id, or by the key of a message. */
export type LinkBy = 'session' | 'message';

/**
 * Logs that tell of the same thing: a connectivity log session is the send log session of the same
 * id; a message a receive session accepted is tracked under that session's key.
 */
const LINKED_KINDS: readonly { kinds: readonly [LogKind, LogKind]; by: LinkBy }[] = [
  { kinds: ['connectivity', 'smtpSend'], by: 'session' },
  { kinds: ['smtpReceive', 'messageTracking'], by: 'message' },
];

/** `PREFIX yyyyMMdd [hh] -n .LOG`, upper case. */
const DATED_NAME = new RegExp(`^(${FAMILIES.map((f) => f.prefix + (f.suffixed ? '[A-Z]*' : '')).join('|')})(\\d{8})(\\d{2})?-(\\d+)\\.LOG$`);
const W3C_NAME = /^EX\d{6}\.LOG$/;

/** The file name of a URI or path, decoded (no path module: the core is pure). */
export function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  let name = path.slice(Math.max(path.lastIndexOf('/'), path.indexOf(':')) + 1);
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep the encoded form
  }
  return name.slice(name.lastIndexOf('\\') + 1);
}

/** The folder of a URI, with its final slash: files of one folder share it. */
export function folderOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/** Kind from the file name Exchange gives the log (`RECV2023011116-1.LOG`, …). */
export function kindFromFileName(uri: string | undefined): LogKind | undefined {
  if (!uri) return undefined;
  const name = fileNameOf(uri).toUpperCase();
  if (!name.endsWith('.LOG')) return undefined;
  const family = FAMILIES.find((f) => name.startsWith(f.prefix));
  if (family) return family.kind;
  if (W3C_NAME.test(name)) return 'w3c';
  return undefined;
}

/** What a dated Exchange log name says. */
export interface LogFileName {
  kind: LogKind;
  /** `yyyyMMdd`. */
  date: string;
  /** `hh`, for hourly logs. */
  hour?: string;
  counter: number;
}

/** Reads `RECV2024030510-2.LOG` (any case); undefined for any other name. */
export function parseLogFileName(name: string): LogFileName | undefined {
  const m = DATED_NAME.exec(name.toUpperCase());
  if (!m) return undefined;
  const family = FAMILIES.find((f) => m[1].startsWith(f.prefix))!;
  return { kind: family.kind, date: m[2], hour: m[3], counter: Number(m[4]) };
}

/** The kind of log linked to logs of `kind` (only links made `by` that, when given), if any. */
export function linkedKind(kind: LogKind, by?: LinkBy): LogKind | undefined {
  for (const link of LINKED_KINDS) {
    if (by !== undefined && link.by !== by) continue;
    const [a, b] = link.kinds;
    if (a === kind) return b;
    if (b === kind) return a;
  }
  return undefined;
}

/** The files of a folder listing (URIs or names) that are Exchange logs linked to other logs. */
export function linkedLogFiles(files: readonly string[]): string[] {
  return files.filter((f) => {
    const name = parseLogFileName(fileNameOf(f));
    return name !== undefined && linkedKind(name.kind) !== undefined;
  });
}

/** The date (`yyyyMMdd`, UTC) Exchange names the log of a moment by. */
export function fileDateOf(ms: number): string | undefined {
  if (Number.isNaN(ms)) return undefined;
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

// ---- Roll-over siblings: any log named `<name><date and hour>[-n]<.ext>` ----

export interface RollOverKey {
  /** Lower-case name without its date stamp and counter, and extension: the log (`recv|.log`). */
  family: string;
  /** Digits of the date (and hour), compared as text of equal length. */
  stamp: string;
  /** The `-n` counter, compared as a number. */
  counter: number;
}

/** `RECV2024030510-12.LOG` → family `recv|.log`, stamp `2024030510`, counter 12. */
export function rollOverKey(name: string): RollOverKey {
  const m = /^(.*?)(\d{6,14})(?:-(\d+))?(\.[^.]*)?$/.exec(name);
  if (!m) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
    return { family: `${name.replace(/\d+/g, '').replace(/\.[^.]*$/, '').toLowerCase()}|${ext}`, stamp: '', counter: 0 };
  }
  return { family: `${m[1].toLowerCase()}|${(m[4] ?? '').toLowerCase()}`, stamp: m[2], counter: m[3] ? +m[3] : 0 };
}

/** Order of two files of one log: date and hour, then counter. */
export function compareRollOverKeys(a: RollOverKey, b: RollOverKey): number {
  if (a.stamp.length !== b.stamp.length) return a.stamp.length - b.stamp.length;
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? -1 : 1;
  return a.counter - b.counter;
}

/** Log files of `names` ordered as Exchange writes them (date, hour, then counter), grouped by log. */
export function sortLogFileNames(names: readonly string[]): string[] {
  return names
    .map((name) => ({ name, key: rollOverKey(name) }))
    .sort((a, b) => (a.key.family !== b.key.family ? (a.key.family < b.key.family ? -1 : 1) : compareRollOverKeys(a.key, b.key) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    .map((x) => x.name);
}

/** The roll-over siblings of `current` among `names` after (before) it, nearest first, at most `max`. */
export function neighbourLogFiles(current: string, names: readonly string[], direction: 'next' | 'previous', max = Infinity): string[] {
  const here = rollOverKey(current);
  const same = names.filter((n) => n !== current && rollOverKey(n).family === here.family);
  const sorted = sortLogFileNames(same);
  const keyed = sorted.map((name) => ({ name, cmp: compareRollOverKeys(rollOverKey(name), here) || (name < current ? -1 : 1) }));
  const out = direction === 'next'
    ? keyed.filter((x) => x.cmp > 0).map((x) => x.name)
    : keyed.filter((x) => x.cmp < 0).map((x) => x.name).reverse();
  return out.slice(0, max);
}
