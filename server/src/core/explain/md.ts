/**
 * Small markdown builders for hovers. Every piece of text — log text and translated text alike —
 * goes through `escapeMarkdown`; only the markup added here (bold, bullets) is live markdown.
 */
import { t } from '../l10n';
import { escapeMarkdown, truncate } from '../util/markdown';

const MAX_PIECE = 300;

/** Escaped log text, shortened. */
export function esc(text: string, max = MAX_PIECE): string {
  return escapeMarkdown(truncate(text, max));
}

/** A translated table string (its English text is the key), escaped. */
export function gloss(english: string): string {
  return escapeMarkdown(t(english));
}

/** `**label** value` where both are already escaped markdown. */
export function field(label: string, value: string): string {
  return `**${label}** ${value}`;
}

/** `- **token**: meaning` (both already escaped). */
export function bullet(token: string, meaning?: string): string {
  return meaning ? `- **${token}**: ${meaning}` : `- **${token}**`;
}

/** A heading-like bold line. */
export function strong(text: string): string {
  return `**${text}**`;
}

/** An emphasised note. */
export function note(text: string): string {
  return `_${text}_`;
}

export type Block = string;

/** Joins blocks into one markdown paragraph list. */
export function join(blocks: (string | undefined | false)[]): string[] {
  return blocks.filter((b): b is string => typeof b === 'string' && b.length > 0);
}
