/**
 * The report panel's webview, on jsdom with hand-made ReportResults: hostile log text stays text;
 * tables sort by their headings (numbers and times as numbers), mark flagged rows with their text,
 * write cells in their units, and post the row and the order shown for a click, "Copy as CSV" and
 * "Save as CSV…"; charts (Observable Plot) have one focusable point per x value with its numbers,
 * theme colour classes, a legend and their data as a table. Also the CSV the extension writes from
 * the order the webview sends.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { render, RenderOptions, SortState, chartData, intervalLabel, sortedOrder } from '../../media/report/render';
import { formatters, isoTime } from '../../media/report/format';
import type { FromWebview, ReportStrings } from '../../media/report/messages';
import type { ReportChart, ReportResult, ReportTable } from '../../protocol/src/index';
import { csvFileName, reportTableCsv } from '../../client/src/reports/reportCsv';
import { allElements, click, makeDom, press } from '../helpers/dom';

const STRINGS: ReportStrings = {
  refresh: 'Refresh', overCollection: 'Over the log collection', overDocument: 'Over {0}', narrowedBy: 'Narrowed by: {0}',
  elapsed: 'Counted in {0} ms', partial: 'Still indexing', problems: 'The search has mistakes', summary: 'Summary',
  chartHelp: 'Hover to read.', timesUtc: 'Times are UTC.', chartData: 'The chart as a table', total: 'Total',
  tableHelp: 'Click a row to list its sessions.', tableHelpTrace: 'Click a row to trace its message.', copyCsv: 'Copy as CSV',
  saveCsv: 'Save as CSV…', sortBy: 'Sort by {0}', rowsOf: 'The first {0} of {1} rows', noRows: 'Nothing to list.',
  flag: 'Flag', flagError: 'Error: {0}', flagWarning: 'Warning: {0}', noData: 'No data to draw.',
};

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 19, 6);
const HOSTILE = '<img src=x onerror=alert(1)>';

function relayTable(): ReportTable {
  return {
    id: 'relay', title: `Relay ${HOSTILE}`, total: 7,
    columns: [
      { key: 'remote', title: 'Remote IP', type: 'text' },
      { key: 'ehlo', title: 'EHLO names', type: 'list' },
      { key: 'sessions', title: 'Sessions', type: 'number' },
      { key: 'lastSeen', title: 'Last seen', type: 'time' },
      { key: 'duration', title: 'Longest', type: 'duration' },
      { key: 'bytes', title: 'Bytes', type: 'bytes' },
    ],
    rows: [
      { cells: { remote: '10.0.0.9', ehlo: ['<script>alert(2)</script>', 'b.example'], sessions: 9, lastSeen: T0 + 2 * H, duration: 1300, bytes: 35_020 }, where: 'remote:10.0.0.9' },
      { cells: { remote: '10.0.0.10', ehlo: [], sessions: 100, lastSeen: T0, duration: 65_000, bytes: 512 }, where: 'remote:10.0.0.10' },
      { cells: { remote: '=cmd|calc', ehlo: ['c.example'], sessions: 10, lastSeen: null, duration: null, bytes: null } },
    ],
  };
}

function result(extra: Partial<ReportResult> = {}): ReportResult {
  return {
    report: 'relay', title: `Relay inventory ${HOSTILE}`, description: 'Who relays.', problems: [], tables: [relayTable()], charts: [],
    partial: false, source: 'collection', elapsedMs: 12.4, ...extra,
  };
}

const VOLUME: ReportChart = {
  title: 'Sessions per hour', mark: 'bars', x: 'time', xLabel: 'Hour (UTC)', yLabel: 'Sessions', yUnit: 'count',
  series: [
    { name: 'EX01', points: [{ x: T0, y: 5 }, { x: T0 + H, y: 7 }, { x: T0 + 3 * H, y: 2 }] },
    { name: `EX02 ${HOSTILE}`, points: [{ x: T0, y: 1 }, { x: T0 + 3 * H, y: 4 }, { x: T0 + 3 * H, y: 1 }] },
  ],
};

function draw(r: ReportResult, extra: Partial<RenderOptions> = {}) {
  const dom = makeDom();
  const posted: FromWebview[] = [];
  const sorts: [string, SortState][] = [];
  render(dom.document, dom.root, { result: r, params: { report: r.report, where: 'remote:10.0.0.0/8 serer:EX01' }, lang: 'en', strings: STRINGS, scopeName: 'RECV.LOG' }, {
    width: 800, post: (m) => posted.push(m), tooltip: () => undefined, sort: {}, sorted: (t, s) => sorts.push([t, s]), ...extra,
  });
  return { ...dom, posted, sorts };
}

const rowIndices = (root: Element, table: string) => Array.from(root.querySelectorAll(`tr[data-table="${table}"][data-row]`)).map((tr) => Number(tr.getAttribute('data-row')));
const cellTexts = (root: Element, table: string, column: number) => Array.from(root.querySelectorAll(`tr[data-table="${table}"][data-row]`)).map((tr) => tr.children[column].textContent);

test('hostile log text in titles, cells, series names and flags ends up as text, never as elements or handlers', () => {
  const r = result({
    charts: [VOLUME],
    tables: [{ ...relayTable(), rows: [...relayTable().rows, { cells: { remote: HOSTILE, ehlo: [HOSTILE], sessions: 1, lastSeen: T0, duration: 1, bytes: 1 }, flag: 'error', flagText: `<b onclick=alert(3)>expired</b>` }] }],
  });
  const { root } = draw(r);
  const tags = new Set(allElements(root).map((e) => e.localName));
  for (const bad of ['script', 'img', 'iframe', 'style', 'b']) assert.ok(!tags.has(bad), `a <${bad}> element: ${[...tags].join(',')}`);
  for (const e of allElements(root)) for (const name of e.getAttributeNames()) assert.ok(!/^on/i.test(name), `attribute ${name} on <${e.localName}>`);
  assert.ok(root.textContent!.includes('<script>alert(2)</script>, b.example'), 'a list cell is its items joined, as written');
  assert.ok(root.textContent!.includes(`Error: <b onclick=alert(3)>expired</b>`));
  assert.ok(root.outerHTML.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(!/<img|<script/.test(root.outerHTML));
});

test('the header says what was counted and over what; partial and the mistakes of the search are shown, the wrong span marked', () => {
  const { root } = draw(result({ partial: true, source: 'document', problems: [{ start: 18, end: 23, message: "unknown field 'serer'" }] }));
  assert.equal(root.querySelector('h1')!.textContent, `Relay inventory ${HOSTILE}`);
  assert.match(root.querySelector('.meta')!.textContent!, /^Over RECV\.LOG · Narrowed by: remote:10\.0\.0\.0\/8 serer:EX01 · Counted in 12 ms$/);
  assert.equal(root.querySelector('.notice.partial')!.getAttribute('role'), 'status');
  const problems = root.querySelector('.problems')!;
  assert.equal(problems.getAttribute('role'), 'alert');
  assert.ok(problems.textContent!.includes("unknown field 'serer'"));
  assert.equal(problems.querySelector('mark')!.textContent, 'serer');
  assert.equal(problems.querySelector('code')!.textContent, 'remote:10.0.0.0/8 serer:EX01');
  const clean = draw(result());
  assert.equal(clean.root.querySelector('.notice.partial'), null);
  assert.equal(clean.root.querySelector('.problems'), null);
  assert.match(clean.root.querySelector('.meta')!.textContent!, /^Over the log collection/);
  // the refresh button asks the extension again
  click(clean.root.querySelector('button[data-action="refresh"]')!);
  assert.deepEqual(clean.posted.pop(), { type: 'refresh' });
});

test('cells are written in their units: UTC ISO times, durations, sizes, lists joined, unknown empty', () => {
  const { root } = draw(result());
  assert.deepEqual(cellTexts(root, 'relay', 3), ['2026-11-19T08:00:00Z', '2026-11-19T06:00:00Z', '']);
  assert.deepEqual(cellTexts(root, 'relay', 4), ['1.3 s', '1 min 05 s', '']);
  assert.deepEqual(cellTexts(root, 'relay', 5), ['34.2 KB', '512 B', '']);
  assert.deepEqual(cellTexts(root, 'relay', 1), ['<script>alert(2)</script>, b.example', '', 'c.example']);
  assert.ok(root.textContent!.includes('The first 3 of 7 rows'));
  const f = formatters('en');
  assert.equal(f.duration(350), '350 ms');
  assert.equal(f.duration(3_725_000), '1 h 02 min');
  assert.equal(f.duration(2 * 86_400_000 + 5 * H), '2 d 5 h');
  assert.equal(f.bytes(1.5 * 1024 * 1024), '1.5 MB');
  assert.equal(isoTime(Date.UTC(2024, 0, 2, 3, 4, 5, 60)), '2024-01-02T03:04:05.060Z');
  assert.equal(formatters('pt-BR').number(1234.5), '1.234,5');
});

test('a heading sorts its table: numbers and times as numbers, text by its words, unknown last; again reverses; aria-sort follows', () => {
  const { root, sorts } = draw(result());
  assert.deepEqual(rowIndices(root, 'relay'), [0, 1, 2], "the server's order first");
  const heading = (key: string) => root.querySelector(`th[data-column="${key}"]`)!;
  const sortButton = (key: string) => heading(key).querySelector('button')!;
  assert.equal(sortButton('sessions').getAttribute('type'), 'button', 'a button: Enter and Space sort too');
  assert.equal(sortButton('sessions').getAttribute('title'), 'Sort by Sessions');
  click(sortButton('sessions'));
  assert.deepEqual(rowIndices(root, 'relay'), [1, 2, 0], 'numbers descending first: 100, 10, 9');
  assert.equal(heading('sessions').getAttribute('aria-sort'), 'descending');
  assert.equal(heading('remote').getAttribute('aria-sort'), 'none');
  click(sortButton('sessions'));
  assert.deepEqual(rowIndices(root, 'relay'), [0, 2, 1], '9, 10, 100 (not 10, 100, 9)');
  assert.equal(heading('sessions').getAttribute('aria-sort'), 'ascending');
  click(sortButton('lastSeen'));
  assert.deepEqual(rowIndices(root, 'relay'), [0, 1, 2], 'latest first, the unknown time last');
  click(sortButton('lastSeen'));
  assert.deepEqual(rowIndices(root, 'relay'), [1, 0, 2], 'earliest first, the unknown time still last');
  click(sortButton('remote'));
  assert.deepEqual(rowIndices(root, 'relay'), [2, 0, 1], 'text ascending, digits by value: =cmd, 10.0.0.9, 10.0.0.10');
  assert.deepEqual(sorts.at(-1), ['relay', { key: 'remote', dir: 1 }], 'the sort is kept (webview state)');
  // a redraw with the kept sort shows the same order
  const again = draw(result(), { sort: { relay: { key: 'sessions', dir: 1 } } });
  assert.deepEqual(rowIndices(again.root, 'relay'), [0, 2, 1]);
  assert.equal(again.root.querySelector('th[data-column="sessions"]')!.getAttribute('aria-sort'), 'ascending');
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  assert.deepEqual(sortedOrder(relayTable(), { key: 'ehlo', dir: 1 }, collator), [0, 2, 1], 'lists by their text, the empty list last');
  assert.deepEqual(sortedOrder(relayTable(), { key: 'nope', dir: 1 }, collator), [0, 1, 2], 'an unknown column leaves the order');
});

test('Copy as CSV and Save as CSV… send the rows in the order shown; rows with a search or a trace open on click and Enter', () => {
  const table = relayTable();
  table.rows[2] = { ...table.rows[2], trace: { messageId: '<m@x>' } };
  const { root, posted, document } = draw(result({ tables: [table] }));
  click(root.querySelector('th[data-column="sessions"] button')!);
  click(root.querySelector('section[data-table="relay"] button[data-action="copy-csv"]')!);
  assert.deepEqual(posted.pop(), { type: 'copyCsv', table: 'relay', order: [1, 2, 0] });
  click(root.querySelector('section[data-table="relay"] button[data-action="save-csv"]')!);
  assert.deepEqual(posted.pop(), { type: 'saveCsv', table: 'relay', order: [1, 2, 0] });
  const rows = Array.from(root.querySelectorAll('tr[data-row]'));
  for (const r of rows) assert.equal(r.getAttribute('tabindex'), '0');
  click(rows[0]);
  assert.deepEqual(posted.pop(), { type: 'openRow', table: 'relay', row: 1 }, "the row's index among the server's rows, whatever the sort");
  assert.equal(press(rows[1], 'Enter'), true);
  assert.deepEqual(posted.pop(), { type: 'openRow', table: 'relay', row: 2 });
  press(rows[1], 'ArrowDown');
  assert.equal(document.activeElement, rows[2]);
  // a row with neither a search nor a trace does nothing and is not a tab stop
  const plain = draw(result());
  const row2 = plain.root.querySelector('tr[data-row="2"]')!;
  assert.equal(row2.getAttribute('tabindex'), null);
  click(row2);
  assert.equal(plain.posted.length, 0);
});

test('flagged rows say so in words in a Flag column, not by colour alone', () => {
  const table: ReportTable = {
    id: 'certificates', title: 'Certificates', total: 3, columns: [{ key: 'subject', title: 'Subject', type: 'text' }],
    rows: [
      { cells: { subject: 'CN=a' }, flag: 'error', flagText: 'expired' },
      { cells: { subject: 'CN=b' }, flag: 'warning', flagText: 'expires in 12 days' },
      { cells: { subject: 'CN=c' } },
    ],
  };
  const { root } = draw(result({ tables: [table] }));
  assert.equal(root.querySelector('section[data-table="certificates"] th')!.textContent, 'Flag');
  assert.deepEqual(cellTexts(root, 'certificates', 0), ['Error: expired', 'Warning: expires in 12 days', '']);
  assert.deepEqual(Array.from(root.querySelectorAll('tr[data-row]')).map((r) => r.getAttribute('data-flag')), ['error', 'warning', null]);
  assert.match(root.querySelector('tr[data-row="0"]')!.getAttribute('class')!, /\bflag-error\b/);
  // no flag column when nothing is flagged
  assert.notEqual(draw(result()).root.querySelector('section[data-table="relay"] th')!.textContent, 'Flag');
});

test('a time chart: Plot draws stacked bars with theme classes, one focusable point per hour with its numbers, a legend and a data table', () => {
  const { root, document } = draw(result({ charts: [VOLUME], tables: [] }));
  const section = root.querySelector('section[data-chart="0"]')!;
  assert.equal(section.querySelector('h2')!.textContent, 'Sessions per hour');
  assert.ok(section.textContent!.includes('Times are UTC.'));
  const svg = section.querySelector('svg')!;
  assert.equal(svg.getAttribute('aria-label'), 'Sessions per hour');
  assert.equal(svg.querySelector('style'), null, "Plot's inline <style> is removed (the CSP forbids it)");
  const points = Array.from(svg.querySelectorAll('.point'));
  assert.equal(points.length, 3, 'three distinct hours');
  assert.deepEqual(points.map((p) => p.getAttribute('tabindex')), ['0', '-1', '-1']);
  assert.deepEqual(points.map((p) => p.getAttribute('aria-label')), [
    `2026-11-19 06:00–07:00 UTC, EX01: 5, EX02 ${HOSTILE}: 1, Total: 6`,
    `2026-11-19 07:00–08:00 UTC, EX01: 7, EX02 ${HOSTILE}: 0, Total: 7`,
    `2026-11-19 09:00–10:00 UTC, EX01: 2, EX02 ${HOSTILE}: 5, Total: 7`,
  ], 'a series that gives an hour twice is summed');
  assert.equal(points[0].getAttribute('role'), 'img');
  press(points[0], 'ArrowRight');
  assert.equal(document.activeElement, points[1]);
  // bars: one per non-zero value, classed by series colour, no colour of their own
  const bars = Array.from(svg.querySelectorAll('rect.bar'));
  assert.equal(bars.length, 5);
  assert.deepEqual(new Set(bars.map((b) => b.getAttribute('class'))), new Set(['bar c-blue', 'bar c-orange']));
  for (const b of bars) assert.equal(b.getAttribute('fill'), null);
  // stacked: EX02's bar of the first hour sits on EX01's
  const first = bars.filter((b) => Number(b.getAttribute('x')) === Math.min(...bars.map((x) => Number(x.getAttribute('x')))));
  const [low, high] = first.sort((a, b) => Number(b.getAttribute('y')) - Number(a.getAttribute('y')));
  assert.equal(low.getAttribute('data-series'), '0');
  assert.equal(high.getAttribute('data-series'), '1');
  assert.ok(Math.abs(Number(high.getAttribute('y')) + Number(high.getAttribute('height')) - Number(low.getAttribute('y'))) < 1.5, 'stacked');
  // the empty hour (08:00) is a gap on a time axis, so the third point lies further right than the step
  const xs = points.map((p) => Number(p.getAttribute('x')));
  assert.ok(Math.abs((xs[2] - xs[1]) - 2 * (xs[1] - xs[0])) < 1.5, `${xs}`);
  // legend and the data table
  assert.deepEqual(Array.from(section.querySelectorAll('.legend li')).map((li) => li.textContent), ['EX01', `EX02 ${HOSTILE}`]);
  assert.deepEqual(Array.from(section.querySelectorAll('.legend .swatch')).map((s) => s.getAttribute('class')), ['swatch bar c-blue', 'swatch bar c-orange']);
  const data = section.querySelector('details.chart-data table')!;
  assert.deepEqual(Array.from(data.querySelectorAll('thead th')).map((t) => t.textContent), ['Hour (UTC)', 'EX01', `EX02 ${HOSTILE}`]);
  assert.deepEqual(Array.from(data.querySelectorAll('tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent)), [
    ['2026-11-19 06:00–07:00 UTC', '5', '1'], ['2026-11-19 07:00–08:00 UTC', '7', '0'], ['2026-11-19 09:00–10:00 UTC', '2', '5'],
  ]);
  // y ticks: nice round numbers
  const ticks = Array.from(svg.querySelectorAll('[aria-label="y-axis tick label"] text')).map((t) => Number(t.textContent));
  assert.ok(ticks.length >= 2 && ticks.every((t) => Number.isInteger(t)) && ticks[0] === 0, `${ticks}`);
});

test('a lines chart in seconds and a category chart: line classes, values in their unit, points per category', () => {
  const latency: ReportChart = {
    title: 'Latency', mark: 'lines', x: 'time', xLabel: 'Hour', yLabel: 'Seconds', yUnit: 's',
    series: [{ name: 'p50', points: [{ x: T0, y: 1.5 }, { x: T0 + H, y: 2 }] }, { name: 'p95', points: [{ x: T0, y: 9 }] }],
  };
  const replies: ReportChart = {
    title: 'Replies', mark: 'bars', x: 'category', xLabel: 'Code', yLabel: 'Replies', yUnit: 'count',
    series: [{ name: 'Receive', points: [{ x: '250', y: 50 }, { x: '550 5.7.1', y: 4 }] }, { name: 'Send', points: [{ x: '421', y: 3 }, { x: '250', y: 20 }] }],
  };
  const { root } = draw(result({ charts: [latency, replies], tables: [] }));
  const [a, b] = Array.from(root.querySelectorAll('section.report-chart'));
  assert.deepEqual(Array.from(a.querySelectorAll('g.line')).map((g) => g.getAttribute('class')), ['line c-blue', 'line c-orange']);
  assert.deepEqual(Array.from(a.querySelectorAll('.point')).map((p) => p.getAttribute('aria-label')), [
    '2026-11-19 06:00–07:00 UTC, p50: 1.5 s, p95: 9 s', '2026-11-19 07:00–08:00 UTC, p50: 2 s',
  ], 'a line has no point where its series gives none');
  assert.ok(!b.textContent!.includes('Times are UTC.'));
  assert.deepEqual(Array.from(b.querySelectorAll('.point')).map((p) => p.getAttribute('aria-label')), [
    '250, Receive: 50, Send: 20, Total: 70', '550 5.7.1, Receive: 4, Send: 0, Total: 4', '421, Receive: 0, Send: 3, Total: 3',
  ]);
  assert.deepEqual(Array.from(b.querySelectorAll('[aria-label="x-axis tick label"] text')).map((t) => t.textContent), ['250', '550 5.7.1', '421']);
  // a chart without points says so
  const empty = draw(result({ charts: [{ ...replies, series: [] }], tables: [] }));
  assert.ok(empty.root.querySelector('section.report-chart')!.textContent!.includes('No data to draw.'));
});

test('chart data: the step is the smallest gap between times, a lone time is an hour; labels of intervals', () => {
  const f = formatters('en');
  const d = chartData({ ...VOLUME, series: [{ name: 'a', points: [{ x: T0, y: 1 }, { x: T0 + 15 * 60_000, y: 2 }, { x: T0 + 60 * 60_000, y: 3 }] }] }, f, STRINGS);
  assert.deepEqual(d.spec.x, { type: 'time', starts: [T0, T0 + 15 * 60_000, T0 + H], step: 15 * 60_000 });
  assert.deepEqual(chartData({ ...VOLUME, series: [{ name: 'a', points: [{ x: T0, y: 1 }] }] }, f, STRINGS).spec.x, { type: 'time', starts: [T0], step: H });
  assert.equal(intervalLabel(T0, H), '2026-11-19 06:00–07:00 UTC');
  assert.equal(intervalLabel(Date.UTC(2026, 10, 19, 23), H), '2026-11-19 23:00–2026-11-20 00:00 UTC');
  assert.equal(intervalLabel(T0, 1000), '2026-11-19 06:00:00–06:00:01 UTC');
  assert.equal(intervalLabel(Date.UTC(2026, 10, 19), 86_400_000), '2026-11-19 UTC');
  const ms = chartData({ ...VOLUME, yUnit: 'ms', series: [{ name: 'a', points: [{ x: T0, y: 2500 }] }] }, f, STRINGS);
  assert.equal(ms.spec.yFormat(2500), '2.5 s');
  const small = chartData({ ...VOLUME, yUnit: 'ms', series: [{ name: 'a', points: [{ x: T0, y: 250 }] }] }, f, STRINGS);
  assert.equal(small.spec.yFormat(250), '250 ms');
  assert.equal(chartData({ ...VOLUME, yUnit: 'bytes' }, f, STRINGS).spec.yFormat(2048), '2 KB');
});

test('the CSV of a table: column keys, rows in the order shown, times in ISO 8601, lists joined, formulas defused; a bad order is ignored', () => {
  const table = relayTable();
  const csv = reportTableCsv(table, [1, 2, 0]);
  assert.ok(csv.endsWith('\r\n'));
  const rows = parse(csv) as string[][];
  assert.deepEqual(rows[0], ['remote', 'ehlo', 'sessions', 'lastSeen', 'duration', 'bytes']);
  assert.deepEqual(rows.slice(1), [
    ['10.0.0.10', '', '100', '2026-11-19T06:00:00.000Z', '65000', '512'],
    ["'=cmd|calc", 'c.example', '10', '', '', ''],
    ['10.0.0.9', '<script>alert(2)</script>; b.example', '9', '2026-11-19T08:00:00.000Z', '1300', '35020'],
  ]);
  const serverOrder = (parse(reportTableCsv(table)) as string[][]).slice(1).map((r) => r[0]);
  assert.deepEqual(serverOrder, ['10.0.0.9', '10.0.0.10', "'=cmd|calc"]);
  for (const bad of [[0, 0, 1], [0, 5], [0.5], [-1]]) {
    assert.deepEqual((parse(reportTableCsv(table, bad)) as string[][]).slice(1).map((r) => r[0]), serverOrder, JSON.stringify(bad));
  }
  assert.deepEqual((parse(reportTableCsv(table, [2])) as string[][]).slice(1).map((r) => r[0]), ["'=cmd|calc"], 'a subset is what was shown');
  assert.equal(csvFileName('auth-failures', 'by:IP/*'), 'auth-failures-by-IP.csv');
  assert.equal(csvFileName('relay', '..'), 'relay-table.csv');
});
