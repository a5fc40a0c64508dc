/** The event (or connectivity direction) characters. English text = localisation key. */
const EVENTS: Readonly<Record<string, string>> = {
  '+': 'Connect: the session started.',
  '-': 'Disconnect: the session ended.',
  '>': 'Send: text this server sent to the remote side.',
  '<': 'Receive: text this server received from the remote side.',
  '*': 'Information: something the server noted about the session.',
};

export function eventMeaning(ev: string): string | undefined {
  return EVENTS[ev];
}

export function allEventMeanings(): string[] {
  return Object.values(EVENTS);
}
