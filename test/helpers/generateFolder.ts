/**
 * A day of hourly SMTP Receive logs with sessions crossing the roll-overs: one generated stream of
 * interleaved sessions (`generateReceiveLog`) cut into `hours` files at record boundaries, each file
 * with its own header and its times moved into its own hour (`RECV20240305hh-1.LOG`). A session
 * open at a cut has no disconnect in the first file and no connect in the next, as Exchange writes it.
 */
import { generateReceiveLog } from './generate';

export interface GeneratedFile {
  name: string;
  uri: string;
  text: string;
  records: number;
}

const HEADER = (date: string) =>
  `#Software: Microsoft Exchange Server\r\n#Version: 15.02.1544.004\r\n#Log-type: SMTP Receive Protocol Log\r\n#Date: ${date}\r\n` +
  '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';

export function generateHourlyFolder(options: { hours?: number; targetBytes?: number; seed?: number; folder?: string } = {}): GeneratedFile[] {
  const hours = options.hours ?? 24;
  const day = Date.UTC(2024, 2, 5, 0, 0, 0);
  const log = generateReceiveLog({ targetBytes: options.targetBytes ?? 1_000_000, seed: options.seed ?? 7, start: day });
  const records = log.text.split('\r\n').filter((l) => l.length > 0 && !l.startsWith('#') && !l.startsWith('\ufeff#'));
  const per = Math.ceil(records.length / hours);
  const folder = options.folder ?? 'file:///logs/day';
  const out: GeneratedFile[] = [];
  for (let h = 0; h < hours; h++) {
    const chunk = records.slice(h * per, (h + 1) * per);
    if (chunk.length === 0) break;
    const first = Date.parse(chunk[0].slice(0, chunk[0].indexOf(',')));
    const shift = day + h * 3_600_000 + 1000 - first;
    const lines = chunk.map((l) => {
      const comma = l.indexOf(',');
      return new Date(Date.parse(l.slice(0, comma)) + shift).toISOString() + l.slice(comma);
    });
    const name = `RECV20240305${String(h).padStart(2, '0')}-1.LOG`;
    out.push({ name, uri: `${folder}/${name}`, text: HEADER(new Date(day + h * 3_600_000).toISOString()) + lines.join('\r\n') + '\r\n', records: lines.length });
  }
  return out;
}
