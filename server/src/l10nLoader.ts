/** Finds the translation bundle for a locale next to the bundled server (dist/l10n). */
import * as fs from 'fs';
import * as path from 'path';

export function loadBundle(locale: string | undefined, baseDir: string): Record<string, string> | undefined {
  if (!locale) return undefined;
  const lower = locale.toLowerCase();
  if (lower === 'en' || lower.startsWith('en-')) return undefined;
  const candidates = [lower, lower.split('-')[0]];
  for (const c of candidates) {
    const file = path.join(baseDir, `bundle.l10n.${c}.json`);
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}
