import { LogKind } from '../model/kinds';
import { t } from '../l10n';

const NAMES: Readonly<Record<LogKind, string>> = {
  smtpReceive: 'SMTP Receive protocol log',
  smtpSend: 'SMTP Send protocol log',
  pop3: 'POP3 protocol log',
  imap4: 'IMAP4 protocol log',
  connectivity: 'Transport connectivity log',
  messageTracking: 'Message tracking log',
  w3c: 'W3C extended log (IIS SMTP)',
  generic: 'Exchange log',
};

/** Localised display name of a log kind. */
export function kindName(kind: LogKind): string {
  return t(NAMES[kind]);
}

export function allKindNames(): string[] {
  return Object.values(NAMES);
}
