/**
 * Draws the overview: a header, a stacked-bar timeline (drawn by Observable Plot through
 * ../chart/chart.ts: each interval is a focusable element with data- attributes, a label and a
 * tooltip) and the tables. Everything from the log is put into the page with `textContent` or as an
 * attribute value set through `setAttribute` (never as markup), so `<script>` or `<img onerror>` in an
 * EHLO name stays text. The document is passed in, so a test can run this on jsdom.
 */
import type { Overview, OverviewBucket, OverviewTable, OverviewTimeline } from '../../protocol/src/index';
import type { FromWebview, OverviewStrings } from './messages';
import { drawChart, drawLegend } from '../chart/chart';

export interface RenderInput {
  overview: Overview;
  fileName: string;
  lang: string;
  strings: OverviewStrings;
}

export interface RenderOptions {
  /** Width available for the chart, in CSS pixels. */
  width: number;
  post: (message: FromWebview) => void;
  /** Shows or hides the tooltip for a bar (lines of text; undefined hides it). */
  tooltip: (lines: string[] | undefined, anchor?: Element) => void;
  /** Called when a bar or a row gets the focus, so that it can be restored after a redraw. */
  focused: (key: string) => void;
  /** The focus key to restore (`bucket:<start>` or `row:<table>:<key>`). */
  restoreFocus?: string;
}

/** `format('{0} of {1}', a, b)`. */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (+i < args.length ? String(args[+i]) : m));
}

/** UTC time of a bucket as the axis shows it: seconds for per-second buckets, the date for long logs. */
export function timeLabel(ms: number, bucketMs: number, withDate: boolean): string {
  const iso = new Date(ms).toISOString();
  const time = bucketMs < 60000 ? iso.slice(11, 19) : iso.slice(11, 16);
  return withDate ? `${iso.slice(0, 10)} ${time}` : time;
}

export function bucketName(tl: OverviewTimeline, s: OverviewStrings): string {
  const m = tl.bucketMs / 60000;
  if (tl.bucketMs < 60000) return s.perSecond;
  if (m === 1) return s.perMinute;
  if (m < 60) return format(s.perMinutes, m);
  if (m < 1440) return format(s.perHours, m / 60);
  return format(s.perDays, m / 1440);
}

/** The accessible label and tooltip lines of one bar: its time, then one line per series. */
export function bucketLines(tl: OverviewTimeline, b: OverviewBucket, fmt: (n: number) => string): string[] {
  const lines = [`${timeLabel(b.start, tl.bucketMs, true)} UTC`];
  tl.series.forEach((s, i) => lines.push(`${s.label}: ${fmt(b.counts[i] ?? 0)}`));
  return lines;
}

export function render(doc: Document, root: HTMLElement, input: RenderInput, opt: RenderOptions): void {
  const { overview: o, strings: s } = input;
  const nf = new Intl.NumberFormat(safeLocale(input.lang));
  const fmt = (n: number) => nf.format(n);
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag);
    if (cls) e.setAttribute('class', cls);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const children: Node[] = [];
  let toFocus: HTMLElement | SVGElement | undefined;

  // Header
  const header = el('header');
  header.appendChild(el('h1', undefined, `${input.fileName} — ${o.kindName}`));
  const range = o.firstTime !== null && o.lastTime !== null
    ? ` · ${timeLabel(o.firstTime, 1000, true)} – ${timeLabel(o.lastTime, 1000, true)} UTC` : '';
  header.appendChild(el('p', 'summary', format(s.summary, fmt(o.records), fmt(o.sessions)) + range));
  children.push(header);

  // Timeline
  const section = el('section', 'timeline');
  section.setAttribute('aria-label', s.timeline);
  const tl = o.timeline;
  section.appendChild(el('h2', undefined, tl ? `${s.timeline} (${bucketName(tl, s)})` : s.timeline));
  if (!tl || tl.buckets.length === 0) {
    section.appendChild(el('p', 'status', s.noTimes));
  } else {
    section.appendChild(el('p', 'help', s.timelineHelp));
    section.appendChild(drawLegend(doc, tl.series));
    const scroller = el('div', 'chart-scroll');
    const bucketIndex = opt.restoreFocus?.startsWith('bucket:') ? tl.buckets.findIndex((b) => `bucket:${b.start}` === opt.restoreFocus) : -1;
    const chart = drawChart(doc, {
      ariaLabel: `${s.chartLabel} (${bucketName(tl, s)})`,
      x: { type: 'time', starts: tl.buckets.map((b) => b.start), step: tl.bucketMs, domain: [tl.start, Math.max(tl.end, tl.start + tl.bucketMs)] },
      series: tl.series,
      values: tl.buckets.map((b) => tl.series.map((_, i) => b.counts[i] ?? 0)),
      width: opt.width,
      yFormat: fmt,
      pointLines: (i) => bucketLines(tl, tl.buckets[i], fmt),
    }, {
      pointClass: 'bucket',
      role: 'button',
      attributes: (i) => ({ 'data-bucket': String(i), 'data-start': new Date(tl.buckets[i].start).toISOString(), 'data-line': String(tl.buckets[i].line) }),
      activate: (i) => opt.post({ type: 'revealLine', uri: o.uri, line: tl.buckets[i].line }),
      tooltip: opt.tooltip,
      focused: (i) => opt.focused(`bucket:${tl.buckets[i].start}`),
      restoreFocus: bucketIndex >= 0 ? bucketIndex : undefined,
    });
    if (chart.focus) toFocus = chart.focus;
    scroller.appendChild(chart.svg);
    section.appendChild(scroller);
  }
  children.push(section);

  // Tables
  if (o.tables.length > 0) {
    const grid = el('div', 'tables');
    const help = el('p', 'help', s.tablesHelp);
    children.push(help);
    for (const table of o.tables) {
      const { box, focus } = renderTable(table);
      if (focus) toFocus = focus;
      grid.appendChild(box);
    }
    children.push(grid);
  }

  function renderTable(table: OverviewTable): { box: HTMLElement; focus?: HTMLElement } {
    let focus: HTMLElement | undefined;
    const box = el('section', 'table-box');
    box.setAttribute('data-table', table.id);
    const h = el('h2', undefined, table.title);
    box.appendChild(h);
    const t = el('table');
    t.setAttribute('aria-label', table.title);
    const thead = el('thead');
    const hr = el('tr');
    for (const c of table.columns) {
      const th = el('th', c.numeric ? 'num' : undefined, c.label);
      th.setAttribute('scope', 'col');
      hr.appendChild(th);
    }
    thead.appendChild(hr);
    t.appendChild(thead);
    const tbody = el('tbody');
    const rows: HTMLElement[] = [];
    table.rows.forEach((row, ri) => {
      const tr = el('tr', 'row');
      tr.setAttribute('tabindex', '0');
      tr.setAttribute('data-table', table.id);
      tr.setAttribute('data-row', row.key);
      tr.setAttribute('data-line', String(row.line));
      tr.setAttribute('data-sessions', String(row.sessionCount));
      const cellText = row.cells.map((c) => (typeof c === 'number' ? fmt(c) : c));
      const what = row.sessions.length > 0 ? format(s.rowSessions, fmt(row.sessionCount)) : format(s.rowLine, fmt(row.line + 1));
      tr.setAttribute('aria-label', `${table.columns.map((c, i) => `${c.label}: ${cellText[i] ?? ''}`).join(', ')}. ${what}`);
      row.cells.forEach((c, i) => {
        const td = el('td', typeof c === 'number' || table.columns[i]?.numeric ? 'num' : 'text', cellText[i]);
        if (typeof c === 'string') td.setAttribute('title', c);
        tr.appendChild(td);
      });
      const activate = () => {
        if (row.sessions.length > 0) opt.post({ type: 'listSessions', uri: o.uri, table: table.id, row: row.key });
        else opt.post({ type: 'revealLine', uri: o.uri, line: row.line });
      };
      tr.addEventListener('click', activate);
      tr.addEventListener('keydown', (e: Event) => {
        const k = (e as KeyboardEvent).key;
        if (k === 'Enter' || k === ' ') activate();
        else if (k === 'ArrowDown' && ri + 1 < rows.length) rows[ri + 1].focus();
        else if (k === 'ArrowUp' && ri > 0) rows[ri - 1].focus();
        else return;
        e.preventDefault();
      });
      const key = `row:${table.id}:${row.key}`;
      tr.addEventListener('focus', () => opt.focused(key));
      if (opt.restoreFocus === key) focus = tr;
      rows.push(tr);
      tbody.appendChild(tr);
    });
    t.appendChild(tbody);
    box.appendChild(t);
    if (table.totalRows > table.rows.length) box.appendChild(el('p', 'more', format(s.more, fmt(table.totalRows - table.rows.length))));
    return { box, focus };
  }

  root.replaceChildren(...children);
  if (toFocus) (toFocus as HTMLElement).focus();
}

function safeLocale(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    return 'en';
  }
}
