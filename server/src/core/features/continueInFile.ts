/**
 * "Continue in next/previous file": a session that has no disconnect (no connect) event in this
 * file continues in the next (began in the previous) file of the same log, its roll-over sibling
 * (`model/fileNames.ts`). The client lists the folder; this decides which files to look in
 * (nearest first) and where the session is in the file it opened.
 */
import { Position } from 'vscode-languageserver-types';
import { t } from '../l10n';
import { fileNameOf, neighbourLogFiles } from '../model/fileNames';
import { LogModel } from '../model/logModel';
import { logFileName } from '../util/fileName';
import { displayId, sessionAtLine, sessionIdRange } from './navigation';
import { getSessionSummary } from '../summary/sessionSummary';
import type { ContinuationResult, ContinueDirection, SessionEdgeResult } from '../../../../protocol/src/multiFileTypes';

/** At most this many neighbouring files are offered (a session rarely spans more than a roll-over or two). */
const MAX_CANDIDATES = 3;

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
  const files = neighbourLogFiles(fileNameOf(model.uri), siblings, direction, MAX_CANDIDATES);
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
