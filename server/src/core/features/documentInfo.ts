/** What the status bar shows: the log kind, and for the cursor line its session and "event k of n". */
import { Position } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { LogModel, fieldValue } from '../model/logModel';
import { sanitizeControls, truncate } from '../util/markdown';
import type { DocumentInfo } from '../../../../protocol/src/documentTypes';

export function getDocumentInfo(model: LogModel, position?: Position): DocumentInfo {
  const info: DocumentInfo = {
    kind: model.kind,
    kindName: kindName(model.kind),
    records: model.records.length,
    sessions: model.sessions.length,
  };
  if (position && position.line >= 0 && position.line < model.lineRecord.length) {
    const ri = model.lineRecord[position.line];
    if (ri >= 0) {
      const rec = model.records.get(ri);
      if (rec.session >= 0) {
        const s = model.sessions[rec.session];
        const first = model.records.get(s.records[0]);
        const l = first.layout;
        const remote = fieldValue(model, first, l.remote >= 0 ? l.remote : l.kind === 'connectivity' ? l.lower.indexOf('destination') : l.user);
        info.session = {
          id: sanitizeControls(s.id),
          remote: remote ? truncate(sanitizeControls(remote), 80) : undefined,
          eventIndex: s.ordered.indexOf(ri) + 1,
          eventCount: s.records.length,
        };
      }
    }
  }
  return info;
}
