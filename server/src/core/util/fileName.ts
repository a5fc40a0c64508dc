/** The file name of a document URI, for titles and symbol containers (no path module: the core is pure). Plain text: callers that show it where icons render apply `noIcons`. */
import { sanitizeControls } from './markdown';

export function logFileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.indexOf(':')) + 1);
  let name = base;
  try {
    name = decodeURIComponent(base);
  } catch {
    // keep the encoded form
  }
  name = sanitizeControls(name);
  return name.length > 0 ? name : sanitizeControls(uri);
}
