/**
 * Sessions that cross a roll-over: Exchange closes the hour's file with sessions still open and goes on
 * writing them in the next file of the same folder (no disconnect in the first file, no connect in the
 * next, the same session id). The parts of such a session are read again as one text with the core
 * parser and summarised by the same rules as any other session, so a session has one verdict whether it
 * sits in one file or spans several.
 */
import { parseLog } from '../model/logModel';
import { getSessionSummary } from '../summary/sessionSummary';
import { addSessionRow } from './part';
import { Part } from './part';
import { S, SESSION_COLUMNS, SESSION_LISTS, SessionFlag } from './schema';
import { Table, TableBuilder } from './table';

/** Where one part of a joined session is: the part's place in its chain and its row there. */
export interface JoinMember {
  part: number;
  row: number;
}

export interface JoinResult {
  /** One row per joined session, in the session table's columns. */
  table: Table<typeof SESSION_COLUMNS>;
  /** Per joined row, its parts in order (two or more). */
  members: JoinMember[][];
}

/** At most this many parts are joined into one session (a session open for days is cut there). */
const MAX_PARTS = 48;

/**
 * Joins the sessions of a chain of parts (one folder's log family in time order, or the chunks of one
 * file): a session open at the end of part i and open at the start of part i + 1 with the same id and
 * kind is one session.
 */
export function joinChain(parts: readonly Pick<Part, 'meta' | 'sessions'>[]): JoinResult {
  const builder = new TableBuilder(SESSION_COLUMNS, SESSION_LISTS);
  const members: JoinMember[][] = [];
  /** Sessions carried from the previous part: id → text so far and members. */
  let carried = new Map<string, { kind: string; header: string; text: string; members: JoinMember[] }>();
  const finish = (c: { header: string; text: string; members: JoinMember[] }, id: string) => {
    if (c.members.length < 2) return;
    const model = parseLog(c.header + c.text, { version: 0 });
    const index = model.sessionById.get(id);
    if (index === undefined) return;
    const summary = getSessionSummary(model, index);
    const first = c.members[0], last = c.members[c.members.length - 1];
    const row = addSessionRow(builder, summary, (l) => l);
    const firstRows = parts[first.part].sessions, lastRows = parts[last.part].sessions;
    builder.set(row, S.firstLine, firstRows.column(S.firstLine)[first.row]);
    builder.set(row, S.lastLine, lastRows.column(S.lastLine)[last.row]);
    const openStart = firstRows.column(S.flags)[first.row] & SessionFlag.OpenStart;
    const flags = (summary.tarpit ? SessionFlag.Tarpit : 0) | openStart | (summary.continuesAfterFile ? SessionFlag.OpenEnd : 0);
    builder.set(row, S.flags, flags);
    members.push(c.members);
  };
  for (let p = 0; p < parts.length; p++) {
    const meta = parts[p].meta;
    const next = new Map<string, { kind: string; header: string; text: string; members: JoinMember[] }>();
    const continuing = new Set<string>();
    for (const open of meta.openStart) {
      const c = carried.get(open.id);
      if (!c || c.kind !== open.kind || c.members.length >= MAX_PARTS) continue;
      c.text += open.text;
      c.members.push({ part: p, row: open.row });
      continuing.add(open.id);
      if (meta.openEnd.some((e) => e.id === open.id && e.row === open.row)) next.set(open.id, c);
      else finish(c, open.id);
    }
    for (const [id, c] of carried) if (!continuing.has(id)) finish(c, id);
    for (const open of meta.openEnd) {
      if (next.has(open.id)) continue;
      next.set(open.id, { kind: open.kind, header: meta.header, text: open.text, members: [{ part: p, row: open.row }] });
    }
    carried = next;
  }
  for (const [id, c] of carried) finish(c, id);
  return { table: new Table(SESSION_COLUMNS, builder.build()), members };
}
