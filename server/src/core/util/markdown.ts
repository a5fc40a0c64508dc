/**
 * Log text is untrusted. Everything taken from a log and shown as markdown goes through these
 * helpers so that no link, image, HTML, command URI or theme icon in a log line is ever rendered.
 */

/** Escapes text for use inside markdown prose: every ASCII punctuation character is backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return sanitizeControls(text).replace(/[\\`*_{}[\]()#+\-.!|<>~&$:"'=@%^;/?,]/g, '\\$&');
}

/** A fenced code block that shows `text` verbatim, whatever backticks it holds. */
export function codeBlock(text: string, language = 'text'): string {
  const clean = sanitizeControls(text);
  let longest = 2;
  const runs = clean.match(/`+|~+/g);
  if (runs) for (const r of runs) longest = Math.max(longest, r.length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${clean}\n${fence}`;
}

/** Replaces control characters (NUL, escape sequences …), bidi overrides and lone surrogates with visible stand-ins. */
export function sanitizeControls(text: string): string {
  // most text has none of these: one test instead of three replacements
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0008\u000b-\u001f\u007f\ud800-\udfff\u202a-\u202e\u2066-\u2069]/.test(text)) return text;
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => String.fromCharCode(0x2400 + (c.charCodeAt(0) === 0x7f ? 0x21 : c.charCodeAt(0))))
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    // Bidirectional overrides and isolates could reorder what a person reads (Trojan Source).
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}

/** Shortens long text for display, keeping the start. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
