/**
 * The words of the session search that the editor writes itself: a value quoted as the query language
 * reads it back, the search behind a row of the overview panel, an endpoint's address, and a mistake
 * marked in the query. Pure (no `vscode`), so the unit tests check them against the query parser.
 */
import type { LogKind, QueryProblem } from '../../../protocol/src/index';

/** A value as the query language writes it: quoted when it holds spaces, quotes or parentheses. */
export function queryValue(value: string): string {
  return /^[^\s"()]+$/.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

/** `field:value`, the value quoted when needed. */
export function fieldQuery(field: string, value: string): string {
  return `${field}:${queryValue(value)}`;
}

/** The address of an endpoint without its port: `10.0.0.1:25` → `10.0.0.1`, `[2001:db8::1]:25` → `2001:db8::1`. */
export function hostOfEndpoint(endpoint: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(endpoint);
  if (v6) return v6[1];
  const v4 = /^([^:]+):\d+$/.exec(endpoint);
  return v4 ? v4[1] : endpoint;
}

/**
 * The query with the wrong spot marked: each character of the span underlined (a combining low line),
 * or a caret where something is missing.
 */
export function underlineProblem(query: string, problem: QueryProblem): string {
  const start = Math.max(0, Math.min(problem.start, query.length));
  const end = Math.max(start, Math.min(problem.end, query.length));
  const marked = start === end
    ? `${query.slice(0, start)}\u2038${query.slice(start)}`
    : `${query.slice(0, start)}${[...query.slice(start, end)].map((c) => `${c}\u0332`).join('')}${query.slice(end)}`;
  return marked;
}

/**
 * The search that lists the sessions of a row of the overview panel's tables (by the log's kind, the
 * table's id and the row's key), or undefined where the rows are not sessions the collection keeps
 * (message tracking events, logs without sessions).
 */
export function overviewRowQuery(kind: LogKind, table: string, key: string): string | undefined {
  if (kind === 'messageTracking' || kind === 'generic') return undefined;
  const base = table.replace(/ByFailures$/, '');
  switch (base) {
    case 'remoteIps': return fieldQuery('remote', key);
    case 'ehlo': return fieldQuery('ehlo', key);
    case 'users': return fieldQuery('user', key);
    case 'senders': return fieldQuery('from', key);
    // a connectivity session's remote is its destination: an address, a host or a domain
    case 'destinations': return fieldQuery('remote', key);
    case 'tls': {
      if (key === '#none') return 'tls:none';
      if (key === '#failed') return 'tls:failed';
      if (/^ssl\s*v?3/i.test(key)) return 'tls:ssl3';
      const v = /^(?:tls)?\s*v?1[._]?([0-3])\b/i.exec(key);
      return v ? `tls:1.${v[1]}` : undefined;
    }
    case 'auth': {
      const result = /#(ok|failed)$/.exec(key);
      return result ? `auth:${result[1]}` : undefined;
    }
    case 'replies': {
      // `550 5.7.1` or `250`
      const [code, enhanced] = key.split(' ');
      return enhanced ? `reply:${code} reply:${enhanced}` : /^\d{3}$/.test(code) ? `reply:${code}` : undefined;
    }
    default: return undefined;
  }
}
