/**
 * The certificate details Exchange writes on `*` lines: the data column holds the values of the labels
 * its context lists (`Sending certificate Subject Issuer name Serial number Thumbprint Not before Not
 * after Subject alternate names`), separated by single spaces although the subject and issuer contain
 * spaces themselves. Read here once, for the explanations (hover) and the session summaries (the
 * collection's certificates report) alike.
 */
import { CERTIFICATE_LABELS } from './smtpContext';

const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;
const WHITE_SPACE = /\s+/;
const HEX = /^[0-9A-Fa-f]+$/;
/** A thumbprint alone (16 hexadecimal digits or more). */
const THUMBPRINT = /^[0-9A-Fa-f]{16,}$/;
/** The start of a distinguished name's next attribute (`OU=…`). */
const ATTRIBUTE = /^[A-Za-z][\w.]*=/;
const SENDING_CERTIFICATE = /^Sending certificate\b/i;
const REMOTE_CERTIFICATE = /^(?:Remote|Received) certificate\b/i;
const THUMBPRINT_LINE = /^Certificate thumbprint\b/i;

/** Pairs certificate labels (`Subject Issuer name Serial number …`) with the values of the data column. */
export function pairCertificate(data: string, labels: string): { label: string; value: string }[] | undefined {
  let wanted = 0;
  let withSans = false;
  for (const { label } of CERTIFICATE_LABELS) {
    if (!labels.includes(label)) continue;
    wanted++;
    if (label === 'Subject alternate names') withSans = true;
  }
  if (wanted < 6) return undefined;
  const tokens = data.trim().split(WHITE_SPACE).filter(Boolean);
  if (tokens.length < 6) return undefined;
  const n = tokens.length;
  let end = n;
  let sans: string | undefined;
  if (withSans && !DATE.test(tokens[n - 1])) sans = tokens[--end];
  const notAfter = tokens[--end];
  const notBefore = tokens[--end];
  const thumb = tokens[--end];
  const serial = tokens[--end];
  if (!DATE.test(notAfter) || !DATE.test(notBefore) || !HEX.test(thumb) || !HEX.test(serial)) return undefined;
  const dn = tokens.slice(0, end);
  if (dn.length < 2) return undefined;
  let split = -1;
  for (let i = 1; i < dn.length; i++) {
    if (!dn[i - 1].endsWith(',') && ATTRIBUTE.test(dn[i])) {
      split = i;
      break;
    }
  }
  if (split < 0) return undefined;
  const pairs = [
    { label: 'Subject', value: dn.slice(0, split).join(' ') },
    { label: 'Issuer name', value: dn.slice(split).join(' ') },
    { label: 'Serial number', value: serial },
    { label: 'Thumbprint', value: thumb },
    { label: 'Not before', value: notBefore },
    { label: 'Not after', value: notAfter },
  ];
  if (sans !== undefined) pairs.push({ label: 'Subject alternate names', value: sans.split(';').join(', ') });
  return pairs;
}

/** A certificate as a `*` line describes it; a line that gives only a thumbprint leaves the rest out. */
export interface CertificateDetails {
  subject?: string;
  issuer?: string;
  serial?: string;
  /** Upper-case hexadecimal. */
  thumbprint?: string;
  /** As written (`2024-01-17T00:00:00.000Z`). */
  notBefore?: string;
  notAfter?: string;
  /** Subject alternate names. */
  sans: string[];
}

/** The certificate of a `Sending certificate …` / `Remote certificate …` line, or undefined when its data does not read as one. */
export function parseCertificate(data: string, labels: string): CertificateDetails | undefined {
  const pairs = pairCertificate(data, labels);
  if (!pairs) return undefined;
  const value = (label: string) => pairs.find((p) => p.label === label)?.value;
  return {
    subject: value('Subject'),
    issuer: value('Issuer name'),
    serial: value('Serial number')?.toUpperCase(),
    thumbprint: value('Thumbprint')?.toUpperCase(),
    notBefore: value('Not before'),
    notAfter: value('Not after'),
    sans: (value('Subject alternate names') ?? '').split(', ').filter(Boolean),
  };
}

/** Which side a certificate line is about: `local` for the certificate this server presented, `remote` for the other side's. */
export function certificateSide(context: string): 'local' | 'remote' | undefined {
  const c = context.trimStart();
  if (SENDING_CERTIFICATE.test(c)) return 'local';
  if (REMOTE_CERTIFICATE.test(c) || THUMBPRINT_LINE.test(c)) return 'remote';
  return undefined;
}

/** True for a `Certificate thumbprint` line: its data is the remote certificate's thumbprint alone. */
export function isThumbprintLine(context: string): boolean {
  return THUMBPRINT_LINE.test(context.trimStart());
}

/** The thumbprint a `Certificate thumbprint` line's data gives (upper-case), when it is one. */
export function thumbprintOfLine(data: string): string | undefined {
  const thumbprint = data.trim();
  return THUMBPRINT.test(thumbprint) ? thumbprint.toUpperCase() : undefined;
}
