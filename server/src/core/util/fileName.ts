/** The file name of a document URI as shown in titles and symbol containers. Plain text: callers that show it where icons render apply `noIcons`. */
import { fileNameOf } from '../model/fileNames';
import { sanitizeControls } from './markdown';

export function logFileName(uri: string): string {
  const name = sanitizeControls(fileNameOf(uri));
  return name.length > 0 ? name : sanitizeControls(uri);
}
