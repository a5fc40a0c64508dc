/** Dates and durations for hovers, formatted with `Intl` in the user's locale. */
import { intlLocale, plural } from '../l10n';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const locale = intlLocale();
  const key = `${locale}|${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric', month: 'short', day: 'numeric', weekday: 'short',
      hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23',
      timeZoneName: 'short',
    };
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    } catch {
      // an unknown time zone: the process zone is the user's
      f = new Intl.DateTimeFormat(locale, options);
    }
    formatters.set(key, f);
  }
  return f;
}

/** The instant in a time zone (the process zone when undefined), with the zone's name. */
export function formatInstant(ms: number, timeZone?: string): string {
  return formatter(timeZone).format(ms);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function unit(value: number, u: 'millisecond' | 'second' | 'minute' | 'hour' | 'day', fraction = 0): string {
  const locale = intlLocale();
  const key = `${locale}|${u}|${fraction}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: fraction });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

/** `850 ms`, `1.234 s`, `2 min 5 s`, `1 h 3 min`, `2 d 4 h` in the user's locale. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const sign = ms < 0 ? '−' : '';
  const a = Math.abs(ms);
  if (a < 1000) return sign + unit(Math.round(a), 'millisecond');
  if (a < 60_000) return sign + unit(a / 1000, 'second', 3);
  const s = Math.floor(a / 1000);
  if (a < 3_600_000) return sign + join(unit(Math.floor(s / 60), 'minute'), s % 60 ? unit(s % 60, 'second') : '');
  if (a < 86_400_000) return sign + join(unit(Math.floor(s / 3600), 'hour'), Math.floor(s / 60) % 60 ? unit(Math.floor(s / 60) % 60, 'minute') : '');
  return sign + join(unit(Math.floor(s / 86400), 'day'), Math.floor(s / 3600) % 24 ? unit(Math.floor(s / 3600) % 24, 'hour') : '');
}

function join(a: string, b: string): string {
  return b ? `${a} ${b}` : a;
}

/** `1,234,567 bytes (1.2 MB)` style size, in the user's locale. */
export function formatBytes(n: number): string {
  const locale = intlLocale();
  const plain = plural(n, '{0} byte', '{0} bytes');
  if (n < 1024) return plain;
  const units: ['kilobyte', 'megabyte', 'gigabyte'] = ['kilobyte', 'megabyte', 'gigabyte'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const key = `${locale}|${units[i]}|short`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: 1 })));
  return `${plain} (${f.format(v)})`;
}

/**
 * Builds the formatters hovers and outlines use, so that the first request does not pay for them
 * (the first Intl object of a kind costs tens of milliseconds while ICU loads its data).
 */
export function warmUpFormatters(): void {
  formatInstant(0);
  for (const ms of [5, 1500, 65_000, 3_700_000, 90_000_000]) formatDuration(ms);
  for (const n of [1, 2048, 3_000_000, 5_000_000_000]) formatBytes(n);
}
