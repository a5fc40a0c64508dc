/** What each header directive says, in the project's own words (English text = localisation key). */
const DIRECTIVES: Readonly<Record<string, string>> = {
  software: 'The program that wrote the log.',
  version: 'The version of the program that wrote the log.',
  'log-type': 'Which log this is; it decides what the columns mean.',
  date: 'When the log file was created, in UTC.',
  fields: 'The names of the columns, in order. Records after this line follow this list until the next #Fields.',
};

export function directiveMeaning(name: string): string | undefined {
  return DIRECTIVES[name.trim().toLowerCase()];
}

export function allDirectiveMeanings(): string[] {
  return Object.values(DIRECTIVES);
}
