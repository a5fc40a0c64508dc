/**
 * Draws the overview: a header, a stacked-bar timeline (hand-drawn SVG, so every bar is a real,
 * focusable element with data- attributes) and the tables. Everything from the log is put into the
 * page with `textContent` or as an attribute value set through `setAttribute` (never as markup), so
 * `<script>` or `<img onerror>` in an EHLO name stays text.
 * The document is passed in, so a test can run this with a minimal fake DOM.
 */
import type { Overview, OverviewBucket, OverviewTable, OverviewTimeline } from '../../protocol/src/index';
import type { FromWebview, OverviewStrings } from './messages';

const SVG = 'http://www.w3.org/2000/svg';

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

interface Geometry {
  slots: number;
  slot: number;
  plotLeft: number;
  plotTop: number;
  plotHeight: number;
  width: number;
  height: number;
  max: number;
}

export function geometry(tl: OverviewTimeline, width: number): Geometry {
  const slots = Math.max(1, Math.round((tl.end - tl.start) / tl.bucketMs));
  const plotLeft = 48, plotTop = 8, plotHeight = 160, right = 8;
  const slot = Math.max(3, Math.min(40, (Math.max(200, width) - plotLeft - right) / slots));
  let max = 0;
  for (const b of tl.buckets) {
    let stack = 0;
    tl.series.forEach((s, i) => {
      if (s.style === 'bar') stack += b.counts[i] ?? 0;
      else max = Math.max(max, b.counts[i] ?? 0);
    });
    max = Math.max(max, stack);
  }
  return { slots, slot, plotLeft, plotTop, plotHeight, width: plotLeft + slots * slot + right, height: plotTop + plotHeight + 28, max: Math.max(1, max) };
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
  const svg = (tag: string, attrs: Record<string, string | number>): SVGElement => {
    const e = doc.createElementNS(SVG, tag) as SVGElement;
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
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
    const legend = el('ul', 'legend');
    for (const se of tl.series) {
      const li = el('li');
      li.appendChild(el('span', `swatch ${se.style} c-${se.color}`));
      li.appendChild(el('span', undefined, se.label));
      legend.appendChild(li);
    }
    section.appendChild(legend);
    const g = geometry(tl, opt.width);
    const scroller = el('div', 'chart-scroll');
    const chart = svg('svg', { width: g.width, height: g.height, class: 'chart', role: 'group', 'aria-label': `${s.chartLabel} (${bucketName(tl, s)})` });
    const yOf = (v: number) => g.plotTop + g.plotHeight - (v / g.max) * g.plotHeight;
    // grid and y labels
    for (const v of [0, g.max / 2, g.max]) {
      const y = yOf(v);
      chart.appendChild(svg('line', { x1: g.plotLeft, x2: g.width - 8, y1: y, y2: y, class: 'grid' }));
      const label = svg('text', { x: g.plotLeft - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' });
      label.textContent = fmt(Math.round(v * 10) / 10);
      chart.appendChild(label);
    }
    // x labels, at least 90 px apart
    const every = Math.max(1, Math.ceil(90 / g.slot));
    const withDate = tl.end - tl.start > 24 * 3600000;
    for (let i = 0; i < g.slots; i += every) {
      const label = svg('text', { x: g.plotLeft + i * g.slot, y: g.plotTop + g.plotHeight + 18, class: 'axis' });
      label.textContent = timeLabel(tl.start + i * tl.bucketMs, tl.bucketMs, withDate);
      chart.appendChild(label);
    }
    const bars: SVGElement[] = [];
    const linePoints = new Map<number, string[]>();
    tl.buckets.forEach((b, bi) => {
      const slotIndex = Math.round((b.start - tl.start) / tl.bucketMs);
      const x = g.plotLeft + slotIndex * g.slot;
      const lines = bucketLines(tl, b, fmt);
      const group = svg('g', {
        class: 'bucket', role: 'button', tabindex: -1, 'aria-label': lines.join(', '),
        'data-bucket': bi, 'data-start': new Date(b.start).toISOString(), 'data-line': b.line,
      });
      group.appendChild(svg('rect', { x, y: g.plotTop, width: g.slot, height: g.plotHeight, class: 'hit' }));
      let stack = 0;
      tl.series.forEach((se, i) => {
        const v = b.counts[i] ?? 0;
        if (se.style === 'line') {
          const pts = linePoints.get(i) ?? [];
          pts.push(`${x + g.slot / 2},${yOf(v)}`);
          linePoints.set(i, pts);
          return;
        }
        if (v <= 0) return;
        const y0 = yOf(stack), y1 = yOf(stack + v);
        group.appendChild(svg('rect', { x: x + (g.slot > 4 ? 1 : 0), y: y1, width: Math.max(1, g.slot - (g.slot > 4 ? 2 : 0)), height: Math.max(1, y0 - y1), class: `bar c-${se.color}`, 'data-series': se.id }));
        stack += v;
      });
      const activate = () => opt.post({ type: 'revealLine', uri: o.uri, line: b.line });
      const focusKey = `bucket:${b.start}`;
      group.addEventListener('click', activate);
      group.addEventListener('keydown', (e: Event) => {
        const k = (e as KeyboardEvent).key;
        const move = (to: number) => {
          const target = bars[Math.max(0, Math.min(bars.length - 1, to))];
          group.setAttribute('tabindex', '-1');
          target.setAttribute('tabindex', '0');
          (target as unknown as HTMLElement).focus();
        };
        if (k === 'Enter' || k === ' ') activate();
        else if (k === 'ArrowRight') move(bi + 1);
        else if (k === 'ArrowLeft') move(bi - 1);
        else if (k === 'Home') move(0);
        else if (k === 'End') move(bars.length - 1);
        else if (k === 'Escape') opt.tooltip(undefined);
        else return;
        e.preventDefault();
      });
      group.addEventListener('mouseenter', () => opt.tooltip(lines, group));
      group.addEventListener('mouseleave', () => opt.tooltip(undefined));
      group.addEventListener('focus', () => {
        opt.focused(focusKey);
        opt.tooltip(lines, group);
      });
      group.addEventListener('blur', () => opt.tooltip(undefined));
      if (opt.restoreFocus === focusKey) toFocus = group;
      bars.push(group);
      chart.appendChild(group);
    });
    for (const [i, pts] of linePoints) {
      chart.appendChild(svg('polyline', { points: pts.join(' '), class: `line c-${tl.series[i].color}`, 'data-series': tl.series[i].id }));
    }
    // one tab stop for the whole chart: the restored bar, else the first
    const tabStop = toFocus && bars.includes(toFocus as SVGElement) ? (toFocus as SVGElement) : bars[0];
    tabStop.setAttribute('tabindex', '0');
    scroller.appendChild(chart);
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
