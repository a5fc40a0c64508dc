/**
 * "Go to Time…" over a collection: the time as a person types it, and the hourly file of a server that
 * holds it, with the first line at or after it.
 */
import { t } from '../l10n';
import { LogKind } from '../model/kinds';
import { LogModel } from '../model/logModel';
import { CollectionIndex, fileBaseName, pathKey } from './collection';

/**
 * `2024-03-05 10:15`, `2024-03-05T10:15:30.5Z`, `2024-03-05 10:15 +02:00`, or a time of day alone
 * (`10:15`, on `day`): ms since the epoch, UTC unless a zone is given (Exchange logs are in UTC).
 */
export function parseUserTime(text: string, day?: string): number | undefined {
  const s = text.trim();
  const m = /^(?:(\d{4})-(\d{1,2})-(\d{1,2})[T ]+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(s)
    ?? /^(\d{4})-(\d{1,2})-(\d{1,2})()()()()\s*(Z|UTC)?$/i.exec(s);
  if (!m) return undefined;
  let [y, mo, d] = [m[1], m[2], m[3]];
  if (!y) {
    const dm = day ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(day) : null;
    if (!dm) return undefined;
    [y, mo, d] = [dm[1], dm[2], dm[3]];
  }
  const hour = m[4] ? +m[4] : 0, minute = m[5] ? +m[5] : 0, second = m[6] ? +m[6] : 0, ms = m[7] ? +m[7].padEnd(3, '0') : 0;
  if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let time = Date.UTC(+y, +mo - 1, +d, hour, minute, second, ms);
  const zone = m[8];
  if (zone && !/^(?:Z|UTC)$/i.test(zone)) {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offset = (+z[2] * 60 + +z[3]) * 60_000;
    time -= z[1] === '+' ? offset : -offset;
  }
  return Number.isFinite(time) ? time : undefined;
}

export interface GoToTimeOptions {
  /** The path of the current log: its server and kind are looked in first, its day completes a bare time. */
  current?: string;
  server?: string;
  kind?: LogKind;
  /** The index is still being built (the answer says so). */
  partial?: boolean;
  /**
   * The line of the first record at or after `time` in a file, read from the file itself (the index
   * keeps the times of sessions and events, not of every line); undefined to keep the index's line.
   */
  lineInFile?: (path: string, time: number) => number | undefined;
}

export interface GoToTimeAnswer {
  path?: string;
  line: number;
  message: string;
}

/** The line of the first record (in file order) whose time is at or after `time`, if any. */
export function firstLineAtOrAfter(model: LogModel, time: number): number | undefined {
  const times = model.records.time;
  for (let i = 0; i < model.records.length; i++) if (times[i] >= time) return model.records.line[i];
  return undefined;
}

export function goToTime(collection: CollectionIndex, text: string, options: GoToTimeOptions = {}): GoToTimeAnswer {
  let server = options.server, kind = options.kind, day: string | undefined, chain: string | undefined;
  if (options.current) {
    for (const [i, f] of collection.files()) {
      if (pathKey(f.path) !== pathKey(options.current)) continue;
      const facts = collection.factsOf(i);
      server ??= facts.server;
      kind ??= facts.kind;
      day = facts.day;
      // The current log's own files first: a FrontEnd receive log goes on in FrontEnd receive logs, not the Hub's.
      if (facts.server === server && facts.kind === kind) chain = facts.chain;
    }
  }
  const time = parseUserTime(text, day);
  if (time === undefined) return { line: 0, message: t('Not a time: {0}. Write it as 2024-03-05 10:15 (UTC) or 2024-03-05T10:15:00+02:00.', text) };
  const found = (chain !== undefined ? collection.fileAtTime(time, server, kind, chain) : undefined)
    ?? collection.fileAtTime(time, server, kind) ?? collection.fileAtTime(time, server) ?? collection.fileAtTime(time);
  const when = new Date(time).toISOString().replace('T', ' ').replace(/\.000Z$/, 'Z');
  if (!found) {
    const message = t('No log of the collection covers {0} or later.', when);
    return { line: 0, message: options.partial ? `${message} ${t('(The collection is still being indexed.)')}` : message };
  }
  const name = fileBaseName(found.path);
  const line = options.lineInFile?.(found.path, time) ?? found.line;
  return { path: found.path, line, message: t('{0}: line {1}, the first event at or after {2}.', name, String(line + 1), when) };
}
