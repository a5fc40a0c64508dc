/**
 * Field values of one record, decoded by `csv-parse`. The whole-file pass uses the offset scanner
 * (proved equal to csv-parse by a property test); features that show a record's values to a person
 * decode that record with csv-parse, and fall back to the scanner's values when the line is not valid CSV.
 */
import { parse } from 'csv-parse/sync';
import { LogModel, LogRecord, recordFields } from './logModel';
import { decodeField } from './scanner';

export function recordValues(model: LogModel, rec: LogRecord, spans?: number[]): string[] {
  const text = model.text.slice(rec.start, rec.end);
  if (rec.layout.delimiter === ',' && text.length > 0) {
    try {
      const rows = parse(text, { delimiter: ',', quote: '"', escape: '"', relax_column_count: true, skip_empty_lines: false }) as string[][];
      if (rows.length === 1) return rows[0];
    } catch {
      // not valid CSV: use what the tolerant scanner made of it
    }
  }
  const sp = spans ?? recordFields(model, rec);
  const out: string[] = [];
  for (let i = 0; i < sp.length; i += 2) out.push(decodeField(model.text, sp[i], sp[i + 1], rec.layout.delimiter));
  return out;
}
