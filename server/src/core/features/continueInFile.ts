/**
 * "Continue in next/previous file": a session that has no disconnect (no connect) event in this
 * file continues in the next (began in the previous) file of the same log, which Exchange names
 * `RECVyyyyMMddhh-n.LOG`, `SENDyyyyMMddhh-n.LOG`, `CONNECTLOGyyyyMMddhh-n.LOG`,
 * `MSGTRKyyyyMMddhh-n.LOG`, `POP3BEyyyyMMdd-n.LOG`… The client lists the folder; this decides
 * which files to look in (nearest first) and where the session is in the file it opened.
 */
import { Position } from 'vscode-languageserver-types';
import { t } from '../l10n';
import { LogModel } from '../model/logModel';
import { logFileName } from '../util/fileName';
import { displayId, sessionAtLine, sessionIdRange } from './navigation';
import { getSessionSummary } from './sessionSummary';
import type { ContinuationResult, ContinueDirection, SessionEdgeResult } from '../../../../protocol/src/multiFileTypes';

/** At most this many neighbouring files are offered (a session rarely spans more than a roll-over or two). */
const MAX_CANDIDATES = 3;

interface NameKey {
  /** Lower-case prefix and extension: the log's family (`recv|.log`). */
  family: string;
  /** Digits of the date (and hour), compared as text of equal length. */
  stamp: string;
  /** The `-n` counter, compared as a number. */
  counter: number;
}

/** `RECV2024030510-12.LOG` → family `recv|.log`, stamp `2024030510`, counter 12. */
export function logNameKey(name: string): NameKey {
  const m = /^(.*?)(\d{6,14})(?:-(\d+))?(\.[^.]*)?$/.exec(name);
  if (!m) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? name.slice(dot).toLowerCase() : '';
    return { family: `${name.replace(/\d+/g, '').replace(/\.[^.]*$/, '').toLowerCase()}|${ext}`, stamp: '', counter: 0 };
  }
  return { family: `${m[1].toLowerCase()}|${(m[4] ?? '').toLowerCase()}`, stamp: m[2], counter: m[3] ? +m[3] : 0 };
}

function compareKeys(a: NameKey, b: NameKey): number {
  if (a.stamp.length !== b.stamp.length) return a.stamp.length - b.stamp.length;
  if (a.stamp !== b.stamp) return a.stamp < b.stamp ? -1 : 1;
  return a.counter - b.counter;
}

/** Log files of `names` ordered as Exchange writes them (date, hour, then counter), grouped by family. */
export function sortLogFileNames(names: readonly string[]): string[] {
  return names
    .map((name) => ({ name, key: logNameKey(name) }))
    .sort((a, b) => (a.key.family !== b.key.family ? (a.key.family < b.key.family ? -1 : 1) : compareKeys(a.key, b.key) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    .map((x) => x.name);
}

/** The files of the same family as `current` after (before) it, nearest first. */
export function neighbourLogFiles(current: string, names: readonly string[], direction: ContinueDirection, max = MAX_CANDIDATES): string[] {
  const here = logNameKey(current);
  const same = names.filter((n) => n !== current && logNameKey(n).family === here.family);
  const sorted = sortLogFileNames(same);
  const keyed = sorted.map((name) => ({ name, cmp: compareKeys(logNameKey(name), here) || (name < current ? -1 : 1) }));
  const out = direction === 'next'
    ? keyed.filter((x) => x.cmp > 0).map((x) => x.name)
    : keyed.filter((x) => x.cmp < 0).map((x) => x.name).reverse();
  return out.slice(0, max);
}

/** What to do for the session at `position`: where it continues, or why it does not. */
export function getContinuation(model: LogModel, position: Position, direction: ContinueDirection, siblings: readonly string[]): ContinuationResult {
  const at = sessionAtLine(model, position.line);
  if (!at) return { direction, continues: false, files: [], message: t('This line belongs to no session.') };
  const s = getSessionSummary(model, at.session.index);
  const id = displayId(s.id);
  if (direction === 'next' && !s.continuesAfterFile) {
    return { direction, sessionId: s.id, continues: false, files: [], message: t('Session {0} ends in this file: its disconnect is here.', id) };
  }
  if (direction === 'previous' && !s.startsBeforeFile) {
    return { direction, sessionId: s.id, continues: false, files: [], message: t('Session {0} begins in this file: its connect is here.', id) };
  }
  const files = neighbourLogFiles(logFileName(model.uri), siblings, direction);
  if (files.length === 0) {
    const message = direction === 'next'
      ? t('Session {0} continues after this file, but the folder has no later log of the same kind.', id)
      : t('Session {0} began before this file, but the folder has no earlier log of the same kind.', id);
    return { direction, sessionId: s.id, continues: true, files, message };
  }
  return { direction, sessionId: s.id, continues: true, files, message: t('Session {0} continues in {1}.', id, files[0]) };
}

/** Where a session is in a file: its first line (coming from the previous file) or its last. */
export function getSessionEdge(model: LogModel, sessionId: string, edge: 'first' | 'last'): SessionEdgeResult {
  const si = model.sessionById.get(sessionId);
  const name = logFileName(model.uri);
  if (si === undefined) return { sessionId, message: t('Session {0} is not in {1}.', displayId(sessionId), name) };
  const records = model.sessions[si].records;
  const ri = edge === 'first' ? records[0] : records[records.length - 1];
  const range = sessionIdRange(model, ri);
  return { sessionId, position: range.start, range, message: t('Session {0} continues in {1}.', displayId(sessionId), name) };
}
