/**
 * The content sniff: is a text whose name says nothing (a `.log` file of another name, an untitled
 * editor) an Exchange log? Yes when its first lines are an Exchange or IIS SMTP header, or when they
 * have the shape of header-less Exchange records as the kind inference reads them (an excerpt
 * pasted from a ticket). Ordinary logs (npm, syslog, web servers, applications) are not.
 */
import type { SniffResult } from '../../../../protocol/src/documentTypes';
import { inferKindFromValues } from './kinds';
import { parseLog } from './logModel';
import { splitLine } from './scanner';

/** How much of the start of a document is read. */
export const SNIFF_LINES = 30;
const SNIFF_CHARS = 64 * 1024;
/** Record lines looked at: when this many do not make an Exchange log, the answer is final. */
const SAMPLE_RECORDS = 10;
/** Share of the record lines looked at that must have the shape of an Exchange kind. */
const SHAPE_SHARE = 2 / 3;

export function sniffLog(text: string): SniffResult {
  const head = text.slice(0, SNIFF_CHARS).replace(/^\uFEFF/, '');
  const lines = head.split(/\r\n|\r|\n/, SNIFF_LINES);
  const header = headerVerdict(lines);
  if (header !== undefined) return header ? { kind: parseLog(head).kind, by: 'header', final: true } : { final: true };
  return shapeVerdict(lines, head);
}

/** `#Software:`, or `Software:` with its `#` eaten by a web page (the parser reads both). */
const SOFTWARE = /^#?Software:\s*/i;

/** True for an Exchange (or IIS SMTP service) header, false for another `#Software`, undefined without one. */
function headerVerdict(lines: readonly string[]): boolean | undefined {
  // A bare CSV field-name row may precede the header (CSV-compatible logs).
  const fieldNamesFirst = lines.length > 1 && !lines[0].startsWith('#') && !SOFTWARE.test(lines[0]) && SOFTWARE.test(lines[1]);
  const first = fieldNamesFirst ? lines[1] : lines[0];
  if (!SOFTWARE.test(first)) return undefined;
  const software = first.replace(SOFTWARE, '');
  if (/^Microsoft Exchange/i.test(software)) return true;
  if (/^Microsoft Internet Information Services/i.test(software)) return lines.some((l) => /SMTPSVC|MSExchange/i.test(l));
  return false;
}

/**
 * Header-less: most record lines must have the shape of an Exchange kind (an excerpt may mix logs,
 * or carry a stray line). W3C lines do not count: any space-separated log with a date and a time
 * has their shape.
 */
function shapeVerdict(lines: readonly string[], head: string): SniffResult {
  const records = lines.filter((l) => l.trim() !== '' && !l.startsWith('#')).slice(0, SAMPLE_RECORDS);
  let exchange = 0;
  for (const line of records) {
    const kind = inferKindFromValues(splitLine(line));
    if (kind !== undefined && kind !== 'w3c') exchange++;
  }
  if (exchange > 0 && exchange >= records.length * SHAPE_SHARE) return { kind: parseLog(head).kind, by: 'lines', final: true };
  return { final: records.length >= SAMPLE_RECORDS };
}
