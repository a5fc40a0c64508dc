/** Timestamp parsing. Exchange writes UTC times as `yyyy-MM-ddTHH:mm:ss.fffZ`. */

function digitsAt(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}


const GENERAL = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d\d:?\d\d)?$/i;

/** Parses an ISO-8601-like time; a time without a zone is taken as UTC. Returns NaN when it is not a time. */
export function parseTime(s: string): number {
  // Fast path: 2023-01-11T15:59:51.433Z
  if (s.length === 24 && s.charCodeAt(10) === 84 /* T */ && s.charCodeAt(23) === 90 /* Z */ && s.charCodeAt(19) === 46) {
    const y = digitsAt(s, 0, 4), mo = digitsAt(s, 5, 2), d = digitsAt(s, 8, 2);
    const h = digitsAt(s, 11, 2), mi = digitsAt(s, 14, 2), se = digitsAt(s, 17, 2), ms = digitsAt(s, 20, 3);
    if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && se >= 0 && se < 61 && ms >= 0
      && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
      return Date.UTC(y, mo - 1, d, h, mi, se, ms);
    }
    return NaN;
  }
  const m = GENERAL.exec(s.trim());
  if (!m) return NaN;
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  const month = +mo, day = +d, hour = +h, min = +mi, sec = se ? +se : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return NaN;
  const ms = frac ? Math.floor(+(frac + '00').slice(0, 3)) : 0;
  let t = Date.UTC(+y, month - 1, day, hour, min, sec, ms);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const z = zone.slice(1).replace(':', '');
    t -= sign * (+z.slice(0, 2) * 60 + +z.slice(2, 4)) * 60000;
  }
  return t;
}

let cachedDay = -1;
let cachedDayMs = 0;


/** Two digits at `p` as a number, or -1. */
function twoDigits(text: string, p: number): number {
  const a = text.charCodeAt(p) - 48, b = text.charCodeAt(p + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Parses the time in `text[start, end)` without allocating for the usual `yyyy-MM-ddTHH:mm:ss.fffZ`
 * form (the day is cached: consecutive lines share it); other forms go through `parseTime`.
 */
export function parseTimeAt(text: string, start: number, end: number): number {
  if (end - start === 24 && text.charCodeAt(start + 10) === 84 && text.charCodeAt(start + 23) === 90 && text.charCodeAt(start + 19) === 46
    && text.charCodeAt(start + 4) === 45 && text.charCodeAt(start + 7) === 45 && text.charCodeAt(start + 13) === 58 && text.charCodeAt(start + 16) === 58) {
    const y1 = twoDigits(text, start), y2 = twoDigits(text, start + 2), mo = twoDigits(text, start + 5), d = twoDigits(text, start + 8);
    const h = twoDigits(text, start + 11), mi = twoDigits(text, start + 14), se = twoDigits(text, start + 17), ms2 = twoDigits(text, start + 20);
    const ms3 = text.charCodeAt(start + 22) - 48;
    if ((y1 | y2 | mo | d | h | mi | se | ms2) < 0 || ms3 < 0 || ms3 > 9) return NaN;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return NaN;
    const day = (y1 * 100 + y2) * 10000 + mo * 100 + d;
    if (day !== cachedDay) {
      cachedDay = day;
      cachedDayMs = Date.UTC(y1 * 100 + y2, mo - 1, d);
    }
    return cachedDayMs + ((h * 60 + mi) * 60 + se) * 1000 + ms2 * 10 + ms3;
  }
  return parseTime(text.slice(start, end));
}
