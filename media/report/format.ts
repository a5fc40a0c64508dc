/**
 * How the report panel writes cells and chart values: times as UTC ISO 8601, durations and sizes in
 * readable units, numbers in the UI language's digits, lists joined. Pure functions (the tests call
 * them directly); sorting compares the raw values, not these texts.
 */
import type { ReportCell, ReportColumnType } from '../../protocol/src/index';

export function safeLocale(lang: string): string {
  try {
    return Intl.getCanonicalLocales(lang)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** `format('{0} of {1}', a, b)`. */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (+i < args.length ? String(args[+i]) : m));
}

/** `2024-03-05T10:15:00Z` (milliseconds only when there are some). */
export function isoTime(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, 19) + 'Z' : iso;
}

export interface Formatters {
  number: (n: number) => string;
  /** ms → `350 ms`, `1.3 s`, `2 min 05 s`, `1 h 02 min`, `3 d 4 h`. */
  duration: (ms: number) => string;
  /** bytes → `512 B`, `34.2 KB`, `1.5 MB` (powers of 1024). */
  bytes: (n: number) => string;
  cell: (value: ReportCell, type: ReportColumnType) => string;
}

export function formatters(lang: string): Formatters {
  const locale = safeLocale(lang);
  const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const one = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
  const duration = (ms: number): string => {
    if (!Number.isFinite(ms)) return '';
    const sign = ms < 0 ? '-' : '';
    const a = Math.abs(ms);
    if (a < 1000) return `${sign}${nf.format(Math.round(a))} ms`;
    if (a < 60_000) return `${sign}${one.format(a / 1000)} s`;
    const s = Math.round(a / 1000);
    if (s < 3600) return `${sign}${Math.floor(s / 60)} min ${two(s % 60)} s`;
    if (s < 86_400) return `${sign}${Math.floor(s / 3600)} h ${two((s % 3600) / 60)} min`;
    return `${sign}${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
  };
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const bytes = (n: number): string => {
    if (!Number.isFinite(n)) return '';
    let v = Math.abs(n), u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return `${n < 0 ? '-' : ''}${u === 0 ? nf.format(v) : one.format(v)} ${units[u]}`;
  };
  const cell = (value: ReportCell, type: ReportColumnType): string => {
    if (value === null || value === undefined) return '';
    if (Array.isArray(value)) return value.join(', ');
    if (typeof value === 'number') {
      switch (type) {
        case 'time': return isoTime(value);
        case 'duration': return duration(value);
        case 'bytes': return bytes(value);
        default: return nf.format(value);
      }
    }
    return String(value);
  };
  return { number: (n) => nf.format(n), duration, bytes, cell };
}

/** Column types whose cells sort as numbers. */
export function isNumericType(type: ReportColumnType): boolean {
  return type === 'number' || type === 'time' || type === 'duration' || type === 'bytes';
}

/**
 * Compares two cells for sorting, ascending: numbers as numbers, text and lists by their text
 * (case-insensitive, digits by value); unknown cells (null) last either way, so `dir` is applied here.
 */
export function compareCells(a: ReportCell, b: ReportCell, type: ReportColumnType, dir: 1 | -1, collator: Intl.Collator): number {
  const missing = (v: ReportCell) => v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) || (Array.isArray(v) && v.length === 0) || v === '';
  const ma = missing(a), mb = missing(b);
  if (ma || mb) return ma === mb ? 0 : ma ? 1 : -1;
  if (isNumericType(type) && typeof a === 'number' && typeof b === 'number') return dir * (a - b);
  const text = (v: ReportCell) => (Array.isArray(v) ? v.join(', ') : String(v));
  return dir * collator.compare(text(a), text(b));
}
