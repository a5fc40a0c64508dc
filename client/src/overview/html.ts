/**
 * The HTML shell of the webviews (the overview and the report panel, each with its own script and
 * style sheet): a pure function (no `vscode` import) so that a test in Node can check that it escapes
 * what it is given and sets a strict Content-Security-Policy. The shell holds no log data: the numbers
 * arrive by `postMessage` and the script builds the DOM with `textContent` only.
 */

export interface OverviewHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
  /** `webview.asWebviewUri` of the page's script and style sheet (dist/overview.js and .css, dist/report.js and .css). */
  scriptUri: string;
  styleUri: string;
  /** UI language (`vscode.env.language`). */
  lang: string;
  /** The page title (the log's file name: untrusted). */
  title: string;
  /** Shown until the first numbers arrive. */
  loading: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML text and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** A nonce: 32 characters from [A-Za-z0-9], from the given random source (crypto in the extension). */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => alphabet[b % alphabet.length]).join('');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function buildOverviewHtml(o: OverviewHtmlOptions): string {
  if (!/^[A-Za-z0-9]{16,}$/.test(o.nonce)) throw new Error('the nonce must be at least 16 letters or digits');
  const csp = escapeHtml(contentSecurityPolicy(o.cspSource, o.nonce));
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="status">${escapeHtml(o.loading)}</p></main>
<div id="tooltip" class="tooltip" role="tooltip" hidden></div>
<script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
