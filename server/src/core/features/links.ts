/**
 * Linked logs: the cross-document index over several models (the documents the server has open).
 * - A connectivity log `session` and the SMTP Send protocol log `session-id` of the same connection.
 * - A receive log `*` line with context `receiving message` and data `SESSIONID;time;n`, and the
 *   message tracking entries whose `source-context` has that value.
 * - A front-end send log line `Proxying inbound session with session id X` and receive session X.
 * Pure: models in, locations out. The entries of one model are computed once per model object
 * (a model is immutable; a new document version is a new model).
 */
import { Location, Position, Range } from 'vscode-languageserver-types';
import { fileDateOf, fileNameOf, folderOf, linkedKind, parseLogFileName } from '../model/fileNames';
import type { LogKind } from '../model/kinds';
import { LogModel, LogRecord, fieldValue, recordFields, sessionColumn } from '../model/logModel';
import { spanOnLine } from '../util/positions';
import { sessionAtLine, sessionIdRange } from './navigation';
import type { LinkedTargetResult } from '../../../../protocol/src/multiFileTypes';

/** The temporary message id a receive session gives a message, as message tracking repeats it. */
const MESSAGE_KEY = /^[0-9A-Fa-f]{16};[^;\s]+;\d+$/;
const PROXYING = /^Proxying inbound session with session id ([0-9A-Fa-f]{16})\b/i;

/** One linkable field of a record. */
interface Anchor {
  record: number;
  /** Absolute offsets of the field. */
  start: number;
  end: number;
  /** The key it links by. */
  key: string;
}

/** What one model contributes to the index. */
interface ModelEntries {
  /** Receive log: `receiving message` data fields. */
  receiving: Anchor[];
  /** Message tracking: `source-context` fields of the `sessionid;time;n` form. */
  tracking: Anchor[];
  /** Send log: `Proxying inbound session …` fields, keyed by the receive session id. */
  proxies: Anchor[];
}

const entryCache = new WeakMap<LogModel, ModelEntries>();

function entriesOf(model: LogModel): ModelEntries {
  const cached = entryCache.get(model);
  if (cached) return cached;
  const e: ModelEntries = { receiving: [], tracking: [], proxies: [] };
  for (const rec of model.records) {
    const l = rec.layout;
    if (l.kind === 'messageTracking') {
      if (l.context < 0) continue;
      const spans = recordFields(model, rec);
      const v = fieldValue(model, rec, l.context, spans);
      if (v && MESSAGE_KEY.test(v.trim())) e.tracking.push(anchor(rec, spans, l.context, v.trim().toUpperCase()));
      continue;
    }
    if ((l.kind !== 'smtpReceive' && l.kind !== 'smtpSend') || rec.event !== '*') continue;
    const spans = recordFields(model, rec);
    const context = (fieldValue(model, rec, l.context, spans) ?? '').trim();
    const data = (fieldValue(model, rec, l.data, spans) ?? '').trim();
    if (/^receiving message$/i.test(context) && MESSAGE_KEY.test(data)) {
      e.receiving.push(anchor(rec, spans, l.data, data.toUpperCase()));
      continue;
    }
    const inContext = PROXYING.exec(context);
    const inData = inContext ? null : PROXYING.exec(data);
    const m = inContext ?? inData;
    if (m) e.proxies.push(anchor(rec, spans, inContext ? l.context : l.data, m[1].toUpperCase()));
  }
  entryCache.set(model, e);
  return e;
}

function anchor(rec: LogRecord, spans: number[], col: number, key: string): Anchor {
  return { record: rec.index, start: spans[col * 2], end: spans[col * 2 + 1], key };
}

function anchorLocation(model: LogModel, a: Anchor): Location {
  return { uri: model.uri, range: spanOnLine(model, model.records.line[a.record], a.start, a.end) };
}

/** Where a session of another log starts: its session-id field on its first event (sequence order). */
function sessionLocation(model: LogModel, sessionIndex: number): Location {
  return { uri: model.uri, range: sessionIdRange(model, model.sessions[sessionIndex].ordered[0]) };
}

function findSession(model: LogModel, id: string): number | undefined {
  return model.sessionById.get(id) ?? model.sessionById.get(id.toUpperCase());
}

function inside(model: LogModel, position: Position, line: number, start: number, end: number): boolean {
  const ls = model.lineStarts[line];
  return position.line === line && position.character >= start - ls && position.character <= end - ls;
}

/** The counterpart log kind of a session's log, for the session links. */
function partnerKind(model: LogModel): LogKind | undefined {
  return linkedKind(model.kind, 'session');
}

/**
 * Locations in `others` linked to the field under the cursor (the cursor's own document is skipped
 * if it is among them). Empty when the field links to nothing that is open.
 */
export function getLinkedLocations(model: LogModel, position: Position, others: readonly LogModel[]): Location[] {
  const ri = model.lineRecord[position.line] ?? -1;
  if (ri < 0 || position.line >= model.lineRecord.length) return [];
  const rec = model.records.get(ri);
  const docs = others.filter((o) => o !== model && o.uri !== model.uri);
  const out: Location[] = [];

  // The session id of a connectivity or send log: the other log's session.
  const partner = partnerKind(model);
  const at = sessionAtLine(model, position.line);
  if (at) {
    const spans = recordFields(model, rec);
    const col = sessionColumn(model, rec, spans);
    if (col >= 0 && col * 2 < spans.length && inside(model, position, rec.line, spans[col * 2], spans[col * 2 + 1])) {
      for (const o of docs) {
        if (partner && o.kind === partner) {
          const si = findSession(o, at.session.id);
          if (si !== undefined) out.push(sessionLocation(o, si));
        }
        // A receive session that a front end proxied: back to the proxying lines.
        if (model.kind === 'smtpReceive' && o.kind === 'smtpSend') {
          const id = at.session.id.toUpperCase();
          for (const a of entriesOf(o).proxies) if (a.key === id) out.push(anchorLocation(o, a));
        }
      }
      if (out.length > 0) return out;
    }
  }

  const mine = entriesOf(model);
  const hit = (list: Anchor[]) => list.find((a) => a.record === ri && inside(model, position, rec.line, a.start, a.end));
  const receiving = hit(mine.receiving);
  if (receiving) {
    for (const o of docs) for (const a of entriesOf(o).tracking) if (a.key === receiving.key) out.push(anchorLocation(o, a));
    return out;
  }
  const tracking = hit(mine.tracking);
  if (tracking) {
    for (const o of docs) for (const a of entriesOf(o).receiving) if (a.key === tracking.key) out.push(anchorLocation(o, a));
    return out;
  }
  const proxy = hit(mine.proxies);
  if (proxy) {
    for (const o of docs) {
      if (o.kind !== 'smtpReceive') continue;
      const si = findSession(o, proxy.key);
      if (si !== undefined) out.push(sessionLocation(o, si));
    }
  }
  return out;
}

/** What the client hands over about the folder of a log: the log files beside it (URIs). */
export interface LinkContext {
  /** The other open models. */
  models: readonly LogModel[];
  /** Log files in the same folder as the document, as the client listed them. */
  siblings?: readonly string[];
  /**
   * Files of the log collection (URIs) that hold sessions of `kind` with these ids, by id: linked
   * logs in other folders, never opened (the connectivity log of a Hub is not beside its send log).
   */
  indexed?: (kind: LogKind, ids: readonly string[]) => ReadonlyMap<string, readonly string[]>;
}

/** A code lens link of one session: which log it opens. */
export interface SessionLink {
  sessionIndex: number;
  target: LogKind;
  /** True when the target is open and has the session; false when only a file of the same folder and date may have it. */
  open: boolean;
}

/**
 * Files of the same folder that may hold the other log of `model` for a day: `SEND*` for a
 * connectivity log, `CONNECTLOG*` for a send log, with the same date in the name.
 */
export function candidateFiles(model: LogModel, siblings: readonly string[], date: string | undefined): string[] {
  const partner = partnerKind(model);
  if (!partner || !date) return [];
  const folder = folderOf(model.uri);
  return siblings.filter((u) => {
    if (u === model.uri || folderOf(u) !== folder) return false;
    const name = parseLogFileName(fileNameOf(u));
    return name?.kind === partner && name.date === date;
  });
}

/** The date (yyyyMMdd) a session's files are named by: the document's own name, else the session's first time (UTC). */
function sessionDate(model: LogModel, sessionIndex: number): string | undefined {
  const own = parseLogFileName(fileNameOf(model.uri))?.date;
  if (own) return own;
  const s = model.sessions[sessionIndex];
  return fileDateOf(model.records.time[s.ordered[0]]);
}

/** The session links of a connectivity or send log (for the code lenses). */
export function getSessionLinks(model: LogModel, context: LinkContext): SessionLink[] {
  const target = partnerKind(model);
  if (!target) return [];
  const partners = context.models.filter((o) => o !== model && o.uri !== model.uri && o.kind === target);
  const siblings = context.siblings ?? [];
  const out: SessionLink[] = [];
  const dates = new Map<string, boolean>();
  const closed = model.sessions.filter((s) => s.records.length > 0 && !partners.some((o) => findSession(o, s.id) !== undefined));
  const open = new Set(partners.map((o) => o.uri));
  const indexed = context.indexed && closed.length > 0 ? context.indexed(target, closed.map((s) => s.id)) : undefined;
  for (const s of model.sessions) {
    if (s.records.length === 0) continue;
    if (!closed.includes(s)) {
      out.push({ sessionIndex: s.index, target, open: true });
      continue;
    }
    if (indexed?.get(s.id)?.some((u) => !open.has(u))) {
      out.push({ sessionIndex: s.index, target, open: false });
      continue;
    }
    if (siblings.length === 0) continue;
    const date = sessionDate(model, s.index);
    if (!date) continue;
    let has = dates.get(date);
    if (has === undefined) {
      has = candidateFiles(model, siblings, date).some((u) => !partners.some((o) => o.uri === u));
      dates.set(date, has);
    }
    if (has) out.push({ sessionIndex: s.index, target, open: false });
  }
  return out;
}

/** Where the link lens (or a linked field) of `line` goes, with files to open when nothing open has it. */
export function getLinkedTarget(model: LogModel, line: number, context: LinkContext): LinkedTargetResult {
  const at = sessionAtLine(model, line);
  if (!at) return { locations: [], candidates: [] };
  const range: Range = sessionIdRange(model, at.session.ordered[0]);
  const locations = getLinkedLocations(model, { line: range.start.line, character: range.start.character }, context.models);
  if (locations.length > 0) return { locations, candidates: [] };
  const open = new Set(context.models.map((m) => m.uri));
  const partner = partnerKind(model);
  const indexed = partner && context.indexed ? context.indexed(partner, [at.session.id]).get(at.session.id) ?? [] : [];
  const inFolder = candidateFiles(model, context.siblings ?? [], sessionDate(model, at.session.index));
  const candidates = [...new Set([...indexed, ...inFolder])].filter((u) => !open.has(u) && u !== model.uri);
  return { locations, candidates };
}
