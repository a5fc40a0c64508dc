/**
 * A copy of a string that does not keep a larger string alive. JavaScript engines may return a
 * slice of a big text as a view into it; what we keep after a file has been read (a folder view's
 * lines, a workspace index entry) must not pin the whole file in memory.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** The lines joined into one new string (copied, never a view into the source text). */
export function joinDetached(lines: readonly string[], sep: string): string {
  return lines.length === 1 ? detach(lines[0]) : lines.join(sep);
}
