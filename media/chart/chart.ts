/**
 * Charts of the webviews (the overview's timeline, the reports' charts), drawn by Observable Plot:
 * its scales give the nice round ticks and UTC time axes, its stack transform the stacked bars, its
 * marks the SVG. What Plot does not do, this module adds to the SVG it returns:
 * - one focusable element per x value (a transparent band the height of the chart, Plot's `rect` or
 *   `cell` mark) with a role, an accessible label (the x value and every series' value), the caller's
 *   data- attributes, a roving tab stop (arrow keys, Home, End), Enter/click, and a tooltip on hover
 *   and focus;
 * - theme colours: marks are classed `bar c-<color>` / `line c-<color>` and the style sheet fills them
 *   with `--vscode-charts-<color>` (dark, light and high-contrast themes), not with inline colours;
 * - the strict Content-Security-Policy of the webviews allows no inline `<style>` element: the one Plot
 *   puts in its SVG is removed before the SVG enters the page (chart.css has the same rules).
 * The document is passed in (Plot's `document` option), so the tests run this on jsdom.
 */
import * as Plot from '@observablehq/plot';

/** Theme chart colours (`--vscode-charts-<color>`). */
export type ChartColor = 'blue' | 'green' | 'red' | 'yellow' | 'orange' | 'purple' | 'foreground';

/** Colours given to series in order when the data names none (the series of a report). */
export const SERIES_COLORS: readonly ChartColor[] = ['blue', 'orange', 'green', 'purple', 'yellow', 'red', 'foreground'];

export interface ChartSeries {
  id: string;
  /** Localised name (legend, tooltip). */
  label: string;
  /** Bars are stacked in series order; lines are drawn over them. */
  style: 'bar' | 'line';
  color: ChartColor;
}

/**
 * The x values: UTC intervals `[start, start + step)` (ms since the epoch; `domain` is the whole range,
 * empty intervals included), or named categories in order.
 */
export type ChartX =
  | { type: 'time'; starts: number[]; step: number; domain?: [number, number] }
  | { type: 'category'; names: string[] };

export interface ChartSpec {
  /** The SVG's accessible name. */
  ariaLabel: string;
  x: ChartX;
  series: ChartSeries[];
  /** `values[i][s]`: the value of series `s` at the i-th x value. */
  values: number[][];
  /** Width available, in CSS pixels: the chart is no wider unless each x value would get less than `minSlot`. */
  width: number;
  /** Height of the plotting area (default 160). */
  plotHeight?: number;
  /** Width of one x value, in pixels, at least and at most (defaults 3 and 40). */
  minSlot?: number;
  maxSlot?: number;
  /** Axis label of y, shown above it. */
  yLabel?: string;
  /** How y values are written (ticks; the tooltips are the caller's `pointLines`). */
  yFormat: (n: number) => string;
  /** The accessible label and tooltip lines of the i-th x value: what it is, then one line per series. */
  pointLines: (i: number) => string[];
}

export interface ChartInteraction {
  /** Class of the focusable elements (`bucket`, `point`). */
  pointClass: string;
  /** `button` when a point does something (`activate`), else `img`. */
  role: 'button' | 'img';
  /** More attributes of the i-th point (`data-line`…). */
  attributes?: (i: number) => Record<string, string>;
  activate?: (i: number) => void;
  /** Shows the tooltip lines beside an element, or hides it (no lines). */
  tooltip: (lines: string[] | undefined, anchor?: Element) => void;
  /** The i-th point got the focus. */
  focused?: (i: number) => void;
  /** The point that holds the tab stop (and gets the focus back after a redraw). */
  restoreFocus?: number;
}

export interface DrawnChart {
  svg: SVGSVGElement;
  /** The focusable points, in x order. */
  points: SVGElement[];
  /** The point of `restoreFocus`, when there is one. */
  focus?: SVGElement;
}

interface BarDatum { i: number; s: number; y: number }

/** ISO date and time of a UTC instant: `2024-01-01`, `10:00`, `10:00:05`. */
function isoParts(ms: number): { date: string; minute: string; second: string } {
  const iso = new Date(ms).toISOString();
  return { date: iso.slice(0, 10), minute: iso.slice(11, 16), second: iso.slice(11, 19) };
}

/**
 * Tick labels of a UTC axis (Plot chooses the ticks): 24-hour times, seconds when the ticks are less
 * than a minute apart, the date under the first tick and wherever the day changes, dates alone when
 * ticks are a day or more apart.
 */
export function utcTickFormat(spanMs: number, ticks: number): (d: Date, i: number) => string {
  const approxStep = spanMs / Math.max(1, ticks);
  let previousDate = '';
  return (d: Date, i: number) => {
    const p = isoParts(d.getTime());
    if (approxStep >= 86_400_000) return p.date;
    const time = approxStep < 60_000 ? p.second : p.minute;
    const withDate = i === 0 || p.date !== previousDate;
    previousDate = p.date;
    return withDate ? `${time}\n${p.date}` : time;
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, Math.max(1, max - 1)) + '…' : text;
}

export function drawChart(doc: Document, spec: ChartSpec, on: ChartInteraction): DrawnChart {
  const n = spec.values.length;
  const plotHeight = spec.plotHeight ?? 160;
  const minSlot = spec.minSlot ?? 3;
  const maxSlot = spec.maxSlot ?? 40;
  const x = spec.x;

  // Where each x value sits: [x1, x2) on a UTC scale, or a band of a band scale.
  let slots: number;
  let domain: [number, number] = [0, 0];
  if (x.type === 'time') {
    const first = x.starts.length ? Math.min(...x.starts) : 0;
    const last = x.starts.length ? Math.max(...x.starts) + x.step : x.step;
    domain = x.domain ?? [first, last];
    slots = Math.max(1, Math.round((domain[1] - domain[0]) / x.step));
  } else {
    slots = Math.max(1, x.names.length);
  }

  // The largest stack or line value, for the y domain and the width of the y tick labels.
  let max = 0;
  for (const row of spec.values) {
    let stack = 0;
    spec.series.forEach((se, s) => {
      const v = row[s] ?? 0;
      if (se.style === 'bar') stack += Math.max(0, v);
      else max = Math.max(max, v);
    });
    max = Math.max(max, stack);
  }
  max = max > 0 ? max : 1;
  const marginLeft = Math.max(36, 14 + 7 * Math.max(spec.yFormat(max).length, spec.yFormat(max / 3).length + 1));
  const marginRight = 12;
  const marginTop = spec.yLabel ? 22 : 10;
  const marginBottom = x.type === 'time' ? 36 : 24;
  // Each x value gets between minSlot and maxSlot pixels (the chart scrolls sideways past the width
  // available), but a chart of a few values is still given room for its axis labels.
  const available = Math.max(200, spec.width) - marginLeft - marginRight;
  const plotWidth = Math.round(Math.max(slots * Math.max(minSlot, Math.min(maxSlot, available / slots)), Math.min(available, 300)));
  const slot = plotWidth / slots;
  const width = marginLeft + plotWidth + marginRight;

  const bars: BarDatum[] = [];
  for (let i = 0; i < n; i++) {
    spec.series.forEach((se, s) => {
      const v = spec.values[i][s] ?? 0;
      if (se.style === 'bar' && v > 0) bars.push({ i, s, y: v });
    });
  }
  const lineSeries = spec.series.map((se, s) => ({ se, s })).filter(({ se }) => se.style === 'line');
  const indices = Array.from({ length: n }, (_, i) => i);
  const inset = slot > 4 ? 1 : 0;

  const marks: Plot.Markish[] = [];
  let xOptions: Plot.ScaleOptions;
  if (x.type === 'time') {
    const start = (i: number) => new Date(x.starts[i]);
    const end = (i: number) => new Date(x.starts[i] + x.step);
    const mid = (i: number) => new Date(x.starts[i] + x.step / 2);
    const ticks = Math.max(2, Math.floor(plotWidth / 90));
    xOptions = { type: 'utc', domain: [new Date(domain[0]), new Date(domain[1])], ticks, tickFormat: utcTickFormat(domain[1] - domain[0], ticks), label: null };
    marks.push(Plot.rect(indices, { x1: start, x2: end, fill: 'transparent', className: 'xl-hit' }));
    marks.push(Plot.rectY(bars, { x1: (d: BarDatum) => start(d.i), x2: (d: BarDatum) => end(d.i), y: 'y', z: 's', order: null, insetLeft: inset, insetRight: inset, className: 'xl-bars', ariaHidden: 'true' }));
    for (const { s } of lineSeries) {
      const points = indices.filter((i) => Number.isFinite(spec.values[i][s]));
      marks.push(Plot.lineY(points, { x: mid, y: (i: number) => spec.values[i][s], className: `xl-line-${s}`, ariaHidden: 'true' }));
      if (slot >= 12) marks.push(Plot.dot(points, { x: mid, y: (i: number) => spec.values[i][s], r: 2.5, className: `xl-dots-${s}`, ariaHidden: 'true' }));
    }
  } else {
    const names = x.names;
    const maxChars = Math.max(3, Math.floor(slot / 6.5));
    xOptions = { type: 'band', domain: indices, tickFormat: (i: number) => truncate(names[i] ?? '', maxChars), label: null, padding: 0.1 };
    marks.push(Plot.cell(indices, { x: (i: number) => i, fill: 'transparent', className: 'xl-hit' }));
    marks.push(Plot.barY(bars, { x: 'i', y: 'y', z: 's', order: null, className: 'xl-bars', ariaHidden: 'true' }));
    for (const { s } of lineSeries) {
      const points = indices.filter((i) => Number.isFinite(spec.values[i][s]));
      marks.push(Plot.lineY(points, { x: (i: number) => i, y: (i: number) => spec.values[i][s], className: `xl-line-${s}`, ariaHidden: 'true' }));
      marks.push(Plot.dot(points, { x: (i: number) => i, y: (i: number) => spec.values[i][s], r: 2.5, className: `xl-dots-${s}`, ariaHidden: 'true' }));
    }
  }
  marks.push(Plot.ruleY([0], { className: 'xl-zero', ariaHidden: 'true' }));

  const figure = Plot.plot({
    document: doc,
    width,
    height: marginTop + plotHeight + marginBottom,
    marginLeft, marginRight, marginTop, marginBottom,
    ariaLabel: spec.ariaLabel,
    x: xOptions,
    y: { domain: [0, max], nice: true, grid: true, label: spec.yLabel ?? null, tickFormat: spec.yFormat, ticks: Math.max(2, Math.floor(plotHeight / 40)) },
    marks,
  });
  const svg = figure as unknown as SVGSVGElement;
  // No inline <style> under the CSP: chart.css has its rules.
  for (const style of Array.from(svg.querySelectorAll('style'))) style.remove();
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'group');
  svg.removeAttribute('font-family');
  svg.removeAttribute('font-size');

  // Theme colours by class.
  for (const rect of Array.from(svg.querySelectorAll('.xl-bars rect'))) {
    const d = bars[(rect as unknown as { __data__: number }).__data__];
    if (!d) continue;
    const se = spec.series[d.s];
    rect.setAttribute('class', `bar c-${se.color}`);
    rect.setAttribute('data-series', se.id);
    rect.removeAttribute('fill');
  }
  for (const { se, s } of lineSeries) {
    for (const g of Array.from(svg.querySelectorAll(`.xl-line-${s}`))) {
      g.setAttribute('class', `line c-${se.color}`);
      g.setAttribute('data-series', se.id);
      for (const path of Array.from(g.querySelectorAll('path'))) path.removeAttribute('stroke');
      g.removeAttribute('stroke');
    }
    for (const g of Array.from(svg.querySelectorAll(`.xl-dots-${s}`))) {
      g.setAttribute('class', `dots c-${se.color}`);
      g.removeAttribute('stroke');
      g.removeAttribute('fill');
    }
  }

  // The focusable points: Plot's transparent bands, one per x value, in x order.
  const points: SVGElement[] = [];
  let focus: SVGElement | undefined;
  const hits = Array.from(svg.querySelectorAll('.xl-hit rect')) as SVGElement[];
  const byIndex = new Map<number, SVGElement>();
  for (const h of hits) byIndex.set((h as unknown as { __data__: number }).__data__, h);
  const hitGroup = svg.querySelector('.xl-hit');
  hitGroup?.setAttribute('class', 'points');
  hitGroup?.removeAttribute('fill');
  for (let i = 0; i < n; i++) {
    const el = byIndex.get(i);
    if (!el) continue;
    const lines = spec.pointLines(i);
    el.removeAttribute('fill');
    el.setAttribute('class', on.pointClass);
    el.setAttribute('role', on.role);
    el.setAttribute('tabindex', '-1');
    el.setAttribute('aria-label', lines.join(', '));
    el.setAttribute('data-index', String(i));
    for (const [k, v] of Object.entries(on.attributes?.(i) ?? {})) el.setAttribute(k, v);
    const position = points.length;
    const move = (to: number) => {
      const target = points[Math.max(0, Math.min(points.length - 1, to))];
      if (!target || target === el) return;
      el.setAttribute('tabindex', '-1');
      target.setAttribute('tabindex', '0');
      (target as unknown as HTMLElement).focus();
    };
    if (on.activate) el.addEventListener('click', () => on.activate?.(i));
    el.addEventListener('keydown', (e: Event) => {
      const k = (e as KeyboardEvent).key;
      if ((k === 'Enter' || k === ' ') && on.activate) on.activate(i);
      else if (k === 'ArrowRight') move(position + 1);
      else if (k === 'ArrowLeft') move(position - 1);
      else if (k === 'Home') move(0);
      else if (k === 'End') move(points.length - 1);
      else if (k === 'Escape') on.tooltip(undefined);
      else return;
      e.preventDefault();
    });
    el.addEventListener('mouseenter', () => on.tooltip(lines, el));
    el.addEventListener('mouseleave', () => on.tooltip(undefined));
    el.addEventListener('focus', () => {
      on.focused?.(i);
      on.tooltip(lines, el);
    });
    el.addEventListener('blur', () => on.tooltip(undefined));
    if (on.restoreFocus === i) focus = el;
    points.push(el);
  }
  // One tab stop for the whole chart: the restored point, else the first.
  (focus ?? points[0])?.setAttribute('tabindex', '0');
  return { svg, points, focus };
}

/** The legend: an HTML list of swatches (classes `swatch bar|line c-<color>`) and names. */
export function drawLegend(doc: Document, series: readonly ChartSeries[]): HTMLElement {
  const ul = doc.createElement('ul');
  ul.setAttribute('class', 'legend');
  for (const se of series) {
    const li = doc.createElement('li');
    const sw = doc.createElement('span');
    sw.setAttribute('class', `swatch ${se.style} c-${se.color}`);
    sw.setAttribute('aria-hidden', 'true');
    const name = doc.createElement('span');
    name.textContent = se.label;
    li.appendChild(sw);
    li.appendChild(name);
    ul.appendChild(li);
  }
  return ul;
}
