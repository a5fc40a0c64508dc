/** Moving the cursor to a place the server named, the same way for every command and the overview. */
import * as vscode from 'vscode';
import type { Position, Range } from '../../protocol/src/index';

/** Puts the cursor at `at` and scrolls `range` (by default the cursor's place) into view, centred when it was outside. */
export function revealAt(editor: vscode.TextEditor, at: Position, range: Range = { start: at, end: at }): void {
  const cursor = new vscode.Position(at.line, at.character);
  editor.selection = new vscode.Selection(cursor, cursor);
  editor.revealRange(new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
