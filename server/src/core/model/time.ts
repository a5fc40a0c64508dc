/** Timestamp parsing. Exchange writes UTC times as `yyyy-MM-ddTHH:mm:ss.fffZ`. */

function digits(s: string, from: number, count: number): number {
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
    const y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    const h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2), ms = digits(s, 20, 3);
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
