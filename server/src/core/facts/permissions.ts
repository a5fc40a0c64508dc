/**
 * Receive and send connector permissions as Exchange writes them on the `Set Session Permissions`
 * line, and the permission groups whose exact sets can be recognised. English = localisation key.
 */

const PERMISSIONS: Readonly<Record<string, string>> = {
  None: 'No permission at all for this session.',
  SMTPSubmit: 'May submit mail; without it MAIL FROM and AUTH fail.',
  SMTPSubmitForMLS: 'Internal submit right (rarely seen).',
  SMTPAcceptAnyRecipient: 'May relay: recipients outside the accepted domains are accepted.',
  SMTPAcceptAuthenticationFlag: 'Messages are treated as authenticated (internal) mail.',
  SMTPAcceptAnySender: 'The sender address is not checked against the session identity (no spoofing check).',
  SMTPAcceptAuthoritativeDomainSender: 'May use sender addresses in this organisation\'s authoritative domains.',
  BypassAntiSpam: 'Antispam filtering is skipped.',
  BypassMessageSizeLimit: 'The connector message size limit does not apply.',
  SMTPSendEXCH50: 'May send the legacy XEXCH50 property blob.',
  SMTPAcceptEXCH50: 'May submit the legacy XEXCH50 property blob.',
  AcceptRoutingHeaders: 'Received and Resent-* headers from the client are kept.',
  AcceptForestHeaders: 'X-MS-Exchange-Forest-* headers from the client are kept.',
  AcceptOrganizationHeaders: 'X-MS-Exchange-Organization-* headers from the client are kept.',
  SendRoutingHeaders: 'Received and Resent-* headers are sent on.',
  SendForestHeaders: 'Forest headers are sent on.',
  SendOrganizationHeaders: 'Organisation headers are sent on.',
  SendAs: 'May send as any sender.',
  SMTPSendXShadow: 'May use shadow redundancy when sending (Exchange internal).',
  SMTPAcceptXShadow: 'May use XSHADOW when receiving (Exchange internal).',
  SMTPAcceptXProxyFrom: 'May use XPROXYFROM: a front-end proxy (Exchange internal).',
  SMTPAcceptXSessionParams: 'May use XSESSIONPARAMS (Exchange internal).',
  SMTPAcceptXMessageContextADRecipientCache: 'May send the recipient-cache context blob (Exchange internal).',
  SMTPAcceptXMessageContextExtendedProperties: 'May send the extended-properties context blob (Exchange internal).',
  SMTPAcceptXMessageContextFastIndex: 'May send the fast-index context blob (Exchange internal).',
  SMTPAcceptXAttr: 'May use XATTR (Exchange internal).',
  SMTPAcceptXSysProbe: 'May use XSYSPROBE (Exchange internal).',
};

export interface PermissionGroup {
  name: string;
  /** The permissions of the group, in log order. */
  permissions: string;
  meaning: string;
}

const EXCHANGE_SERVERS_BASE = 'SMTPSubmit SMTPAcceptAnyRecipient SMTPAcceptAuthenticationFlag SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender BypassAntiSpam BypassMessageSizeLimit SMTPAcceptEXCH50 AcceptRoutingHeaders';

const GROUPS: readonly PermissionGroup[] = [
  { name: 'AnonymousUsers', permissions: 'SMTPSubmit SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders', meaning: 'Anonymous users: an unauthenticated client, as on the Internet-facing Default Frontend connector. It may only send to accepted domains.' },
  { name: 'ExchangeUsers', permissions: 'SMTPSubmit SMTPAcceptAnyRecipient BypassAntiSpam AcceptRoutingHeaders', meaning: 'Exchange users: an authenticated user, as on the Client Frontend connector (port 587). It may relay.' },
  { name: 'ExchangeServers', permissions: EXCHANGE_SERVERS_BASE + ' AcceptForestHeaders AcceptOrganizationHeaders', meaning: 'Exchange servers: another Exchange server of the organisation, authenticated. It is fully trusted.' },
  { name: 'ExchangeServers', permissions: EXCHANGE_SERVERS_BASE + ' AcceptForestHeaders AcceptOrganizationHeaders SMTPAcceptXShadow SMTPAcceptXProxyFrom SMTPAcceptXSessionParams SMTPAcceptXMessageContextADRecipientCache SMTPAcceptXMessageContextExtendedProperties SMTPAcceptXMessageContextFastIndex SMTPAcceptXAttr SMTPAcceptXSysProbe', meaning: 'Exchange servers: another Exchange server of the organisation, authenticated. It is fully trusted.' },
  { name: 'ExternallySecured', permissions: EXCHANGE_SERVERS_BASE, meaning: 'Externally secured servers or legacy Exchange servers: trusted, but forest and organisation headers are not kept.' },
  { name: 'Partners', permissions: 'SMTPSubmit AcceptRoutingHeaders', meaning: 'Partner servers (domain-secured TLS): may submit mail only.' },
];

export function permissionMeaning(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, name) ? PERMISSIONS[name] : undefined;
}

/** The permission group whose exact set this is (order does not matter), or undefined (custom). */
export function permissionGroup(list: string): PermissionGroup | undefined {
  const key = (s: string) => s.trim().split(/\s+/).filter(Boolean).sort().join(' ');
  const k = key(list);
  return GROUPS.find((g) => key(g.permissions) === k);
}

export function allPermissionStrings(): string[] {
  return [...Object.values(PERMISSIONS), ...GROUPS.map((g) => g.meaning)];
}

export const PERMISSION_TABLE = PERMISSIONS;
export const PERMISSION_GROUPS = GROUPS;
