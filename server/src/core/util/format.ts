/**
 * Numbers, sizes, durations and instants for people, in the UI locale: the one place that writes
 * them, so that hovers, the outline, code lenses, inlay hints and the views say the same thing the
 * same way. Labels that outlines write thousands of times are built without Intl where Intl is slow
 * (and written exactly as Intl would).
 *
 * The Intl objects are memoised in module-level maps keyed by everything they depend on (locale,
 * time zone, digits): a memo of immutable values that gives every document the same answer, never
 * the state of one document. A worker thread has its own copy of the module.
 */
import { formatNumber, intlLocale, plural, t } from '../l10n';

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date formatter for the UI locale; `key` names `options`, the time zone included. */
function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = intlLocale();
  const full = `${locale}|${key}`;
  let f = dateFormats.get(full);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, options);
    } catch {
      // an unknown time zone: the process zone is the user's
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: undefined });
    }
    dateFormats.set(full, f);
  }
  return f;
}

const INSTANT: Intl.DateTimeFormatOptions = {
  year: 'numeric', month: 'short', day: 'numeric', weekday: 'short',
  hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23',
  timeZoneName: 'short',
};

/** The instant in a time zone (the process zone when undefined), with the zone's name. */
export function formatInstant(ms: number, timeZone?: string): string {
  return dateFormat(`instant|${timeZone ?? ''}`, { ...INSTANT, timeZone }).format(ms);
}

/** A UTC timestamp with milliseconds, in the UI locale's order; `timeOnly` drops the date. */
export function formatUtcTime(ms: number, timeOnly = false): string {
  const d = new Date(ms);
  try {
    const date: Intl.DateTimeFormatOptions = timeOnly ? {} : { year: 'numeric', month: '2-digit', day: '2-digit' };
    return dateFormat(timeOnly ? 'utcTime' : 'utcDateTime', {
      ...date, hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23', timeZone: 'UTC',
    }).format(d);
  } catch {
    return d.toISOString();
  }
}

/** `2024-03-05T10:00:01.600Z` → `10:00:01` (UTC, written like the log; `withMillis`: `10:00:01.600`). */
export function clockTime(ms: number, withMillis = false): string {
  if (!Number.isFinite(ms)) return '';
  // the time of day in UTC, computed rather than through a Date (outlines format thousands)
  const inDay = ((ms % 86_400_000) + 86_400_000) % 86_400_000;
  const two = (n: number) => (n < 10 ? '0' : '') + n;
  const hms = `${two(Math.floor(inDay / 3_600_000))}:${two(Math.floor(inDay / 60_000) % 60)}:${two(Math.floor(inDay / 1000) % 60)}`;
  if (!withMillis) return hms;
  const millis = Math.floor(inDay % 1000);
  return `${hms}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}

const decimalFormats = new Map<string, Intl.NumberFormat>();
const decimalSeparators = new Map<string, string>();

/**
 * A number with at most `digits` decimals, in the UI locale. Below 1000 (no grouping) it is written
 * here, as `Intl.NumberFormat` would (the shortest decimal form of the number, rounded half away
 * from zero), with the locale's decimal separator: outlines format thousands of durations.
 */
export function decimal(v: number, digits: number): string {
  const locale = intlLocale();
  const abs = Math.abs(v);
  const plain = String(abs);
  if (abs < 1000 && digits <= 3 && !plain.includes('e')) {
    let sep = decimalSeparators.get(locale);
    if (sep === undefined) {
      sep = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
      decimalSeparators.set(locale, sep);
    }
    const dot = plain.indexOf('.');
    const int = dot < 0 ? plain : plain.slice(0, dot);
    const frac = dot < 0 ? '' : plain.slice(dot + 1);
    let out: string;
    if (frac.length <= digits) {
      out = frac ? int + sep + frac : int;
    } else {
      const scale = 10 ** digits;
      const m = Number(int + frac.slice(0, digits)) + (frac.charCodeAt(digits) >= 53 /* 5 */ ? 1 : 0);
      const whole = Math.floor(m / scale);
      if (whole >= 1000) return intlDecimal(v, digits, locale); // rounded up into grouping
      const rest = digits > 0 ? String(m % scale).padStart(digits, '0').replace(/0+$/, '') : '';
      out = rest ? whole + sep + rest : String(whole);
    }
    return v < 0 || Object.is(v, -0) ? '-' + out : out;
  }
  return intlDecimal(v, digits, locale);
}

function intlDecimal(v: number, digits: number, locale: string): string {
  const key = `${locale}|${digits}`;
  let f = decimalFormats.get(key);
  if (!f) decimalFormats.set(key, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
  return f.format(v);
}

/**
 * A duration for people: `850 ms`, `1.3 s`, `4 min 5 s`, `2 h 3 min`, `2 d 4 h` (a zero second
 * part is left out: `4 min`). Labels round to tenths of a second below 10 s and to whole seconds
 * above; `exact` (hovers) keeps milliseconds below a minute and counts whole units without
 * rounding up. Negative durations carry a minus sign; '' when `ms` is not a number.
 */
export function formatDuration(ms: number, exact = false): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '\u2212' : '';
  const a = Math.abs(ms);
  if (a < 1000) return sign + t('{0} ms', formatNumber(Math.round(a)));
  if (a < 60_000) return sign + t('{0} s', decimal(a / 1000, exact ? 3 : a < 10_000 ? 1 : 0));
  const whole = exact ? Math.floor : Math.round;
  const seconds = whole(a / 1000);
  if (seconds < 3600) {
    const min = formatNumber(Math.floor(seconds / 60));
    return sign + (seconds % 60 ? t('{0} min {1} s', min, formatNumber(seconds % 60)) : t('{0} min', min));
  }
  const minutes = whole(seconds / 60);
  if (minutes < 1440) {
    const h = formatNumber(Math.floor(minutes / 60));
    return sign + (minutes % 60 ? t('{0} h {1} min', h, formatNumber(minutes % 60)) : t('{0} h', h));
  }
  const hours = whole(minutes / 60);
  const d = formatNumber(Math.floor(hours / 24));
  return sign + (hours % 24 ? t('{0} d {1} h', d, formatNumber(hours % 24)) : t('{0} d', d));
}

/** A size for people: `900 B`, `34 KB`, `2.1 MB`, `1.5 GB` (1 KB = 1024 bytes, as Exchange counts). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return t('{0} B', formatNumber(n));
  const size = (v: number) => decimal(v, v < 10 ? 1 : 0);
  if (n < 1024 ** 2) return t('{0} KB', size(n / 1024));
  if (n < 1024 ** 3) return t('{0} MB', size(n / 1024 ** 2));
  return t('{0} GB', size(n / 1024 ** 3));
}

/** An exact byte count, with its size from 1 KB up: `1,234,567 bytes (1.2 MB)`. */
export function formatByteCount(n: number): string {
  const count = plural(n, '{0} byte', '{0} bytes');
  return n < 1024 ? count : `${count} (${formatBytes(n)})`;
}

/**
 * Builds the formatters hovers and outlines use, so that the first request does not pay for them
 * (the first Intl object of a kind costs tens of milliseconds while ICU loads its data).
 */
export function warmUpFormatters(): void {
  formatInstant(0);
  formatUtcTime(0);
  for (const ms of [5, 1500, 65_000, 3_700_000, 90_000_000]) formatDuration(ms);
  for (const n of [1, 2048, 3_000_000, 5_000_000_000]) formatByteCount(n);
  decimal(1234.5, 1);
}
