/**
 * Document highlights: every line of the session under the cursor. Besides showing the session at a
 * glance, this makes the editor's own "next / previous highlight" (F7 / Shift+F7 in VS Code) step
 * through the session's lines, in any LSP client.
 */
import { DocumentHighlight, DocumentHighlightKind, Position } from 'vscode-languageserver-types';
import { LogModel } from '../model/logModel';
import { lineRange } from '../util/positions';
import { sessionAtLine } from './navigation';

export function getDocumentHighlights(model: LogModel, position: Position): DocumentHighlight[] {
  const at = sessionAtLine(model, position.line);
  if (!at) return [];
  // File order: editors step through highlights by position anyway.
  return at.session.records.map((ri) => ({
    range: lineRange(model, model.records.line[ri]),
    kind: DocumentHighlightKind.Text,
  }));
}
