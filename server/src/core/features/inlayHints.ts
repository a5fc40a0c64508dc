/**
 * Inlay hints (off unless enabled): after the time of an event, the time since the previous event
 * of the same session (sequence order) where it is at least the threshold: a stall, a tarpit, a
 * slow DNS or authentication lookup.
 */
import { InlayHint, Range } from 'vscode-languageserver-types';
import { t } from '../l10n';
import { LineType, LogModel, recordFields } from '../model/logModel';
import { shortSessionId } from '../summary/labels';
import { formatDuration } from '../util/format';

export const DEFAULT_GAP_THRESHOLD_MS = 5000;

export interface InlayHintOptions {
  /** Smallest gap shown, in milliseconds (default 5000). */
  thresholdMs?: number;
}

const previousCache = new WeakMap<LogModel, Int32Array>();

/** For each record, the record before it in its session's sequence order, or -1. */
function previousInSession(model: LogModel): Int32Array {
  let prev = previousCache.get(model);
  if (prev) return prev;
  prev = new Int32Array(model.records.length).fill(-1);
  for (const s of model.sessions) {
    for (let i = 1; i < s.ordered.length; i++) prev[s.ordered[i]] = s.ordered[i - 1];
  }
  previousCache.set(model, prev);
  return prev;
}

export function getInlayHints(model: LogModel, range: Range, options: InlayHintOptions = {}): InlayHint[] {
  const threshold = Math.max(0, options.thresholdMs ?? DEFAULT_GAP_THRESHOLD_MS);
  const out: InlayHint[] = [];
  const from = Math.max(0, range.start.line);
  const to = Math.min(model.lineStarts.length - 1, range.end.line);
  if (to < from || model.sessions.length === 0) return out;
  const prev = previousInSession(model);
  for (let line = from; line <= to; line++) {
    if (model.lineType[line] !== LineType.Record) continue;
    const ri = model.lineRecord[line];
    const p = prev[ri];
    if (p < 0) continue;
    const rec = model.records.get(ri);
    const before = model.records.get(p);
    const gap = rec.time - before.time;
    if (!(gap >= threshold) || rec.layout.time < 0) continue;
    const spans = recordFields(model, rec);
    const col = rec.layout.time;
    if (col * 2 + 1 >= spans.length) continue;
    const character = spans[col * 2 + 1] - model.lineStarts[line];
    const duration = formatDuration(gap);
    out.push({
      position: { line, character },
      label: `+${duration}`,
      paddingLeft: true,
      tooltip: t('{0} since the previous event of session {1} (line {2})', duration, shortSessionId(model.sessions[rec.session].id), before.line + 1),
    });
  }
  return out;
}
