/** `exchange-log index <path…>`: indexes (or refreshes) and prints a summary of the collection. */
import { t } from '../core/l10n';
import type { CollectionTotals } from '../core/collection/collection';
import type { IndexRun } from '../collection/indexer';
import type { CliCommand } from './command';
import { iso } from './output';

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/** `totalsMs`: the time the totals took after the indexing (counting distinct messages reads every table). */
function summaryRecord(totals: CollectionTotals, run: IndexRun, totalsMs: number) {
  return {
    type: 'summary',
    files: totals.files,
    bytes: totals.bytes,
    sessions: totals.sessions,
    messages: totals.messages,
    events: totals.events,
    servers: totals.servers,
    firstTime: iso(totals.firstTime),
    lastTime: iso(totals.lastTime),
    seconds: Math.round(run.elapsedMs + totalsMs) / 1000,
    read: run.read,
    appended: run.appended,
    cached: run.cached,
    bytesRead: run.bytesRead,
    warnings: run.warnings.length,
    cancelled: run.cancelled,
  };
}

export const indexCommand: CliCommand = {
  name: 'index',
  usage: 'index <path…> [--format table|json]',
  formats: ['table', 'json'],
  run({ args, collection, run, out }) {
    const started = performance.now();
    const totals = collection.totals();
    const summary = summaryRecord(totals, run, performance.now() - started);
    if (args.format === 'json') {
      for (const [i, file] of collection.files()) {
        const f = collection.factsOf(i);
        out.write(JSON.stringify({ type: 'file', path: file.path, server: f.server || null, service: f.service ?? null, kind: f.kind, day: f.day || null, size: file.size, sessions: f.sessions, events: f.events, firstTime: iso(f.firstTime), lastTime: iso(f.lastTime), warning: file.warning ?? null }) + '\n');
      }
      out.write(JSON.stringify(summary) + '\n');
    } else {
      const rows: [string, string][] = [
        [t('Files'), `${summary.files} (${t('{0} read, {1} appended, {2} from the cache', String(run.read), String(run.appended), String(run.cached))})`],
        [t('Bytes'), `${summary.bytes} (${mb(summary.bytes)} MB)`],
        [t('Sessions'), String(summary.sessions)],
        [t('Messages'), String(summary.messages)],
        [t('Tracking events'), String(summary.events)],
        [t('Servers'), summary.servers.join(', ') || '-'],
        [t('Time span'), summary.firstTime ? `${summary.firstTime} – ${summary.lastTime}` : '-'],
        [t('Seconds'), summary.seconds.toFixed(2)],
      ];
      const width = Math.max(...rows.map((r) => r[0].length));
      for (const [k, v] of rows) out.write(`${k.padEnd(width)}  ${v}\n`);
    }
    if (run.cancelled) return 1;
    return totals.files === 0 ? 1 : 0;
  },
};
