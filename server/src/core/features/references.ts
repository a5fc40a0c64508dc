/**
 * References and definition on a session id (the `internal-message-id` in message tracking logs):
 * the references are all the session's events, the definition is its first event in sequence order.
 * Only the session-id field itself answers, so other fields stay free for other features.
 */
import { Location, Position } from 'vscode-languageserver-types';
import { LogModel, recordFields, sessionColumn } from '../model/logModel';
import { sessionAtLine, sessionIdRange } from './navigation';

/** The session whose id field is under the cursor, if any. */
function sessionIdAt(model: LogModel, position: Position) {
  const at = sessionAtLine(model, position.line);
  if (!at) return undefined;
  const rec = model.records.get(at.record);
  const spans = recordFields(model, rec);
  const col = sessionColumn(model, rec, spans);
  if (col < 0 || col * 2 >= spans.length) return undefined;
  const ls = model.lineStarts[rec.line];
  const start = spans[col * 2] - ls;
  const end = spans[col * 2 + 1] - ls;
  if (position.character < start || position.character > end) return undefined;
  return at;
}

export function getReferences(model: LogModel, position: Position, includeDeclaration = true): Location[] {
  const at = sessionIdAt(model, position);
  if (!at) return [];
  const first = at.session.ordered[0];
  const out: Location[] = [];
  for (const ri of at.session.records) {
    if (!includeDeclaration && ri === first) continue;
    out.push({ uri: model.uri, range: sessionIdRange(model, ri) });
  }
  return out;
}

export function getDefinition(model: LogModel, position: Position): Location | null {
  const at = sessionIdAt(model, position);
  if (!at) return null;
  return { uri: model.uri, range: sessionIdRange(model, at.session.ordered[0]) };
}
