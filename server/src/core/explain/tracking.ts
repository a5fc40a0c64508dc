/** Message tracking fields explained. */
import { directionalityMeaning, trackingEventMeaning, trackingSourceMeaning } from '../facts/tracking';
import { t } from '../l10n';
import { bullet, esc, field, gloss } from './md';
import { explainReply, isReply } from './smtp';
import { formatByteCount } from '../util/format';

export function explainTrackingField(column: string, value: string): string[] {
  const v = value.trim();
  if (!v) return [];
  switch (column) {
    case 'event-id': {
      const m = trackingEventMeaning(v);
      return [field(esc(v), m ? gloss(m) : esc(t('Not an event in our tables.')))];
    }
    case 'source': {
      const m = trackingSourceMeaning(v);
      return m ? [field(esc(v), gloss(m))] : [];
    }
    case 'directionality': {
      const m = directionalityMeaning(v);
      return m ? [field(esc(v), gloss(m))] : [];
    }
    case 'recipient-status': {
      const out: string[] = [];
      for (const part of v.split(';').slice(0, 10)) {
        if (isReply(part)) out.push(...explainReply(part));
        else if (/^(To|Cc|Bcc)$/i.test(part)) out.push(bullet(esc(part), esc(t('how the recipient was addressed'))));
        else out.push(bullet(esc(part)));
      }
      return out;
    }
    case 'total-bytes':
      return /^\d+$/.test(v) ? [esc(formatByteCount(+v))] : [];
    case 'recipient-address':
    case 'related-recipient-address': {
      const list = v.split(';').filter(Boolean);
      return list.length > 1 ? [esc(t('{0} addresses', list.length)), ...list.slice(0, 10).map((a) => bullet(esc(a)))] : [];
    }
    case 'source-context':
    case 'custom-data': {
      const items = column === 'custom-data' ? v.split(';') : v.split(/,\s+/);
      return items.length > 1 ? items.filter(Boolean).slice(0, 20).map((i) => bullet(esc(i))) : [];
    }
    default:
      return [];
  }
}
