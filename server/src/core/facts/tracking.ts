/** Message tracking: event ids, sources and directionality. English = localisation key. */
type Table = Readonly<Record<string, string>>;

const EVENTS: Table = {
  AGENTINFO: 'A transport agent logged its own data about the message.',
  BADMAIL: 'A pickup or replay file could be neither delivered nor returned.',
  CLIENTSUBMISSION: 'A message was submitted from a mailbox Outbox.',
  DEFER: 'Delivery was delayed; it will be retried.',
  DELIVER: 'Delivered to a mailbox on this organisation.',
  DELIVERFAIL: 'An agent tried to deliver to a folder that does not exist.',
  DROP: 'Dropped without a delivery report.',
  DSN: 'A delivery status notification (report) was generated.',
  DUPLICATEDELIVER: 'A duplicate copy was delivered (the mailbox store removes duplicates).',
  DUPLICATEEXPAND: 'A duplicate recipient was found while expanding a group.',
  DUPLICATEREDIRECT: 'The alternate recipient already was a recipient.',
  EXPAND: 'A distribution group was expanded.',
  FAIL: 'Delivery failed.',
  HADISCARD: 'The shadow copy was discarded after the primary copy was delivered.',
  HARECEIVE: 'A shadow copy was received from another server.',
  HAREDIRECT: 'A shadow copy was created.',
  HAREDIRECTFAIL: 'Creating a shadow copy failed.',
  INITMESSAGECREATED: 'The message was sent to the arbitration mailbox for moderation.',
  LOAD: 'The message was loaded from the queue at start-up.',
  MODERATIONEXPIRE: 'The moderation request expired.',
  MODERATORAPPROVE: 'A moderator approved the message.',
  MODERATORREJECT: 'A moderator rejected the message.',
  MODERATORSALLNDR: 'Every moderation request bounced.',
  NOTIFYMAPI: 'A message was detected in a mailbox Outbox on this server.',
  NOTIFYSHADOW: 'A message was detected in an Outbox and needs a shadow copy.',
  POISONMESSAGE: 'The message was put into or taken out of the poison queue.',
  PROCESS: 'The message was processed.',
  PROCESSMEETINGMESSAGE: 'A meeting message was processed at delivery.',
  RECEIVE: 'Received: by SMTP (source SMTP) or submitted from a mailbox (source STOREDRIVER).',
  REDIRECT: 'Redirected to an alternate recipient.',
  RESOLVE: 'A recipient was resolved to another address.',
  RESUBMIT: 'Resubmitted from Safety Net.',
  RESUBMITDEFER: 'Resubmission from Safety Net was delayed.',
  RESUBMITFAIL: 'Resubmission from Safety Net failed.',
  SEND: 'Sent by SMTP to another server.',
  SIGNATUREUPDATEINFO: 'Internal information row (signature update).',
  SYSPROBEINFO: 'Internal information row (system probe).',
  SUBMIT: 'Mailbox Transport Submission handed the message to the transport service.',
  SUBMITDEFER: 'That hand-off was delayed.',
  SUBMITFAIL: 'That hand-off failed.',
  SUPPRESSED: 'Transmission was suppressed.',
  THROTTLE: 'The message was throttled.',
  TRANSFER: 'Recipients were moved to a forked copy of the message.',
};

const SOURCES: Table = {
  ADMIN: 'An administrator action (for example a Queue Viewer delete).',
  AGENT: 'A transport agent.',
  AGGREGATION: 'Content aggregation (subscriptions).',
  APPLICATION: 'An application submission.',
  APPROVAL: 'Moderation and approval.',
  BOOTLOADER: 'Messages present at start-up.',
  DNS: 'DNS.',
  DSN: 'Delivery status notification.',
  GATEWAY: 'A foreign connector.',
  MAILBOXRULE: 'An Inbox rule.',
  MEETINGMESSAGEPROCESSOR: 'Calendar updates from meeting messages.',
  MULTITENANCY: 'Multi-tenant processing.',
  ORAR: 'Originator-requested alternate recipient.',
  PICKUP: 'The pickup directory.',
  POISONMESSAGE: 'The poison message handling.',
  PUBLICFOLDER: 'A mail-enabled public folder.',
  QUEUE: 'A queue.',
  REDUNDANCY: 'Shadow redundancy.',
  RESOLVER: 'Recipient resolution by the categorizer.',
  ROUTING: 'Routing resolution by the categorizer.',
  SAFETYNET: 'Safety Net.',
  SMTP: 'SMTP send or receive.',
  STOREDRIVER: 'Mailbox submission or delivery (store driver).',
  STOREDRIVERSUBMISSION: 'Mailbox submission (store driver).',
};

const DIRECTIONALITY: Table = {
  INCOMING: 'The message came into the organisation from outside.',
  ORIGINATING: 'The message was sent from inside the organisation.',
  UNDEFINED: 'The direction is not known yet.',
};

export function trackingEventMeaning(e: string): string | undefined {
  return EVENTS[e.trim().toUpperCase()];
}
export function trackingSourceMeaning(s: string): string | undefined {
  return SOURCES[s.trim().toUpperCase()];
}
export function directionalityMeaning(d: string): string | undefined {
  return DIRECTIONALITY[d.trim().toUpperCase()];
}

export function allTrackingStrings(): string[] {
  return [...Object.values(EVENTS), ...Object.values(SOURCES), ...Object.values(DIRECTIONALITY)];
}

export const TRACKING_TABLES = { events: EVENTS, sources: SOURCES, directionality: DIRECTIONALITY };
