/**
 * The `latency` report (`server/src/core/collection/reports/latency.ts`): known percentiles on a
 * hand-written message tracking log, and on a generated collection against the latencies of its ground
 * truth (first RECEIVE to last DELIVER or SENDEXTERNAL of each message).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { configureL10n } from '../../server/src/core/l10n';
import { latencyReport, percentile } from '../../server/src/core/collection/reports/latency';
import type { ReportInput } from '../../server/src/core/collection/reports/types';
import { sessionCells } from '../../server/src/core/collection/collection';
import { buildCollection } from '../helpers/generateCollection';
import { indexTexts } from '../helpers/indexCollection';

configureL10n('en', undefined);

const HEAD = '#Software: Microsoft Exchange Server\r\n#Version: 15.01.2507.023\r\n#Log-type: Message Tracking Log\r\n#Date: 2024-03-04T10:00:00.000Z\r\n'
  + '#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version\r\n';

function row(time: number, server: string, source: string, event: string, mid: string, to = 'alice@contoso.com'): string {
  return `${new Date(time).toISOString()},,,,${server},,,${source},${event},1,${mid},,${to},,100,1,,,Subject ${mid},bob@fabrikam.com,bob@fabrikam.com,,Incoming,,,,,Email,,15.01.2507.023`;
}

const T0 = Date.UTC(2024, 2, 4, 10, 0, 0);
const input = (c: ReturnType<typeof indexTexts>, more: Partial<ReportInput> = {}): ReportInput => ({ index: c.index, match: () => true, top: 5, uriOf: (p) => p, ...more });

test('nearest-rank percentiles', () => {
  const values = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.deepEqual([50, 90, 95, 99, 100].map((p) => percentile(values, p)), [50, 90, 95, 99, 100]);
  assert.equal(percentile(Float64Array.of(7), 50), 7);
  assert.equal(percentile(Float64Array.of(1, 2, 3, 4), 50), 2);
  assert.ok(Number.isNaN(percentile(new Float64Array(0), 50)));
});

test('100 messages of 1 to 100 seconds: count 100, p50 50 s, p90 90 s, p95 95 s, p99 99 s, max 100 s; per hour, per server, slowest first', () => {
  const hub: string[] = [], mbx: string[] = [];
  for (let i = 1; i <= 100; i++) {
    const mid = `<m${i}@fabrikam.com>`;
    const received = T0 + i * 60_000; // i minutes after 10:00: 59 in hour 10, 41 in hour 11
    hub.push(row(received, 'EX01', 'SMTP', 'RECEIVE', mid));
    // the delivery is on the other server: latency across servers, by message id
    mbx.push(row(received + i * 1000, 'EX02', 'STOREDRIVER', 'DELIVER', mid));
  }
  // an internal hand-over only (SEND), a message never delivered, an event of no message
  hub.push(row(T0 + 30_000, 'EX01', 'SMTP', 'RECEIVE', '<internal@contoso.com>'), row(T0 + 30_500, 'EX01', 'SMTP', 'SEND', '<internal@contoso.com>'));
  hub.push(row(T0 + 40_000, 'EX01', 'SMTP', 'RECEIVE', '<pending@contoso.com>'));
  hub.push(row(T0 + 50_000, 'EX01', 'STOREDRIVER', 'NOTIFYMAPI', ''));
  const c = indexTexts([
    { path: 'EX01/TransportRoles/Logs/MessageTracking/MSGTRK2024030410-1.LOG', text: HEAD + hub.join('\r\n') + '\r\n' },
    { path: 'EX02/TransportRoles/Logs/MessageTracking/MSGTRKMD2024030410-1.LOG', text: HEAD + mbx.join('\r\n') + '\r\n' },
  ]);
  const r = latencyReport(input(c));
  assert.equal(r.report, 'latency');
  assert.deepEqual(r.summary, { count: 101, p50: 50, p90: 90, p95: 95, p99: 99, max: 100 });
  assert.match(r.description, /1 messages received without a delivery or send in the logs are not counted/);
  const byHour = r.tables.find((x) => x.id === 'byHour')!;
  assert.deepEqual(byHour.rows.map((x) => [x.cells.hour, x.cells.count]), [[T0, 60], [T0 + 3_600_000, 41]]);
  // hour 10: the internal message (0.5 s) and messages 1–59 s
  assert.deepEqual(byHour.rows[0].cells, { hour: T0, count: 60, p50: 29_000, p90: 53_000, p95: 56_000, p99: 59_000, max: 59_000 });
  const byServer = r.tables.find((x) => x.id === 'byServer')!;
  assert.deepEqual(byServer.rows.map((x) => [x.cells.server, x.cells.count]), [['EX01', 101]]);
  const slowest = r.tables.find((x) => x.id === 'slowest')!;
  assert.equal(slowest.total, 101);
  assert.deepEqual(slowest.rows.map((x) => x.cells.messageId), ['<m100@fabrikam.com>', '<m99@fabrikam.com>', '<m98@fabrikam.com>', '<m97@fabrikam.com>', '<m96@fabrikam.com>']);
  assert.deepEqual(slowest.rows[0].trace, { messageId: '<m100@fabrikam.com>' });
  assert.deepEqual({ ...slowest.rows[0].cells }, {
    messageId: '<m100@fabrikam.com>', latency: 100_000, received: T0 + 100 * 60_000, ended: T0 + 100 * 60_000 + 100_000, end: 'delivered or sent out',
    server: 'EX01', sender: 'bob@fabrikam.com', recipients: ['alice@contoso.com'], subject: 'Subject <m100@fabrikam.com>',
  });
  const [chart] = r.charts;
  assert.equal(chart.mark, 'lines');
  assert.equal(chart.yUnit, 's');
  assert.deepEqual(chart.series.map((s) => [s.name, s.points]), [
    ['p50', [{ x: T0, y: 29 }, { x: T0 + 3_600_000, y: 80 }]],
    ['p95', [{ x: T0, y: 56 }, { x: T0 + 3_600_000, y: 98 }]],
  ]);
  // the files a report covers: without the deliveries, only the internal hand-over is measured
  const hubOnly = latencyReport(input(c, { files: (p) => p.startsWith('EX01/') }));
  assert.deepEqual(hubOnly.summary, { count: 1, p50: 0.5, p90: 0.5, p95: 0.5, p99: 0.5, max: 0.5 });
});

test('an empty collection: count 0, no chart', () => {
  const r = latencyReport(input(indexTexts([])));
  assert.deepEqual(r.summary, { count: 0 });
  assert.deepEqual(r.charts, []);
  assert.ok(r.tables.every((x) => x.rows.length === 0));
});

test('on a generated collection: the latencies of its ground truth, per message, their percentiles and the slowest', () => {
  const g = buildCollection({ servers: 3, hours: 3, messagesPerHour: 200, seed: 5 });
  const c = indexTexts(g.files.map((f) => ({ path: f.path, text: f.text })));
  const want = new Map<string, number>();
  for (const m of g.messages) {
    const received = m.hops.filter((h) => h.eventId === 'RECEIVE').map((h) => h.time);
    const ends = m.hops.filter((h) => h.eventId === 'DELIVER' || h.eventId === 'SENDEXTERNAL').map((h) => h.time);
    if (received.length > 0 && ends.length > 0) want.set(m.messageId, Math.max(...ends) - Math.min(...received));
  }
  const values = [...want.values()].sort((a, b) => a - b);
  const rank = (p: number) => values[Math.ceil((p / 100) * values.length) - 1] / 1000;
  const r = latencyReport(input(c, { top: 10 }));
  assert.deepEqual(r.summary, { count: values.length, p50: rank(50), p90: rank(90), p95: rank(95), p99: rank(99), max: values[values.length - 1] / 1000 });
  const slowest = r.tables.find((x) => x.id === 'slowest')!;
  assert.equal(slowest.rows.length, 10);
  for (const row of slowest.rows) assert.equal(row.cells.latency, want.get(row.cells.messageId as string));
  const sortedWant = [...want.values()].sort((a, b) => b - a).slice(0, 10);
  assert.deepEqual(slowest.rows.map((x) => x.cells.latency), sortedWant);
  // minutes-long waits (deferrals, slow deliveries) are the slowest
  assert.ok((slowest.rows[0].cells.latency as number) > 60_000);
  const byHour = r.tables.find((x) => x.id === 'byHour')!;
  assert.equal(byHour.rows.reduce((n, x) => n + (x.cells.count as number), 0), values.length);
});

test('a where narrows the report to the messages of the sessions it selects', () => {
  const g = buildCollection({ servers: 2, hours: 2, messagesPerHour: 200, seed: 3 });
  const c = indexTexts(g.files.map((f) => ({ path: f.path, text: f.text })));
  // the sessions received on EX01's Internet-facing connector
  const match = (ref: Parameters<ReportInput['match']>[0]) => sessionCells(ref).connector === 'EX01\\Default Frontend EX01';
  const r = latencyReport(input(c, { match, where: 'connector:"EX01\\Default Frontend EX01"', top: 1000 }));
  const mine = g.messages.filter((m) => m.hops.some((h) => h.server === 'EX01' && h.service === 'FrontEnd' && h.logKind === 'smtpReceive')).map((m) => m.messageId);
  const slowest = r.tables.find((x) => x.id === 'slowest')!;
  assert.ok(slowest.rows.length > 10);
  assert.deepEqual(new Set(slowest.rows.map((x) => x.cells.messageId)), new Set(mine.filter((id) => slowest.rows.some((x) => x.cells.messageId === id))));
  assert.ok(slowest.rows.every((x) => mine.includes(x.cells.messageId as string)));
  assert.equal(r.summary!.count, slowest.total);
  assert.match(r.description, /Only the messages of the sessions the search selects/);
  // no where: every message
  assert.ok(latencyReport(input(c)).summary!.count > r.summary!.count);
});
