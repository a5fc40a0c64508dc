/**
 * Sequence numbers: Exchange numbers the lines of each session 0, 1, 2, … . Each session lists the
 * numbers it holds twice and the numbers missing between its lowest and highest, and its records
 * in number order. Most sessions are written in order: their lists are made while the parser reads
 * them; the others are sorted once the reading is done.
 */
import { RecordTable } from './recordTable';
import { Session } from './types';

/**
 * Most missing numbers listed per session. One damaged number (the parser reads up to 15 digits)
 * would otherwise list up to 10^15 of them; the features show the first ten or twenty, count
 * them, and report each gap.
 */
export const MISSING_SEQS_LISTED = 1000;

/** The empty list a new session starts with, shared and never added to (most sessions have no duplicates and no gaps). */
export const NO_SEQS: number[] = [];

/** Notes the step between two numbers that follow each other in number order (`previous` ≤ `next`): a duplicate, or a gap. */
function noteStep(session: Session, previous: number, next: number): void {
  if (next === previous) {
    if (session.duplicateSeqs === NO_SEQS) session.duplicateSeqs = [];
    const duplicates = session.duplicateSeqs;
    if (duplicates.length === 0 || duplicates[duplicates.length - 1] !== next) duplicates.push(next);
  } else if (next > previous + 1) {
    if (session.missingSeqs === NO_SEQS) session.missingSeqs = [];
    const missing = session.missingSeqs;
    for (let seq = previous + 1; seq < next && missing.length < MISSING_SEQS_LISTED; seq++) missing.push(seq);
  }
}

/** The sequence bookkeeping of every session while the parser reads the records in file order. */
export class SequenceTracker {
  /** Per session: the last number read. */
  private readonly last: number[] = [];
  /** Per session: 1 once its numbers went out of order or a record had none, 0 while they are in order. */
  private readonly outOfOrder: number[] = [];

  /** Makes room for the next session. */
  addSession(): void {
    this.last.push(NaN);
    this.outOfOrder.push(0);
  }

  /** Takes the number `seq` (NaN when absent) of the session's next record in file order. */
  read(session: Session, seq: number): void {
    const index = session.index;
    if (this.outOfOrder[index] !== 0) return;
    const last = this.last[index];
    if (seq !== seq || seq < last) this.outOfOrder[index] = 1;
    else if (last === last) noteStep(session, last, seq);
    this.last[index] = seq;
  }

  /**
   * Sets `ordered` of the sessions: their records in file order when they were read in order, else
   * sorted by number, with their duplicates and gaps listed again from that order.
   */
  order(sessions: Iterable<Session>, records: RecordTable): void {
    for (const session of sessions) {
      if (this.outOfOrder[session.index] !== 0) {
        session.duplicateSeqs = NO_SEQS;
        session.missingSeqs = NO_SEQS;
        sortSession(session, records.seq);
      } else {
        session.ordered = session.records;
      }
    }
  }
}

/** Sorts a session's records by sequence number (file order where numbers tie or are absent) and lists its duplicates and gaps. */
function sortSession(session: Session, seqs: Float64Array): void {
  const records = session.records;
  let sorted = true;
  let anySeq = false;
  for (let i = 0; i < records.length; i++) {
    const seq = seqs[records[i]];
    if (!Number.isNaN(seq)) anySeq = true;
    if (i > 0 && !(seqs[records[i - 1]] <= seq)) sorted = false;
  }
  if (!anySeq || sorted) session.ordered = records;
  else {
    session.ordered = records.slice().sort((a, b) => {
      const seqA = seqs[a], seqB = seqs[b];
      if (Number.isNaN(seqA) || Number.isNaN(seqB)) return a - b;
      return seqA - seqB || a - b;
    });
  }
  if (!anySeq) return;
  let previous = NaN;
  for (const record of session.ordered) {
    const seq = seqs[record];
    if (Number.isNaN(seq)) continue;
    if (!Number.isNaN(previous)) noteStep(session, previous, seq);
    previous = seq;
  }
}
