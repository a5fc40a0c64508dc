/**
 * Draws a report (ReportResult of `exchangeLog/collection/report`): its title and what it counted,
 * what it covers, the partial notice, the mistakes of its search, the summary, each chart (Observable
 * Plot through ../chart/chart.ts, with a legend, tooltips and its data as a table below it), then each
 * table: sortable by its headings (a button each: click or Enter), flagged rows marked with the flag's
 * text, each row with sessions or a message clickable and Enter-able, "Copy as CSV" and "Save as
 * CSV…" (the extension writes the CSV, in the order shown).
 * Everything from the log goes into the page with `textContent` or `setAttribute`, never as markup.
 * The document is passed in, so the tests run this on jsdom.
 */
import type { ReportChart, ReportColumn, ReportResult, ReportTable } from '../../protocol/src/index';
import { ChartSpec, SERIES_COLORS, drawChart, drawLegend } from '../chart/chart';
import { Formatters, compareCells, format, formatters, isNumericType, isoTime, safeLocale } from './format';
import type { FromWebview, ReportPanelParams, ReportStrings } from './messages';

export interface RenderInput {
  result: ReportResult;
  params: ReportPanelParams;
  lang: string;
  strings: ReportStrings;
  /** The file name when the report counted the open document. */
  scopeName: string;
}

/** How a table is sorted: the column key, ascending (1) or descending (-1). */
export interface SortState {
  key: string;
  dir: 1 | -1;
}

export interface RenderOptions {
  /** Width available for a chart, in CSS pixels. */
  width: number;
  post: (message: FromWebview) => void;
  tooltip: (lines: string[] | undefined, anchor?: Element) => void;
  /** Sort of each table by id, as last chosen (kept in the webview state). */
  sort: Record<string, SortState>;
  /** The user sorted a table. */
  sorted: (table: string, sort: SortState) => void;
}

/** The rows of a table in the order shown: the server's order, or sorted (stable) by one column. */
export function sortedOrder(table: ReportTable, sort: SortState | undefined, collator: Intl.Collator): number[] {
  const order = table.rows.map((_, i) => i);
  const column = sort && table.columns.find((c) => c.key === sort.key);
  if (!sort || !column) return order;
  return order.sort((a, b) => compareCells(table.rows[a].cells[column.key] ?? null, table.rows[b].cells[column.key] ?? null, column.type, sort.dir, collator) || a - b);
}

/** The y values of a chart written in its unit. */
export function yFormatter(chart: ReportChart, f: Formatters): (n: number) => string {
  switch (chart.yUnit) {
    case 'ms': {
      const max = Math.max(0, ...chart.series.flatMap((s) => s.points.map((p) => p.y)));
      return max >= 2000 ? (n) => `${f.number(n / 1000)} s` : (n) => `${f.number(n)} ms`;
    }
    case 's': return (n) => `${f.number(n)} s`;
    case 'bytes': return f.bytes;
    default: return f.number;
  }
}

/** A UTC interval as a tooltip and the data table write it: `2024-03-05 10:00–11:00 UTC`. */
export function intervalLabel(start: number, step: number): string {
  const a = isoTime(start), b = isoTime(start + step);
  const date = a.slice(0, 10);
  if (step >= 86_400_000) return step === 86_400_000 ? `${date} UTC` : `${date} – ${b.slice(0, 10)} UTC`;
  const cut = step < 60_000 ? 19 : 16;
  const end = b.slice(0, 10) === date ? b.slice(11, cut) : `${b.slice(0, 10)} ${b.slice(11, cut)}`;
  return `${date} ${a.slice(11, cut)}–${end} UTC`;
}

export interface ChartData {
  spec: Omit<ChartSpec, 'width' | 'ariaLabel'>;
  /** The x values as the data table's first column writes them. */
  xLabels: string[];
}

/**
 * A report chart as the chart module draws it: its x values (distinct times in order, each an
 * interval as long as the smallest gap between them; or the categories in order of appearance), one
 * series per named series, and the values (summed when a series gives an x twice; a bar that a series
 * does not give is 0, a line has no point there).
 */
export function chartData(chart: ReportChart, f: Formatters, strings: ReportStrings): ChartData {
  const style = chart.mark === 'bars' ? 'bar' : 'line';
  const series = chart.series.map((s, i) => ({ id: String(i), label: s.name, style, color: SERIES_COLORS[i % SERIES_COLORS.length] } as const));
  const yFormat = yFormatter(chart, f);
  let keys: (number | string)[];
  let x: ChartSpec['x'];
  let xLabels: string[];
  if (chart.x === 'time') {
    const times = [...new Set(chart.series.flatMap((s) => s.points.map((p) => Number(p.x))).filter(Number.isFinite))].sort((a, b) => a - b);
    let step = Infinity;
    for (let i = 1; i < times.length; i++) step = Math.min(step, times[i] - times[i - 1]);
    if (!Number.isFinite(step) || step <= 0) step = 3_600_000;
    keys = times;
    x = { type: 'time', starts: times, step };
    xLabels = times.map((t) => intervalLabel(t, step));
  } else {
    const names: string[] = [];
    const seen = new Set<string>();
    for (const s of chart.series) for (const p of s.points) {
      const k = String(p.x);
      if (!seen.has(k)) {
        seen.add(k);
        names.push(k);
      }
    }
    keys = names;
    x = { type: 'category', names };
    xLabels = names;
  }
  const position = new Map<number | string, number>(keys.map((k, i) => [k, i]));
  const values = keys.map(() => chart.series.map(() => (style === 'bar' ? 0 : NaN)));
  chart.series.forEach((s, si) => {
    for (const p of s.points) {
      const i = position.get(chart.x === 'time' ? Number(p.x) : String(p.x));
      if (i === undefined || !Number.isFinite(p.y)) continue;
      values[i][si] = Number.isNaN(values[i][si]) ? p.y : values[i][si] + p.y;
    }
  });
  const pointLines = (i: number): string[] => {
    const lines = [xLabels[i]];
    series.forEach((se, s) => {
      const v = values[i][s];
      if (style === 'line' && !Number.isFinite(v)) return;
      lines.push(`${se.label}: ${yFormat(v)}`);
    });
    if (style === 'bar' && series.length > 1) lines.push(`${strings.total}: ${yFormat(values[i].reduce((a, b) => a + b, 0))}`);
    return lines;
  };
  return {
    spec: { x, series, values, yLabel: chart.yLabel || undefined, yFormat, pointLines, minSlot: chart.x === 'time' ? 4 : 16, maxSlot: chart.x === 'time' ? 40 : 80 },
    xLabels,
  };
}

export function render(doc: Document, root: HTMLElement, input: RenderInput, opt: RenderOptions): void {
  const { result: r, strings: s, params } = input;
  const f = formatters(input.lang);
  const collator = new Intl.Collator(safeLocale(input.lang), { numeric: true, sensitivity: 'base' });
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag);
    if (cls) e.setAttribute('class', cls);
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const button = (text: string, action: string, onClick: () => void): HTMLButtonElement => {
    const b = el('button', 'action', text);
    b.setAttribute('type', 'button');
    b.setAttribute('data-action', action);
    b.addEventListener('click', onClick);
    return b;
  };
  const children: Node[] = [];

  // Header: what the report is, what it covers, the refresh button.
  const header = el('header');
  const titleRow = el('div', 'title-row');
  titleRow.appendChild(el('h1', undefined, r.title));
  titleRow.appendChild(button(s.refresh, 'refresh', () => opt.post({ type: 'refresh' })));
  header.appendChild(titleRow);
  if (r.description) header.appendChild(el('p', 'description', r.description));
  const meta: string[] = [r.source === 'document' ? format(s.overDocument, input.scopeName) : s.overCollection];
  if (params.where) meta.push(format(s.narrowedBy, params.where));
  meta.push(format(s.elapsed, f.number(Math.round(r.elapsedMs))));
  header.appendChild(el('p', 'meta', meta.join(' · ')));
  children.push(header);

  if (r.partial) {
    const p = el('p', 'notice partial', s.partial);
    p.setAttribute('role', 'status');
    children.push(p);
  }

  // The search's mistakes, each with the query and the wrong span marked.
  if (r.problems.length > 0) {
    const box = el('section', 'problems');
    box.setAttribute('role', 'alert');
    box.appendChild(el('h2', undefined, s.problems));
    const ul = el('ul');
    const where = params.where ?? '';
    for (const p of r.problems) {
      const li = el('li');
      li.appendChild(el('p', 'problem-message', p.message));
      if (where) {
        const code = el('code', 'query');
        const start = Math.max(0, Math.min(where.length, p.start)), end = Math.max(start, Math.min(where.length, p.end));
        code.appendChild(doc.createTextNode(where.slice(0, start)));
        code.appendChild(el('mark', undefined, start === end ? ' ' : where.slice(start, end)));
        code.appendChild(doc.createTextNode(where.slice(end)));
        li.appendChild(code);
      }
      ul.appendChild(li);
    }
    box.appendChild(ul);
    children.push(box);
  }

  // Named numbers of the whole report (latency: count, p50… in seconds).
  const summary = Object.entries(r.summary ?? {});
  if (summary.length > 0) {
    const box = el('section', 'summary');
    box.appendChild(el('h2', undefined, s.summary));
    const dl = el('dl');
    for (const [k, v] of summary) {
      const item = el('div');
      item.appendChild(el('dt', undefined, k));
      item.appendChild(el('dd', undefined, typeof v === 'number' ? f.number(v) : String(v)));
      dl.appendChild(item);
    }
    box.appendChild(dl);
    children.push(box);
  }

  r.charts.forEach((chart, ci) => children.push(renderChart(chart, ci)));
  for (const table of r.tables) children.push(renderTable(table));
  root.replaceChildren(...children);

  function renderChart(chart: ReportChart, ci: number): HTMLElement {
    const box = el('section', 'report-chart');
    box.setAttribute('data-chart', String(ci));
    box.appendChild(el('h2', undefined, chart.title));
    const data = chartData(chart, f, s);
    if (data.xLabels.length === 0) {
      box.appendChild(el('p', 'status', s.noData));
      return box;
    }
    box.appendChild(el('p', 'help', chart.x === 'time' ? `${s.timesUtc} ${s.chartHelp}` : s.chartHelp));
    box.appendChild(drawLegend(doc, data.spec.series));
    const scroller = el('div', 'chart-scroll');
    const drawn = drawChart(doc, { ...data.spec, width: opt.width, ariaLabel: chart.title }, { pointClass: 'point', role: 'img', tooltip: opt.tooltip });
    scroller.appendChild(drawn.svg);
    box.appendChild(scroller);
    // The same numbers as a table, for screen readers and for reading exact values.
    const details = el('details', 'chart-data');
    details.appendChild(el('summary', undefined, s.chartData));
    const t = el('table');
    t.setAttribute('aria-label', chart.title);
    const hr = el('tr');
    const xh = el('th', undefined, chart.xLabel);
    xh.setAttribute('scope', 'col');
    hr.appendChild(xh);
    for (const se of data.spec.series) {
      const th = el('th', 'num', se.label);
      th.setAttribute('scope', 'col');
      hr.appendChild(th);
    }
    const thead = el('thead');
    thead.appendChild(hr);
    t.appendChild(thead);
    const tbody = el('tbody');
    data.xLabels.forEach((label, i) => {
      const tr = el('tr');
      const th = el('th', 'text', label);
      th.setAttribute('scope', 'row');
      tr.appendChild(th);
      data.spec.series.forEach((_, si) => {
        const v = data.spec.values[i][si];
        tr.appendChild(el('td', 'num', Number.isFinite(v) ? data.spec.yFormat(v) : ''));
      });
      tbody.appendChild(tr);
    });
    t.appendChild(tbody);
    details.appendChild(t);
    box.appendChild(details);
    return box;
  }

  function renderTable(table: ReportTable): HTMLElement {
    const box = el('section', 'report-table');
    box.setAttribute('data-table', table.id);
    box.appendChild(el('h2', undefined, table.title));
    let order = sortedOrder(table, opt.sort[table.id], collator);
    const toolbar = el('div', 'toolbar');
    toolbar.appendChild(button(s.copyCsv, 'copy-csv', () => opt.post({ type: 'copyCsv', table: table.id, order })));
    toolbar.appendChild(button(s.saveCsv, 'save-csv', () => opt.post({ type: 'saveCsv', table: table.id, order })));
    if (table.total > table.rows.length) toolbar.appendChild(el('span', 'more', format(s.rowsOf, f.number(table.rows.length), f.number(table.total))));
    box.appendChild(toolbar);
    if (table.rows.length === 0) {
      box.appendChild(el('p', 'status', s.noRows));
      return box;
    }
    const traces = table.rows.some((row) => row.trace), searches = table.rows.some((row) => row.where);
    if (traces || searches) box.appendChild(el('p', 'help', traces && !searches ? s.tableHelpTrace : s.tableHelp));
    const flagged = table.rows.some((row) => row.flag);
    const t = el('table');
    t.setAttribute('aria-label', table.title);
    const thead = el('thead');
    const hr = el('tr');
    if (flagged) {
      const th = el('th', 'flag', s.flag);
      th.setAttribute('scope', 'col');
      hr.appendChild(th);
    }
    const headings: { column: ReportColumn; th: HTMLElement }[] = [];
    for (const column of table.columns) {
      const th = el('th', isNumericType(column.type) ? 'num' : undefined);
      th.setAttribute('scope', 'col');
      th.setAttribute('data-column', column.key);
      const b = el('button', 'sort');
      b.setAttribute('type', 'button');
      b.setAttribute('title', format(s.sortBy, column.title));
      b.appendChild(el('span', undefined, column.title));
      b.appendChild(el('span', 'sort-mark'));
      b.addEventListener('click', () => {
        const current = opt.sort[table.id];
        const next: SortState = current?.key === column.key
          ? { key: column.key, dir: current.dir === 1 ? -1 : 1 }
          : { key: column.key, dir: isNumericType(column.type) ? -1 : 1 };
        opt.sort[table.id] = next;
        opt.sorted(table.id, next);
        order = sortedOrder(table, next, collator);
        markSort();
        fillBody();
      });
      th.appendChild(b);
      hr.appendChild(th);
      headings.push({ column, th });
    }
    thead.appendChild(hr);
    t.appendChild(thead);
    const tbody = el('tbody');
    t.appendChild(tbody);
    const scroller = el('div', 'table-scroll');
    scroller.appendChild(t);
    box.appendChild(scroller);

    function markSort(): void {
      const sort = opt.sort[table.id];
      for (const { column, th } of headings) {
        const on = sort?.key === column.key;
        th.setAttribute('aria-sort', on ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none');
        const mark = th.querySelector('.sort-mark');
        if (mark) mark.textContent = on ? (sort.dir === 1 ? ' ▲' : ' ▼') : '';
      }
    }

    function fillBody(): void {
      const rows: HTMLElement[] = [];
      const trs = order.map((ri) => {
        const row = table.rows[ri];
        const actionable = Boolean(row.trace || row.where);
        const tr = el('tr', ['row', actionable ? 'action' : '', row.flag ? `flag-${row.flag}` : ''].filter(Boolean).join(' '));
        tr.setAttribute('data-table', table.id);
        tr.setAttribute('data-row', String(ri));
        if (row.flag) tr.setAttribute('data-flag', row.flag);
        if (flagged) {
          const text = row.flag ? format(row.flag === 'error' ? s.flagError : s.flagWarning, row.flagText ?? '') : '';
          tr.appendChild(el('td', row.flag ? `flag ${row.flag}` : 'flag', text));
        }
        for (const column of table.columns) {
          const value = row.cells[column.key] ?? null;
          const text = f.cell(value, column.type);
          const td = el('td', isNumericType(column.type) ? 'num' : column.type === 'list' ? 'list' : 'text', text);
          if (column.type === 'time' && typeof value === 'number') td.setAttribute('title', new Date(value).toISOString());
          else if ((column.type === 'duration' || column.type === 'bytes') && typeof value === 'number') td.setAttribute('title', f.number(value));
          else if (text) td.setAttribute('title', text);
          tr.appendChild(td);
        }
        if (actionable) {
          tr.setAttribute('tabindex', '0');
          const activate = () => opt.post({ type: 'openRow', table: table.id, row: ri });
          tr.addEventListener('click', activate);
          tr.addEventListener('keydown', (e: Event) => {
            const k = (e as KeyboardEvent).key;
            const i = rows.indexOf(tr);
            if (k === 'Enter' || k === ' ') activate();
            else if (k === 'ArrowDown' && i + 1 < rows.length) rows[i + 1].focus();
            else if (k === 'ArrowUp' && i > 0) rows[i - 1].focus();
            else return;
            e.preventDefault();
          });
          rows.push(tr);
        }
        return tr;
      });
      tbody.replaceChildren(...trs);
    }
    markSort();
    fillBody();
    return box;
  }
}
