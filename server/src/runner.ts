/** Error and cancellation safety for request handlers: no handler throws to the client. */
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

export type Logger = (message: string) => void;

export function runSafe<T>(log: Logger, name: string, token: CancellationToken | undefined, fallback: T, fn: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = fn();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (e) {
    const err = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
    log(`Error in ${name}: ${err}`);
    return fallback;
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
