/**
 * The overview webview: the HTML shell escapes what it is given and sets a strict CSP with a nonce;
 * the renderer (its timeline drawn by Observable Plot, run here on jsdom) puts hostile log text into the
 * page as text only, and its bars and rows carry the data- attributes, labels and keyboard handling the
 * end-to-end tests and keyboard users rely on.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { buildOverviewHtml, contentSecurityPolicy, escapeHtml, makeNonce } from '../../client/src/overview/html';
import { render, RenderOptions } from '../../media/overview/render';
import type { FromWebview, OverviewStrings } from '../../media/overview/messages';
import type { Overview } from '../../protocol/src/index';
import { getOverview } from '../../server/src/core/features/overview';
import { parseLog } from '../../server/src/core/model/logModel';
import { allElements, click, makeDom, press } from '../helpers/dom';
import { repoRoot } from '../helpers/paths';

const HOSTILE_NAME = '<img src=x onerror=alert(1)>RECV.log';

test('the HTML shell escapes the title and language, and sets a strict CSP with the nonce', () => {
  const nonce = makeNonce((n) => crypto.randomBytes(n));
  assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  const html = buildOverviewHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/overview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/overview.css',
    lang: 'pt-br"><script>alert(3)</script>',
    title: HOSTILE_NAME,
    loading: '<b>Loading</b>',
  });
  assert.ok(!html.includes('<img'), 'no markup from the title');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;RECV.log'));
  assert.ok(html.includes('&lt;b&gt;Loading&lt;/b&gt;'));
  assert.equal(html.match(/<script\b/g)?.length, 1, 'exactly one script element: ours');
  assert.ok(html.includes(`<script nonce="${nonce}" src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/overview.js"></script>`));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(csp, 'a CSP meta element');
  const policy = csp[1].replace(/&#39;/g, "'");
  assert.match(policy, /default-src 'none'/);
  assert.match(policy, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
  assert.ok(!/unsafe-inline|unsafe-eval|\*/.test(policy.replace('file+.vscode-resource', '')), policy);
  assert.ok(!/\bhttps?:\/\/(?!file\+\.vscode-resource)/.test(html), 'no remote content');
  // the CSP comes before anything that loads
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<link'));
});

test('the HTML shell refuses a weak nonce, and escapes quotes in attributes', () => {
  assert.throws(() => buildOverviewHtml({ cspSource: 'x', nonce: 'abc', scriptUri: '', styleUri: '', lang: 'en', title: '', loading: '' }));
  assert.throws(() => buildOverviewHtml({ cspSource: 'x', nonce: `${'a'.repeat(20)}' 'unsafe-inline`, scriptUri: '', styleUri: '', lang: 'en', title: '', loading: '' }));
  assert.equal(escapeHtml(`"'<>&`), '&quot;&#39;&lt;&gt;&amp;');
  assert.equal(contentSecurityPolicy('vscode-src', 'N0NCE'), "default-src 'none'; img-src vscode-src; style-src vscode-src; font-src vscode-src; script-src 'nonce-N0NCE'");
});

test('no webview or panel code builds HTML from strings (innerHTML and friends)', () => {
  const dirs = ['overview', 'chart', 'report'].map((d) => path.join(repoRoot(), 'media', d)).concat(['overview', 'reports'].map((d) => path.join(repoRoot(), 'client', 'src', d)));
  for (const dir of dirs) {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.ok(!/\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function)\b/.test(src), `${f} builds markup from strings`);
    }
  }
});

const STRINGS: OverviewStrings = {
  summary: 'Lines: {0} · sessions: {1}', timeline: 'Timeline', perSecond: 'per second', perMinute: 'per minute',
  perMinutes: 'per {0} minutes', perHours: 'per {0} hours', perDays: 'per {0} days', timelineHelp: 'help',
  chartLabel: 'Timeline of the log', noTimes: 'No times', tablesHelp: 'help', more: '{0} more not shown',
  rowSessions: 'Sessions: {0}', rowLine: 'Go to line {0}', empty: 'empty',
};

function hostileOverview(): Overview {
  const head = '#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';
  const rows: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const id = `08DC00000000000${i}`;
    const t = (s: number) => `2024-01-01T00:0${i}:0${s}.000Z`;
    rows.push(
      `${t(1)},C,${id},0,10.0.0.1:25,203.0.113.${i}:4000,+,,`,
      `${t(2)},C,${id},1,10.0.0.1:25,203.0.113.${i}:4000,<,EHLO <script>alert(1)</script>,`,
      `${t(3)},C,${id},2,10.0.0.1:25,203.0.113.${i}:4000,>,"550 5.7.1 <img src=x onerror=alert(2)>",`,
      `${t(4)},C,${id},3,10.0.0.1:25,203.0.113.${i}:4000,-,,Local`,
    );
  }
  return getOverview(parseLog(head + rows.join('\r\n') + '\r\n', { uri: 'file:///logs/RECV.LOG' })) as Overview;
}

function draw(o: Overview, extra: Partial<RenderOptions> = {}): { root: HTMLElement; posted: FromWebview[]; doc: Document; focused: string[] } {
  const { document: doc, root } = makeDom();
  const posted: FromWebview[] = [];
  const focused: string[] = [];
  render(doc, root, { overview: o, fileName: HOSTILE_NAME, lang: 'en', strings: STRINGS }, {
    width: 900, post: (m) => posted.push(m), tooltip: () => undefined, focused: (k) => focused.push(k), ...extra,
  });
  return { root, posted, doc, focused };
}

test('hostile EHLO names, replies and file names end up as text, never as elements or handlers', () => {
  const { root } = draw(hostileOverview());
  const tags = new Set(allElements(root).map((e) => e.localName));
  assert.ok(!tags.has('script') && !tags.has('img') && !tags.has('iframe') && !tags.has('style'), [...tags].join(','));
  for (const e of allElements(root)) for (const name of e.getAttributeNames()) assert.ok(!/^on/i.test(name), `attribute ${name}`);
  const html = root.outerHTML;
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;RECV.log'));
  assert.ok(!/<script|<img/.test(html));
  assert.ok(root.textContent.includes('<script>alert(1)</script>'), 'the EHLO name is shown as written');
});

test('bars carry data- attributes and labels; click, Enter and the arrow keys work', () => {
  const o = hostileOverview();
  const { root, posted, doc } = draw(o);
  const bars = allElements(root).filter((e) => e.getAttribute('data-bucket') !== null);
  assert.equal(bars.length, o.timeline!.buckets.length);
  assert.deepEqual(bars.map((b) => b.getAttribute('tabindex')), ['0', ...bars.slice(1).map(() => '-1')], 'one tab stop for the chart');
  bars.forEach((b, i) => {
    assert.equal(b.getAttribute('data-line'), String(o.timeline!.buckets[i].line));
    assert.equal(b.getAttribute('data-start'), new Date(o.timeline!.buckets[i].start).toISOString());
    assert.equal(b.getAttribute('role'), 'button');
    assert.match(b.getAttribute('aria-label')!, /^2024-01-01 00:0\d:0\d UTC, Sessions started: \d, Messages accepted: 0, 5xx replies: \d, 4xx replies: 0, TLS\/AUTH failures: 0, Connection failures: 0$/);
  });
  click(bars[1]);
  assert.deepEqual(posted.pop(), { type: 'revealLine', uri: 'file:///logs/RECV.LOG', line: o.timeline!.buckets[1].line });
  assert.equal(press(bars[0], 'Enter'), true);
  assert.deepEqual(posted.pop(), { type: 'revealLine', uri: 'file:///logs/RECV.LOG', line: o.timeline!.buckets[0].line });
  press(bars[0], 'ArrowRight');
  assert.equal(doc.activeElement, bars[1]);
  assert.deepEqual([bars[0].getAttribute('tabindex'), bars[1].getAttribute('tabindex')], ['-1', '0']);
  press(bars[1], 'End');
  assert.equal(doc.activeElement, bars[bars.length - 1]);
  // the stacked bars are drawn with theme colour classes, not inline styles
  const rects = allElements(root).filter((e) => e.localName === 'rect' && e.getAttribute('data-series'));
  assert.ok(rects.length > 0);
  for (const r of rects) {
    assert.match(r.getAttribute('class')!, /^bar c-(red|green|blue|yellow|orange|purple|foreground)$/);
    assert.equal(r.getAttribute('style'), null);
    assert.equal(r.getAttribute('fill'), null, "no colour of its own: the theme's, by class");
  }
});

test('rows carry data- attributes and labels; Enter lists their sessions, rows without sessions reveal a line', () => {
  const o = hostileOverview();
  const { root, posted } = draw(o);
  const rows = allElements(root).filter((e) => e.localName === 'tr' && e.getAttribute('data-row') !== null);
  assert.ok(rows.length >= o.tables.length);
  for (const r of rows) {
    assert.equal(r.getAttribute('tabindex'), '0');
    assert.ok(r.getAttribute('data-table'));
    assert.match(r.getAttribute('aria-label')!, /Sessions: \d/);
  }
  const ehlo = rows.find((r) => r.getAttribute('data-table') === 'ehlo')!;
  assert.equal(ehlo.getAttribute('data-row'), '<script>alert(1)</script>');
  press(ehlo, 'Enter');
  assert.deepEqual(posted.pop(), { type: 'listSessions', uri: 'file:///logs/RECV.LOG', table: 'ehlo', row: '<script>alert(1)</script>' });
  // a table whose rows have no sessions (other logs): the row reveals its line
  const generic: Overview = { ...o, tables: [{ id: 'remoteIps', title: 'Client IP addresses', columns: [{ label: 'Client IP', numeric: false }, { label: 'Lines', numeric: true }], rows: [{ key: '1.2.3.4', cells: ['1.2.3.4', 2], sessions: [], sessionCount: 0, line: 7 }], totalRows: 4 }] };
  const g = draw(generic);
  const row = allElements(g.root).find((e) => e.getAttribute('data-row') === '1.2.3.4')!;
  assert.match(row.getAttribute('aria-label')!, /Go to line 8/);
  click(row);
  assert.deepEqual(g.posted.pop(), { type: 'revealLine', uri: 'file:///logs/RECV.LOG', line: 7 });
  assert.ok(g.root.textContent.includes('3 more not shown'));
});

test('the focus is restored after a redraw; a log without times says so', () => {
  const o = hostileOverview();
  const key = `bucket:${o.timeline!.buckets[2].start}`;
  const { doc, root } = draw(o, { restoreFocus: key });
  assert.equal(doc.activeElement?.getAttribute('data-bucket'), '2');
  assert.equal(doc.activeElement?.getAttribute('tabindex'), '0');
  assert.equal(allElements(root).filter((e) => e.getAttribute('tabindex') === '0' && e.getAttribute('data-bucket') !== null).length, 1);
  const noTimes = draw({ ...o, timeline: null, firstTime: null, lastTime: null });
  assert.ok(noTimes.root.textContent.includes('No times'));
});
